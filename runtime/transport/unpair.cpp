// unpair.cpp — the deleting side of unpairing (the receiving side is Receiver::handle_unpair).
#include "runtime/transport/unpair.h"

#include "runtime/transport/paths.h"
#include "runtime/transport/signing.h"
#include "runtime/transport/wire.h"

namespace twinsync::transport {

Status request_unpair(const Peer& peer, const net::ClientOptions& options, Clock clock) {
  auto endpoint = net::parse_endpoint(peer.info.remote_url);
  if (!endpoint) return make_error("bad remote URL: " + endpoint.error().message, ErrorKind::Unreachable);
  auto client = net::make_http_client(*endpoint, options);
  if (!client) return make_error(client.error().message, ErrorKind::Unreachable);
  const std::string path = unpair_path(peer.info.remote_connection);
  net::HttpRequest request{"POST", path, {{"Content-Type", "application/json"}}, "{}"};
  if (Status s = sign_request(request, path, peer.secret, peer.info.role, clock()); !s) return s;
  const std::string nonce(request.header(kNonceHeader));
  auto response = (*client)->send(request);
  if (!response) return make_error("remote node unreachable: " + response.error().message, ErrorKind::Unreachable);
  if (response->status != 200) {
    return make_error("remote node answered " + std::to_string(response->status) + ": " +
                          describe_error_body(response->body),
                      ErrorKind::Refused);
  }
  if (Status s = verify_response(*response, nonce, peer.secret, other_role(peer.info.role), clock()); !s) {
    return make_error("remote node answered 200 but the answer is not trusted: " + s.error().message, ErrorKind::Untrusted);
  }
  return ok_status();
}

}  // namespace twinsync::transport
