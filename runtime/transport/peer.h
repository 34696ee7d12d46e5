// peer.h — what one side of a connection knows about the other node: where it listens, what it
// calls the connection, which side of the invitation each was, and the shared secret.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

/// Which side of the invitation a node was. Requests are signed with the sender's role so a
/// captured request can never be reflected back to its own sender as if the peer had sent it.
enum class Role { Initiator, Acceptor };

std::string_view role_name(Role role);
std::optional<Role> role_from_name(std::string_view name);
inline Role other_role(Role role) { return role == Role::Initiator ? Role::Acceptor : Role::Initiator; }

/// Everything about a peer except its secret: safe to list, log and show.
struct PeerInfo {
  std::string connection;         // this node's name for the connection
  std::string remote_connection;  // the peer's name for it (in the URLs this node calls)
  std::string remote_url;         // the peer node's base URL, e.g. "https://sync.green.example"
  Role role = Role::Initiator;    // this node's side of the invitation
  int64_t created_ms = 0;
};

/// A peer with the shared secret (32 bytes) both nodes derived from the invitation.
struct Peer {
  PeerInfo info;
  std::string secret;
};

/// Where the receiver and the sender look peers up (KeyStore in a node, fakes in tests).
/// Implementations are called from several threads at once.
class PeerSource {
 public:
  virtual ~PeerSource() = default;
  /// The peer of a connection, or nullopt when this node has no link for it.
  virtual Result<std::optional<Peer>> peer(const std::string& connection) = 0;
};

/// Connection names travel in URL paths and signature base strings: 1–64 of [A-Za-z0-9_.-].
Status check_connection_name(std::string_view name);

}  // namespace twinsync::transport
