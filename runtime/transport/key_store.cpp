// key_store.cpp — the transport_* schema, the master-key check, and the peer table. Sealed
// values carry their row's identifying columns as authenticated data: an attacker who can write
// the file but lacks the master key cannot point a connection's secret at another URL.
#include "runtime/transport/key_store.h"

#include "runtime/transport/crypto.h"
#include "runtime/transport/seal.h"

namespace twinsync::transport {

namespace {

constexpr std::string_view kSchema = R"sql(
CREATE TABLE IF NOT EXISTS transport_meta(
  name  TEXT PRIMARY KEY,
  value BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS transport_peers(
  connection        TEXT PRIMARY KEY,
  remote_connection TEXT NOT NULL,
  remote_url        TEXT NOT NULL,
  role              TEXT NOT NULL CHECK (role IN ('initiator', 'acceptor')),
  created_ms        INTEGER NOT NULL,
  sealed_secret     BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS transport_invitations(
  id                  TEXT PRIMARY KEY,
  connection          TEXT NOT NULL,
  base_url            TEXT NOT NULL,
  sealed_key          BLOB NOT NULL,
  created_ms          INTEGER NOT NULL,
  expires_ms          INTEGER NOT NULL,
  used_ms             INTEGER,
  acceptor_nonce      BLOB,
  initiator_nonce     BLOB,
  acceptor_connection TEXT,
  acceptor_url        TEXT);
)sql";

constexpr std::string_view kCheckPlaintext = "twinsync transport master key check v1";
constexpr std::string_view kCheckContext = "transport_meta.master_key_check";

std::string peer_context(const PeerInfo& p) {
  return "transport_peers.sealed_secret\n" + p.connection + "\n" + p.remote_connection + "\n" + p.remote_url +
         "\n" + std::string(role_name(p.role)) + "\n" + std::to_string(p.created_ms);
}

}  // namespace

KeyStore::KeyStore(sqlite::Database& db, std::string master_key) : db_(db), master_key_(std::move(master_key)) {}

KeyStore::~KeyStore() { wipe(master_key_); }

Result<std::unique_ptr<KeyStore>> KeyStore::open(sqlite::Database& db, std::string master_key) {
  if (master_key.size() != kSecretBytes) {
    wipe(master_key);
    return make_error("the master key must be 32 bytes", ErrorKind::MasterKey);
  }
  std::unique_ptr<KeyStore> store(new KeyStore(db, std::move(master_key)));
  if (Status s = db.exec(kSchema); !s) return s.error();
  if (Status s = store->prepare(); !s) return s.error();
  if (Status s = store->check_master_key(); !s) return s.error();
  return store;
}

Status KeyStore::prepare() {
  struct Entry {
    sqlite::Statement* st;
    std::string_view sql;
  };
  const Entry entries[] = {
      {&get_peer_,
       "SELECT connection, remote_connection, remote_url, role, created_ms, sealed_secret FROM transport_peers "
       "WHERE connection = ?1"},
      {&list_peers_,
       "SELECT connection, remote_connection, remote_url, role, created_ms FROM transport_peers ORDER BY connection"},
      {&put_peer_,
       "INSERT OR REPLACE INTO transport_peers(connection, remote_connection, remote_url, role, created_ms, "
       "sealed_secret) VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&delete_peer_, "DELETE FROM transport_peers WHERE connection = ?1"},
      {&get_invitation_,
       "SELECT id, connection, base_url, sealed_key, created_ms, expires_ms, used_ms, acceptor_nonce, "
       "initiator_nonce, acceptor_connection, acceptor_url FROM transport_invitations WHERE id = ?1"},
      {&put_invitation_,
       "INSERT INTO transport_invitations(id, connection, base_url, sealed_key, created_ms, expires_ms) "
       "VALUES (?1, ?2, ?3, ?4, ?5, ?6)"},
      {&redeem_invitation_,
       "UPDATE transport_invitations SET used_ms = ?2, acceptor_nonce = ?3, initiator_nonce = ?4, "
       "acceptor_connection = ?5, acceptor_url = ?6 WHERE id = ?1 AND used_ms IS NULL"},
      {&prune_invitations_, "DELETE FROM transport_invitations WHERE expires_ms < ?1"},
  };
  for (const Entry& e : entries) {
    auto st = db_.prepare(e.sql);
    if (!st) return st.error();
    *e.st = std::move(*st);
  }
  return ok_status();
}

Status KeyStore::check_master_key() {
  auto get = db_.prepare("SELECT value FROM transport_meta WHERE name = 'master_key_check'");
  if (!get) return get.error();
  auto row = get->step();
  if (!row) return row.error();
  if (*row) {
    const std::string sealed = get->blob(0);
    get->reset();
    auto opened = unseal(master_key_, sealed, kCheckContext);
    if (!opened || *opened != kCheckPlaintext) {
      return make_error("the master key does not open this store's transport secrets: it is not the key they were "
                        "sealed with",
                        ErrorKind::MasterKey);
    }
    return ok_status();
  }
  auto sealed = seal(master_key_, kCheckPlaintext, kCheckContext);
  if (!sealed) return sealed.error();
  auto put = db_.prepare("INSERT INTO transport_meta(name, value) VALUES ('master_key_check', ?1)");
  if (!put) return put.error();
  return put->bind(1, sqlite::Blob{*sealed}).run();
}

Result<std::optional<Peer>> KeyStore::peer(const std::string& connection) {
  std::lock_guard lock(mu_);
  get_peer_.bind(1, connection);
  auto row = get_peer_.step();
  if (!row) return row.error();
  if (!*row) return std::optional<Peer>();
  Peer p;
  p.info.connection = get_peer_.text(0);
  p.info.remote_connection = get_peer_.text(1);
  p.info.remote_url = get_peer_.text(2);
  p.info.role = role_from_name(get_peer_.text(3)).value_or(Role::Initiator);
  p.info.created_ms = get_peer_.int64(4);
  const std::string sealed = get_peer_.blob(5);
  get_peer_.reset();
  auto secret = unseal(master_key_, sealed, peer_context(p.info));
  if (!secret) return make_error("the secret of connection " + connection + ": " + secret.error().message, ErrorKind::Unseal);
  p.secret = std::move(*secret);
  return std::optional<Peer>(std::move(p));
}

Result<std::vector<PeerInfo>> KeyStore::peers() {
  std::lock_guard lock(mu_);
  list_peers_.reset();
  std::vector<PeerInfo> out;
  for (;;) {
    auto row = list_peers_.step();
    if (!row) return row.error();
    if (!*row) break;
    PeerInfo p{list_peers_.text(0), list_peers_.text(1), list_peers_.text(2),
               role_from_name(list_peers_.text(3)).value_or(Role::Initiator), list_peers_.int64(4)};
    out.push_back(std::move(p));
  }
  list_peers_.reset();
  return out;
}

Status KeyStore::put_peer(const Peer& peer) {
  std::lock_guard lock(mu_);
  return put_peer_locked(peer);
}

Status KeyStore::put_peer_locked(const Peer& peer) {
  if (Status s = check_connection_name(peer.info.connection); !s) return s;
  if (peer.secret.size() != kSecretBytes) return make_error("a connection secret must be 32 bytes", ErrorKind::Crypto);
  auto sealed = seal(master_key_, peer.secret, peer_context(peer.info));
  if (!sealed) return sealed.error();
  const PeerInfo& i = peer.info;
  return put_peer_.bind(1, i.connection)
      .bind(2, i.remote_connection)
      .bind(3, i.remote_url)
      .bind(4, role_name(i.role))
      .bind(5, i.created_ms)
      .bind(6, sqlite::Blob{*sealed})
      .run();
}

Status KeyStore::remove_peer(const std::string& connection) {
  std::lock_guard lock(mu_);
  return delete_peer_.bind(1, connection).run();
}

}  // namespace twinsync::transport
