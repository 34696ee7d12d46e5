// router.h — maps (method, path pattern) to handlers: "/rest/api/{v}/issue/{key}/comment".
// A `{name}` segment matches one path segment and is handed to the handler decoded.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "runtime/net/http.h"
#include "runtime/net/target.h"

namespace twinsync::net {

/// What a handler receives besides the request: the parsed target and the `{name}` captures.
struct RouteContext {
  const HttpRequest& request;
  const Target& target;
  std::map<std::string, std::string, std::less<>> captures;

  const std::string& capture(std::string_view name) const;
};

using RouteHandler = std::function<HttpResponse(const RouteContext&)>;

class Router {
 public:
  /// `status` is 400, 404 or 405; the tracker renders these in Jira's error shape.
  using ErrorRenderer = std::function<HttpResponse(int status, std::string message)>;

  explicit Router(ErrorRenderer errors) : errors_(std::move(errors)) {}

  void add(std::string method, std::string_view pattern, RouteHandler handler);
  /// 404 when no pattern matches the path, 405 (with Allow) when one does but not the method.
  HttpResponse dispatch(const HttpRequest& request) const;

 private:
  struct Route {
    std::string method;
    std::vector<std::string> segments;  // "{name}" marks a capture
    RouteHandler handler;
  };
  static bool match(const Route& route, const Target& target, RouteContext& ctx);

  ErrorRenderer errors_;
  std::vector<Route> routes_;
};

}  // namespace twinsync::net
