// node_transport.h — a node's links to remote nodes: its key store (a second connection to the
// store file, sealed under the master key), the invitation handshake, the receiver that takes
// signed event batches in, and one sender per remote connection. Connections joined in-process
// ("local:NODE/CONN") do not use it. See docs/transport.md for the protocol.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/sync/engine.h"
#include "runtime/transport/event_queue.h"
#include "runtime/transport/invitation.h"
#include "runtime/transport/key_store.h"
#include "runtime/transport/receiver.h"
#include "runtime/transport/sender.h"

namespace twinsync::node {

/// What the transport needs from the node: its engines by name, and a wake-up for the incoming side.
struct TransportHost {
  std::function<sync::ConnectionEngine*(const std::string&)> engine;  // null: no such remote connection
  std::function<void()> wake_incoming;
  std::function<std::string()> base_url;                              // where peers reach this node
  std::function<void(const std::string&)> log;
  /// The peer of a connection deleted its side and this node forgot the pairing (may be unset).
  std::function<void(const std::string&)> peer_unpaired;
};

/// What became of a connection's pairing when this node deleted its side.
struct UnpairOutcome {
  bool paired = false;  // it had a peer
  bool told = false;    // the peer acknowledged, signed, that it forgot the pairing too
  std::string peer;     // the peer as status shows it (no secret)
  std::string why;      // why the peer was not told
};

class NodeTransport {
 public:
  /// Opens the key store in `store_path` under `master_key` (32 bytes). `remote` lists the
  /// connections that talk to another node; a sender starts for each one already paired.
  /// `limits` bound what is sent and what is taken (both sides of a connection use the ones
  /// that agree with its attachment limit).
  static Result<std::unique_ptr<NodeTransport>> open(const std::string& store_path, std::string master_key,
                                                     std::vector<std::string> remote, TransportHost host,
                                                     transport::WireLimits limits = {},
                                                     transport::SenderOptions sender_options = {});
  ~NodeTransport();
  NodeTransport(const NodeTransport&) = delete;
  NodeTransport& operator=(const NodeTransport&) = delete;

  /// Requests under /twinsync/v1/: events from peers and invitation redemptions.
  net::HttpResponse handle(const net::HttpRequest& request);
  /// Initiator: a one-time code for `connection`, valid for `ttl`.
  Result<std::string> invite(const std::string& connection, std::chrono::seconds ttl);
  /// Acceptor: redeems a code for `connection` (default: the initiator's name) and starts sending.
  /// An existing pairing is never replaced silently: refused (kind "conflict") unless `replace`,
  /// and then `replaced` (when given) describes the pairing that went.
  Result<transport::PeerInfo> accept(const std::string& code, const std::string& connection, bool replace,
                                     std::string* replaced);
  /// This node deletes its side of `connection`: its sender stops, the peer is told (one signed
  /// request; a peer that cannot be reached is reported, not waited for) and the pairing's keys
  /// are removed here whatever the peer said.
  Result<UnpairOutcome> unpair(const std::string& connection);
  /// New outbox events on `connection`.
  void notify(const std::string& connection);
  /// true when `connection` has a peer and its sender runs (its outbox is expected to drain).
  bool sending(const std::string& connection);
  /// The sender's state for `connection` (nullopt: no sender runs for it).
  std::optional<transport::SenderStatus> sender_status(const std::string& connection);
  std::vector<transport::PeerInfo> peers();
  /// Whether `connection` is paired now (an error when the key store cannot say).
  Result<bool> paired(const std::string& connection);
  void stop();

 private:
  class Queue;
  NodeTransport(sqlite::Database db, TransportHost host, std::vector<std::string> remote,
                transport::SenderOptions sender_options);
  bool is_remote(const std::string& connection) const;
  /// Starts a sender for every remote connection that has a peer and none yet.
  void start_senders();
  void stop_sender(const std::string& connection);
  /// Stops the sender of `connection` and forgets its peer (the key store's row).
  Status forget(const std::string& connection);

  sqlite::Database db_;
  TransportHost host_;
  std::vector<std::string> remote_;
  transport::SenderOptions sender_options_;
  std::unique_ptr<transport::KeyStore> keys_;
  std::unique_ptr<Queue> queue_;
  std::unique_ptr<transport::Invitations> invitations_;
  std::unique_ptr<transport::Receiver> receiver_;
  std::mutex mu_;
  std::map<std::string, std::unique_ptr<transport::Sender>> senders_;
  bool stopped_ = false;
};

}  // namespace twinsync::node
