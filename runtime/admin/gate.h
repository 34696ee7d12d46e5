// gate.h — what every admin request must pass before a route sees it: a Host the node serves
// (so a DNS-rebinding page cannot reach it by another name), the node's admin token (compared
// in constant time), and a JSON body on anything that writes (so a cross-site form or
// text/plain POST cannot drive the node). The same checks whatever address the node listens
// on: a reverse proxy in front of `listen` gains nothing.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/net/http.h"

namespace twinsync::admin {

struct GateOptions {
  /// The admin token, read per request so a rotated secret applies at once.
  std::function<Result<std::string>()> token;
  /// Host names (no port, lower case) the node answers to besides IP literals and localhost:
  /// the host of its public URL and of `listen`.
  std::vector<std::string> host_names;
};

/// The refusal to send, or nullopt when the request may go on to the admin API.
std::optional<net::HttpResponse> refuse(const GateOptions& gate, const net::HttpRequest& request);

/// Whether a Host header names this node (IP literals and localhost always do): the console
/// checks it as the admin API does.
bool host_allowed(const GateOptions& gate, std::string_view host_header);

/// Whether `token` is the node's admin token, compared in constant time (as digests, so the time
/// says nothing of its length either). The console's login form checks the typed token with it.
bool token_equals(const GateOptions& gate, std::string_view token);

/// The host name of a Host header ("Example.com:8787" -> "example.com", "[::1]:80" -> "::1").
std::string host_name_of(std::string_view host_header);

}  // namespace twinsync::admin
