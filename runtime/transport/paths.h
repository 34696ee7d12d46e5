// paths.h — the node-to-node endpoints, in one place for the receiver, the sender, the
// invitation handshake, unpairing and the docs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twinsync::transport {

/// POST, signed: a batch of events for connection {name} (the receiver's name for it).
inline constexpr std::string_view kEventsPathPattern = "/twinsync/v1/connections/{name}/events";
/// POST, signed: the peer deleted its side of connection {name}; this side forgets the pairing.
inline constexpr std::string_view kUnpairPathPattern = "/twinsync/v1/connections/{name}/unpair";
/// POST, proven with the invitation's one-time key: the acceptor redeems an invitation.
inline constexpr std::string_view kInvitationAcceptPath = "/twinsync/v1/invitations/accept";

/// "/twinsync/v1/connections/" + connection + "/events".
std::string events_path(std::string_view connection);
/// The connection named by an events path (query ignored), or nullopt for any other target.
std::optional<std::string> connection_of_events_target(std::string_view target);
/// "/twinsync/v1/connections/" + connection + "/unpair".
std::string unpair_path(std::string_view connection);
/// The connection named by an unpair path (query ignored), or nullopt for any other target.
std::optional<std::string> connection_of_unpair_target(std::string_view target);

}  // namespace twinsync::transport
