// context.h — what the console's page handlers share: the request with its session, and the
// ways to answer (a page in the frame, a redirect with a notice, a JSON reply).
#pragma once

#include <map>
#include <string>

#include "compiler/support/result.h"
#include "runtime/console/html.h"
#include "runtime/console/session.h"
#include "runtime/net/http.h"
#include "runtime/net/router.h"

namespace twinsync::node {
class Node;
}

namespace twinsync::console {

/// One request of a logged-in operator.
struct Context {
  node::Node& node;
  const net::HttpRequest& http;
  SessionStore& sessions;
  std::string session_id;  // only to leave a notice for the next page; never shown
  Session session;
  std::string nonce;                         // the CSP nonce of this response
  std::map<std::string, std::string> form;   // a POST's form fields (decoded)

  std::string csrf() const { return session.csrf; }
  std::string field(const std::string& name) const {
    auto it = form.find(name);
    return it == form.end() ? std::string() : it->second;
  }
};

/// A page in the frame, with the session's pending notice if the page has none of its own.
net::HttpResponse page(Context& ctx, Page p, int status = 200);
/// 303 to `location` (a path of the console).
net::HttpResponse redirect(const std::string& location);
/// After a POST: a notice for the next page (`done_text`, or the failure's message) and a 303.
net::HttpResponse after_post(Context& ctx, const std::string& location, const Status& result,
                             const std::string& done_text);
/// A page saying what went wrong (404 for not_found, 400 otherwise), in the frame.
net::HttpResponse failure_page(Context& ctx, const Error& e);

/// application/x-www-form-urlencoded fields; empty on a malformed body.
std::map<std::string, std::string> parse_form(std::string_view body);

// The page groups; each adds its routes (GET pages and POST actions) under /console.
void add_connection_list(net::Router& r, Context& ctx);
void add_connection_page(net::Router& r, Context& ctx);
void add_error_pages(net::Router& r, Context& ctx);
void add_issue_page(net::Router& r, Context& ctx);
void add_stats_page(net::Router& r, Context& ctx);
/// The fetch endpoints under /console/api/: answered by the admin API's own routes.
void add_api(net::Router& r, Context& ctx);

}  // namespace twinsync::console
