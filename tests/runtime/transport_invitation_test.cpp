// Pairing two nodes over loopback HTTP: both sides derive the same secret and can then exchange
// events; a code works once, expires, and a wrong key is refused; no secret reaches a log line,
// an error message or the store files.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <iterator>

#include "compiler/support/encoding.h"
#include "runtime/net/http_server.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/transport/handshake.h"
#include "runtime/transport/invitation.h"
#include "runtime/transport/invitation_code.h"
#include "runtime/transport/paths.h"
#include "runtime/transport/receiver.h"
#include "runtime/transport/sender.h"
#include "runtime/transport/signing.h"
#include "tests/support/temp_dir.h"
#include "tests/support/transport_fakes.h"

namespace {

using namespace twinsync::transport;
using twinsync::base64_encode;
using twinsync::base64url_encode;
using twinsync::hex_encode;
using namespace std::chrono_literals;
using twinsync::net::HttpRequest;
using twinsync::net::HttpResponse;
using twinsync::net::HttpServer;
using twinsync::sqlite::Database;
using twinsync::testkit::eventually;
using twinsync::testkit::make_event;
using twinsync::testkit::MemoryQueue;
using twinsync::testkit::TempDir;

constexpr int64_t kStart = 1'700'000'000'000;

// One node: its store file, key store, invitations and receiver, served over HTTP.
struct Node {
  Node(const TempDir& dir, const std::string& name, std::vector<std::string>& log, int64_t& now) {
    db_path = dir.file(name + ".db");
    db = std::make_unique<Database>(Database::open(db_path).value());
    keys = KeyStore::open(*db, std::string(32, name[0])).value();
    InvitationOptions io;
    io.clock = [&now] { return now; };
    io.log = [&log](std::string_view line) { log.emplace_back(line); };
    io.accept_retry_pause = 10ms;
    invitations = std::make_unique<Invitations>(*keys, io);
    ReceiverOptions ro;
    ro.clock = io.clock;
    ro.log = io.log;
    receiver = std::make_unique<Receiver>(*keys, queue, ro);
    auto s = HttpServer::start({}, [this](const HttpRequest& r) {
      if (r.target == kInvitationAcceptPath) return invitations->handle(r);
      return receiver->handle(r);
    });
    server = std::move(*s);
    url = "http://127.0.0.1:" + std::to_string(server->port());
  }

  std::string db_path, url;
  std::unique_ptr<Database> db;
  std::unique_ptr<KeyStore> keys;
  std::unique_ptr<Invitations> invitations;
  MemoryQueue queue;
  std::unique_ptr<Receiver> receiver;
  std::unique_ptr<HttpServer> server;
};

class TransportInvitation : public ::testing::Test {
 protected:
  TempDir dir_;
  std::vector<std::string> log_;
  int64_t blue_now_ = kStart, green_now_ = kStart;
  Node blue_{dir_, "blue", log_, blue_now_};
  Node green_{dir_, "green", log_, green_now_};

  std::string invite(std::chrono::seconds ttl = 1h) {
    auto code = blue_.invitations->create("blue_to_green", blue_.url, ttl);
    EXPECT_TRUE(code) << code.error().message;
    return code ? *code : "";
  }
};

TEST_F(TransportInvitation, BothSidesDeriveTheSameSecretAndCanTalk) {
  const std::string code = invite();
  EXPECT_EQ(code.find_first_of(" \n\t"), std::string::npos) << "one line, copy-pasteable";
  EXPECT_EQ(code.rfind("tsi1.", 0), 0u);
  auto accepted = green_.invitations->accept(code, green_.url, "green_from_blue");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->remote_connection, "blue_to_green");
  EXPECT_EQ(accepted->remote_url, blue_.url);

  auto b = blue_.keys->peer("blue_to_green");
  auto g = green_.keys->peer("green_from_blue");
  ASSERT_TRUE(b && *b && g && *g);
  EXPECT_EQ((*b)->secret, (*g)->secret);
  EXPECT_EQ((*b)->secret.size(), 32u);
  EXPECT_EQ((*b)->info.role, Role::Initiator);
  EXPECT_EQ((*g)->info.role, Role::Acceptor);
  EXPECT_EQ((*b)->info.remote_connection, "green_from_blue");
  EXPECT_EQ((*b)->info.remote_url, green_.url);

  // Events flow both ways under the derived secret.
  SenderOptions so;
  so.clock = [this] { return blue_now_; };
  blue_.queue.enqueue("blue_to_green", make_event("BLUE-1", 1));
  green_.queue.enqueue("green_from_blue", make_event("GREEN-7", 1));
  Sender to_green("blue_to_green", *blue_.keys, blue_.queue, so);
  Sender to_blue("green_from_blue", *green_.keys, green_.queue, so);
  to_green.start();
  to_blue.start();
  EXPECT_TRUE(eventually([&] { return green_.queue.inbox("green_from_blue").size() == 1; }));
  EXPECT_TRUE(eventually([&] { return blue_.queue.inbox("blue_to_green").size() == 1; }));
  EXPECT_TRUE(eventually([&] { return blue_.queue.delivered_count() == 1 && green_.queue.delivered_count() == 1; }));
}

TEST_F(TransportInvitation, ACodePastedWithTheLineAroundItIsTheSameCode) {
  const std::string code = invite();
  auto parsed = parse_invitation_code("  " + code + "\r\n");
  ASSERT_TRUE(parsed) << parsed.error().message;
  auto accepted = green_.invitations->accept("\t" + code + "\n", green_.url, "green_from_blue");
  ASSERT_TRUE(accepted) << accepted.error().message;
  EXPECT_EQ(accepted->remote_connection, "blue_to_green");
}

TEST_F(TransportInvitation, ACodeWorksOnce) {
  const std::string code = invite();
  ASSERT_TRUE(green_.invitations->accept(code, green_.url));
  auto again = green_.invitations->accept(code, green_.url);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().kind, twinsync::ErrorKind::InvitationUsed);
  EXPECT_NE(again.error().message.find("already used"), std::string::npos);
}

TEST_F(TransportInvitation, AnExpiredCodeIsRefusedOnBothSides) {
  const std::string code = invite(60s);
  green_now_ = kStart + 61'000;  // the acceptor sees the expiry in the code itself
  auto late = green_.invitations->accept(code, green_.url);
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().kind, twinsync::ErrorKind::InvitationExpired);
  EXPECT_NE(late.error().message.find("expired at 2023-11-14T22:14:20Z"), std::string::npos) << late.error().message;

  green_now_ = kStart;  // an acceptor whose clock is behind is still refused by the initiator
  blue_now_ = kStart + 61'000;
  auto refused = green_.invitations->accept(code, green_.url);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().kind, twinsync::ErrorKind::InvitationExpired);
  EXPECT_FALSE(*green_.keys->peer("blue_to_green"));
}

TEST_F(TransportInvitation, AWrongKeyIsRefused) {
  auto code = parse_invitation_code(invite());
  ASSERT_TRUE(code);
  code->key[0] ^= 1;
  auto wrong = green_.invitations->accept(encode_invitation_code(*code), green_.url);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().kind, twinsync::ErrorKind::InvitationKey);
  EXPECT_NE(wrong.error().message.find("wrong or was altered"), std::string::npos);
  EXPECT_FALSE(*blue_.keys->peer("blue_to_green")) << "a refused attempt does not use the invitation up";
  code->key[0] ^= 1;
  EXPECT_TRUE(green_.invitations->accept(encode_invitation_code(*code), green_.url));
}

TEST_F(TransportInvitation, GarbledCodesAreRefusedWithoutBeingQuoted) {
  const std::string code = invite();
  for (const std::string& bad : {std::string("hello"), code.substr(0, code.size() / 2), "tsi1." + code.substr(6),
                                 code + "x"}) {
    auto r = green_.invitations->accept(bad, green_.url);
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().kind, twinsync::ErrorKind::BadCode);
    EXPECT_EQ(r.error().message.find(bad), std::string::npos);
  }
  auto unknown = parse_invitation_code(code);
  unknown->id = "AAAAAAAAAAAAAAAAAAAAAA";
  auto r = green_.invitations->accept(encode_invitation_code(*unknown), green_.url);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, twinsync::ErrorKind::InvitationUnknown);
}

TEST_F(TransportInvitation, AnAcceptorWhoseAnswerWasLostGetsTheSameAnswerAgain) {
  auto code = parse_invitation_code(invite());
  ASSERT_TRUE(code);
  const std::string nonce(32, 'n');
  const nlohmann::json body = {{"invitation", code->id},
                               {"connection", "green"},
                               {"url", green_.url},
                               {"nonce", base64url_encode(nonce)},
                               {"proof", base64url_encode(acceptor_proof(code->key, code->id, "green", green_.url, nonce))}};
  const HttpRequest req{"POST", std::string(kInvitationAcceptPath), {}, body.dump()};
  HttpResponse first = blue_.invitations->handle(req);
  ASSERT_EQ(first.status, 200) << first.body;
  HttpResponse repeat = blue_.invitations->handle(req);
  EXPECT_EQ(repeat.status, 200);
  EXPECT_EQ(repeat.body, first.body);
  nlohmann::json other = body;
  const std::string nonce2(32, 'm');
  other["nonce"] = base64url_encode(nonce2);
  other["proof"] = base64url_encode(acceptor_proof(code->key, code->id, "green", green_.url, nonce2));
  EXPECT_EQ(blue_.invitations->handle({"POST", std::string(kInvitationAcceptPath), {}, other.dump()}).status, 409);
  EXPECT_EQ(blue_.invitations->handle({"POST", std::string(kInvitationAcceptPath), {}, "{\"x\":1}"}).status, 400);
  EXPECT_EQ(blue_.invitations->handle({"GET", std::string(kInvitationAcceptPath), {}, ""}).status, 405);
}

TEST_F(TransportInvitation, CreateRefusesBadInput) {
  EXPECT_FALSE(blue_.invitations->create("bad name", blue_.url, 1h));
  EXPECT_FALSE(blue_.invitations->create("blue", "ftp://x", 1h));
  EXPECT_FALSE(blue_.invitations->create("blue", blue_.url, 0s));
  EXPECT_FALSE(blue_.invitations->create("blue", blue_.url, std::chrono::hours(24 * 30)));
}

TEST_F(TransportInvitation, NoSecretInLogsErrorsOrStoreFiles) {
  const std::string code_text = invite();
  auto code = parse_invitation_code(code_text);
  ASSERT_TRUE(code);
  std::vector<std::string> errors;
  auto wrong = *code;
  wrong.key[5] ^= 1;
  errors.push_back(green_.invitations->accept(encode_invitation_code(wrong), green_.url).error().message);
  ASSERT_TRUE(green_.invitations->accept(code_text, green_.url));
  errors.push_back(green_.invitations->accept(code_text, green_.url).error().message);
  const std::string secret = (*blue_.keys->peer("blue_to_green"))->secret;

  // Refused requests under the real secret and a forged one, through the receiver's log.
  HttpRequest forged{"POST", events_path("blue_to_green"), {}, "{\"events\":[]}"};
  ASSERT_TRUE(sign_request(forged, events_path("blue_to_green"), secret, Role::Acceptor, kStart - 3'600'000));
  errors.push_back(blue_.receiver->handle(forged).body);
  forged.headers.clear();
  ASSERT_TRUE(sign_request(forged, events_path("blue_to_green"), std::string(32, 'f'), Role::Acceptor, kStart));
  errors.push_back(blue_.receiver->handle(forged).body);

  std::vector<std::string> forbidden;
  for (const std::string& s : {secret, code->key}) {
    for (const std::string& f : {s, hex_encode(s), base64_encode(s), base64url_encode(s)}) forbidden.push_back(f);
  }
  forbidden.push_back(code_text);
  ASSERT_GE(log_.size(), 4u);
  for (const std::string& f : forbidden) {
    for (const std::string& line : log_) EXPECT_EQ(line.find(f), std::string::npos) << line;
    for (const std::string& e : errors) EXPECT_EQ(e.find(f), std::string::npos) << e;
    for (const Node* n : {&blue_, &green_}) {
      const std::string bytes = [&] {
        std::string all;
        for (const std::string& p : {n->db_path, n->db_path + "-wal"}) {
          std::ifstream in(p, std::ios::binary);
          all.append(std::istreambuf_iterator<char>(in), {});
        }
        return all;
      }();
      ASSERT_NE(bytes.find("blue_to_green"), std::string::npos);
      EXPECT_EQ(bytes.find(f), std::string::npos) << "in " << n->db_path;
    }
  }
}

}  // namespace
