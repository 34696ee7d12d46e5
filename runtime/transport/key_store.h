// key_store.h — the transport's secrets in the node's SQLite store: the shared secret of each
// connection's peer and the pending invitations, sealed with AES-256-GCM under the node master
// key (seal.h). Creates its own transport_* tables; the node's migrations do not cover them.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/transport/peer.h"

namespace twinsync::transport {

/// An invitation this node (the initiator) issued. After it is redeemed, the acceptor's nonce
/// and the answer are kept so that an acceptor retrying after a lost answer gets the same one.
struct PendingInvitation {
  std::string id;          // public: travels in the code and the accept request
  std::string connection;  // the initiator's connection
  std::string base_url;    // the initiator's URL, as put in the code
  std::string key;         // the one-time key (32 bytes); sealed at rest
  int64_t created_ms = 0;
  int64_t expires_ms = 0;
  std::optional<int64_t> used_ms;
  std::string acceptor_nonce;   // set once redeemed
  std::string initiator_nonce;  // set once redeemed
  std::string acceptor_connection;
  std::string acceptor_url;
};

/// Every method takes an internal lock: one KeyStore may serve the receiver's threads, the
/// sender workers and the admin API at once. The Database must not be used by other threads
/// meanwhile (connections are opened without SQLite's own mutex); giving the KeyStore its own
/// connection to the node's store file is the simple way.
class KeyStore final : public PeerSource {
 public:
  /// Creates the tables if needed and checks the master key against the store: a key other
  /// than the one its secrets were sealed with is refused (kind "master_key") up front.
  static Result<std::unique_ptr<KeyStore>> open(sqlite::Database& db, std::string master_key);
  ~KeyStore() override;

  Result<std::optional<Peer>> peer(const std::string& connection) override;
  /// Every peer without its secret, by connection name.
  Result<std::vector<PeerInfo>> peers();
  /// Inserts or replaces the peer of `peer.info.connection`.
  Status put_peer(const Peer& peer);
  Status remove_peer(const std::string& connection);

  Status put_invitation(const PendingInvitation& invitation);
  Result<std::optional<PendingInvitation>> invitation(const std::string& id);
  /// In one transaction: records the redemption (used_ms, nonces, acceptor) of an invitation
  /// that was still unused, and stores the peer it created. Kind "invitation_used" when another
  /// redemption came first.
  Status redeem_invitation(const PendingInvitation& redeemed, const Peer& peer);
  /// Deletes invitations that expired before `before_ms`, used or not; returns how many.
  Result<int> prune_invitations(int64_t before_ms);

 private:
  KeyStore(sqlite::Database& db, std::string master_key);
  Status prepare();
  Status check_master_key();
  Status put_peer_locked(const Peer& peer);

  sqlite::Database& db_;
  std::string master_key_;
  std::mutex mu_;
  sqlite::Statement get_peer_, list_peers_, put_peer_, delete_peer_;
  sqlite::Statement get_invitation_, put_invitation_, redeem_invitation_, prune_invitations_;
};

}  // namespace twinsync::transport
