// call.h — one API request as a route handler sees it: the route captures and query, the
// authenticated user, the REST version (2 or 3), the parsed JSON body, and the shared state.
#pragma once

#include <optional>
#include <string>

#include "runtime/net/router.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/render.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

struct Call {
  const net::RouteContext& route;
  TrackerState& s;
  // A copy: an admin change reloads the catalog, which would leave a pointer dangling.
  std::optional<User> user;  // empty only on anonymous routes
  int v = 2;

  const net::HttpRequest& request() const { return route.request; }
  const std::string& capture(std::string_view name) const { return route.capture(name); }
  std::optional<std::string> param(std::string_view name) const { return route.target.param(name); }
  /// An integer query parameter; 400 when present but not a number.
  std::int64_t int_param(std::string_view name, std::int64_t fallback) const;
  /// The project whose key the path's `capture` holds; 404 in Jira's words when there is none.
  const Project& project_in_path(std::string_view capture) const;
  /// The JSON body: 415 unless JSON, 400 on bad UTF-8 or malformed JSON, `{}` when empty.
  Json body() const;
  Renderer renderer() const { return Renderer(s.catalog, s.base_url, v); }
  const User& actor() const { return *user; }
};

}  // namespace twinsync::tracker
