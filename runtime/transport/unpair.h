// unpair.h — telling the peer that this node deleted its side of a connection: one signed
// request, answered with a signed acknowledgement, so neither side forgets the pairing on an
// outsider's word.
#pragma once

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/peer.h"

namespace twinsync::transport {

/// POSTs the unpair request to `peer` and checks its signed answer. Errors: kind "unreachable"
/// (no answer), "refused" (an answer other than 200, with the peer's reason), "untrusted" (an
/// answer whose signature does not hold).
Status request_unpair(const Peer& peer, const net::ClientOptions& client, Clock clock = system_now_ms);

}  // namespace twinsync::transport
