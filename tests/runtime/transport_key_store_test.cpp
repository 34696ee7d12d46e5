// Secrets at rest: the key store seals what it stores, refuses the wrong master key and rows
// altered behind its back, and the store file never holds a secret in clear; the master key is
// read from the environment or from a file only its owner can read.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdlib>
#include <fstream>
#include <iterator>

#include "compiler/support/encoding.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/transport/key_store.h"
#include "runtime/transport/master_key.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace twinsync::transport;
using twinsync::base64_encode;
using twinsync::base64url_encode;
using twinsync::hex_encode;
using twinsync::sqlite::Database;
using twinsync::testkit::TempDir;

const std::string kMaster(32, 'M');

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every form a secret could take in a file or a message.
std::vector<std::string> forms_of(const std::string& secret) {
  return {secret, hex_encode(secret), base64_encode(secret), base64url_encode(secret)};
}

Peer sample_peer(const std::string& connection = "blue") {
  std::string secret(32, '\0');
  for (int i = 0; i < 32; ++i) secret[i] = static_cast<char>(0xA0 + i);
  return Peer{{connection, "green", "https://green.example", Role::Initiator, 1234}, secret};
}

TEST(TransportKeyStore, StoresPeersSealed) {
  TempDir dir;
  const std::string path = dir.file("node.db");
  auto db = Database::open(path);
  ASSERT_TRUE(db);
  auto store = KeyStore::open(*db, kMaster);
  ASSERT_TRUE(store) << store.error().message;
  const Peer peer = sample_peer();
  ASSERT_TRUE((*store)->put_peer(peer));
  auto back = (*store)->peer("blue");
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->secret, peer.secret);
  EXPECT_EQ((*back)->info.remote_url, "https://green.example");
  EXPECT_EQ((*back)->info.role, Role::Initiator);
  EXPECT_FALSE(*(*store)->peer("nosuch"));
  auto list = (*store)->peers();
  ASSERT_TRUE(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].remote_connection, "green");

  PendingInvitation inv;
  inv.id = "AAAAAAAAAAAAAAAAAAAAAA";
  inv.connection = "blue";
  inv.base_url = "https://blue.example";
  inv.key = std::string(32, '\x7f');
  inv.expires_ms = 99;
  ASSERT_TRUE((*store)->put_invitation(inv));

  const std::string bytes = file_bytes(path) + file_bytes(path + "-wal");
  ASSERT_NE(bytes.find("https://green.example"), std::string::npos) << "the test reads the right files";
  for (const std::string& secret : {peer.secret, inv.key, kMaster}) {
    for (const std::string& form : forms_of(secret)) {
      EXPECT_EQ(bytes.find(form), std::string::npos) << "a secret in clear in the store: " << hex_encode(form);
    }
  }
}

TEST(TransportKeyStore, RefusesAnotherMasterKey) {
  TempDir dir;
  auto db = Database::open(dir.file("node.db"));
  ASSERT_TRUE(db);
  ASSERT_TRUE(KeyStore::open(*db, kMaster));
  auto wrong = KeyStore::open(*db, std::string(32, 'W'));
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, twinsync::ErrorKind::MasterKey);
  EXPECT_NE(wrong.error().message.find("not the key"), std::string::npos);
  EXPECT_FALSE(KeyStore::open(*db, "short"));
}

TEST(TransportKeyStore, ARowAlteredBehindItsBackDoesNotOpen) {
  TempDir dir;
  auto db = Database::open(dir.file("node.db"));
  ASSERT_TRUE(db);
  auto store = KeyStore::open(*db, kMaster);
  ASSERT_TRUE(store);
  ASSERT_TRUE((*store)->put_peer(sample_peer()));
  // Someone with write access to the file but not the key points the connection elsewhere.
  ASSERT_TRUE(db->exec("UPDATE transport_peers SET remote_url = 'https://evil.example'"));
  auto redirected = (*store)->peer("blue");
  ASSERT_FALSE(redirected);
  EXPECT_EQ(redirected.error().kind, twinsync::ErrorKind::Unseal);
  EXPECT_EQ(redirected.error().message.find(sample_peer().secret), std::string::npos);
}

TEST(TransportKeyStore, RedeemsAnInvitationOnce) {
  TempDir dir;
  auto db = Database::open(dir.file("node.db"));
  ASSERT_TRUE(db);
  auto store = KeyStore::open(*db, kMaster);
  ASSERT_TRUE(store);
  PendingInvitation inv;
  inv.id = "BBBBBBBBBBBBBBBBBBBBBB";
  inv.connection = "blue";
  inv.base_url = "https://blue.example";
  inv.key = std::string(32, 'k');
  inv.created_ms = 10;
  inv.expires_ms = 1000;
  ASSERT_TRUE((*store)->put_invitation(inv));
  auto back = (*store)->invitation(inv.id);
  ASSERT_TRUE(back && *back);
  EXPECT_EQ((*back)->key, inv.key);
  EXPECT_FALSE((*back)->used_ms);

  inv.used_ms = 20;
  inv.acceptor_nonce = std::string(32, 'a');
  inv.initiator_nonce = std::string(32, 'i');
  inv.acceptor_connection = "green";
  inv.acceptor_url = "https://green.example";
  ASSERT_TRUE((*store)->redeem_invitation(inv, sample_peer()));
  auto second = (*store)->redeem_invitation(inv, sample_peer("other"));
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().kind, twinsync::ErrorKind::InvitationUsed);
  EXPECT_FALSE(*(*store)->peer("other")) << "the losing redemption stored nothing";
  back = (*store)->invitation(inv.id);
  EXPECT_EQ((*back)->used_ms, 20);
  EXPECT_EQ((*back)->acceptor_nonce, inv.acceptor_nonce);
  EXPECT_EQ((*store)->prune_invitations(1001).value(), 1);
  EXPECT_FALSE(*(*store)->invitation(inv.id));
}

TEST(TransportMasterKey, ReadsHexBase64AndRawKeyFiles) {
  TempDir dir;
  const std::string key(32, '\x42');
  const std::vector<std::string> contents = {hex_encode(key) + "\n", "  " + base64_encode(key) + "\r\n", key};
  for (const std::string& text : contents) {
    const std::string path = dir.file("master.key");
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    auto loaded = load_master_key(path);
    ASSERT_TRUE(loaded) << loaded.error().message;
    EXPECT_EQ(*loaded, key);
  }
}

TEST(TransportMasterKey, RefusesAFileOthersCanRead) {
  TempDir dir;
  const std::string path = dir.file("master.key");
  const std::string text = hex_encode(std::string(32, '\x42'));
  std::ofstream(path) << text;
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto loaded = load_master_key(path);
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().kind, twinsync::ErrorKind::MasterKey);
  EXPECT_NE(loaded.error().message.find("mode 0644"), std::string::npos) << loaded.error().message;
  EXPECT_NE(loaded.error().message.find("chmod 600"), std::string::npos);
  EXPECT_EQ(loaded.error().message.find(text), std::string::npos);
  ASSERT_EQ(::chmod(path.c_str(), 0640), 0);
  EXPECT_FALSE(load_master_key(path));
  EXPECT_FALSE(load_master_key(dir.file("missing.key")));
  EXPECT_FALSE(load_master_key(dir.path().string())) << "a directory is not a key file";
}

TEST(TransportMasterKey, ReadsTheEnvironmentAndNeverEchoesIt) {
  const std::string key(32, '\x11');
  ::setenv("TWINSYNC_TEST_MASTER_KEY", hex_encode(key).c_str(), 1);
  auto loaded = load_master_key("env:TWINSYNC_TEST_MASTER_KEY");
  ASSERT_TRUE(loaded) << loaded.error().message;
  EXPECT_EQ(*loaded, key);
  ::setenv("TWINSYNC_TEST_MASTER_KEY", "too-short-secret-value", 1);
  auto bad = load_master_key("env:TWINSYNC_TEST_MASTER_KEY");
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().message.find("too-short-secret-value"), std::string::npos);
  ::unsetenv("TWINSYNC_TEST_MASTER_KEY");
  auto unset = load_master_key("env:TWINSYNC_TEST_MASTER_KEY");
  ASSERT_FALSE(unset);
  EXPECT_NE(unset.error().message.find("not set"), std::string::npos);
  auto fresh = generate_master_key_text();
  ASSERT_TRUE(fresh);
  EXPECT_EQ(fresh->size(), 64u);
}

}  // namespace
