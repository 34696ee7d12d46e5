// client_options.cpp — the node-to-node client defaults.
#include "runtime/transport/client_options.h"

namespace twinsync::transport {

net::ClientOptions transport_client_options() {
  net::ClientOptions o;
  o.connect_timeout = std::chrono::seconds(5);
  o.request_timeout = std::chrono::seconds(15);
  o.max_response_bytes = 1024 * 1024;
  o.user_agent = "twinsync-transport";
  return o;
}

}  // namespace twinsync::transport
