// client_options.h — HTTP client settings for node-to-node calls (events and invitations).
#pragma once

#include "runtime/net/http.h"

namespace twinsync::transport {

/// Short timeouts (a peer that hangs is retried later, and stop() is not held up for long) and
/// a 1 MiB answer limit (answers are acknowledgements, never payloads).
net::ClientOptions transport_client_options();

}  // namespace twinsync::transport
