// router.cpp — pattern matching over decoded path segments, first registered route wins.
#include "runtime/net/router.h"

namespace twinsync::net {

const std::string& RouteContext::capture(std::string_view name) const {
  static const std::string empty;
  auto it = captures.find(name);
  return it == captures.end() ? empty : it->second;
}

void Router::add(std::string method, std::string_view pattern, RouteHandler handler) {
  Route r{std::move(method), {}, std::move(handler)};
  size_t pos = 0;
  while (pos < pattern.size()) {
    size_t next = pattern.find('/', pos);
    if (next == std::string_view::npos) next = pattern.size();
    if (next > pos) r.segments.emplace_back(pattern.substr(pos, next - pos));
    pos = next + 1;
  }
  routes_.push_back(std::move(r));
}

bool Router::match(const Route& route, const Target& target, RouteContext& ctx) {
  if (route.segments.size() != target.segments.size()) return false;
  ctx.captures.clear();
  for (size_t i = 0; i < route.segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (want.size() > 2 && want.front() == '{' && want.back() == '}') {
      ctx.captures[want.substr(1, want.size() - 2)] = target.segments[i];
    } else if (want != target.segments[i]) {
      return false;
    }
  }
  return true;
}

HttpResponse Router::dispatch(const HttpRequest& request) const {
  auto target = parse_target(request.target);
  if (!target) return errors_(400, target.error().message);
  RouteContext ctx{request, *target, {}};
  std::string allow;
  for (const Route& r : routes_) {
    if (!match(r, *target, ctx)) continue;
    if (r.method == request.method) return r.handler(ctx);
    if (allow.find(r.method) == std::string::npos) allow += (allow.empty() ? "" : ", ") + r.method;
  }
  if (allow.empty()) return errors_(404, "no resource at " + target->path);
  HttpResponse res = errors_(405, "method " + request.method + " is not allowed here");
  res.headers.emplace_back("Allow", allow);
  return res;
}

}  // namespace twinsync::net
