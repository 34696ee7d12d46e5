// console.h — the operator's web console, served by the node on its `listen` address under
// /console: server-rendered pages over the same node operations the admin API's JSON routes
// call. Login exchanges the admin token, typed once, for a session cookie (session.h); every
// state-changing request carries the session's CSRF token (csrf.h); every response carries a
// strict Content-Security-Policy with a fresh nonce for the page's own inline script and style.
// docs/security.md ("The console") has the whole model.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>

#include "runtime/admin/gate.h"
#include "runtime/console/login_limit.h"
#include "runtime/console/session.h"
#include "runtime/net/http.h"

namespace twinsync::node {
class Node;
}

namespace twinsync::console {

struct ConsoleOptions {
  /// The admin API's gate, asked per request: the Host names the node answers to, its admin token.
  std::function<admin::GateOptions()> gate;
  /// Cookies marked Secure (and named __Host-…): set when the node is reached over TLS (its
  /// public URL is https, a TLS proxy in front).
  bool secure_cookie = false;
  SessionLimits sessions;
  std::function<int64_t()> now_ms;  // the wall clock unless a test sets it
};

class Console {
 public:
  Console(node::Node& node, ConsoleOptions options);
  /// Any request whose path is /console or under it.
  net::HttpResponse handle(const net::HttpRequest& request);
  /// The name of the session cookie ("__Host-twinsync_console" when Secure).
  std::string cookie_name() const;

 private:
  net::HttpResponse route(const net::HttpRequest& request, const std::string& nonce);
  int64_t now() const;

  node::Node& node_;
  ConsoleOptions options_;
  SessionStore sessions_;
  LoginLimiter login_limit_;
};

}  // namespace twinsync::console
