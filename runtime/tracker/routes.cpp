// routes.cpp — the route wrapper shared by every resource, and request-body parsing.
#include "runtime/tracker/routes.h"

#include <algorithm>

#include "compiler/support/json_depth.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

std::int64_t Call::int_param(std::string_view name, std::int64_t fallback) const {
  auto p = param(name);
  if (!p || p->empty()) return fallback;
  auto v = parse_id(*p);
  if (!v) fail(400, "The value '" + *p + "' is not valid for the parameter '" + std::string(name) + "'.");
  return *v;
}

const Project& Call::project_in_path(std::string_view capture_name) const {
  const std::string& key = capture(capture_name);
  const Project* p = s.catalog.project_by_key(key);
  if (!p) fail(404, "No project could be found with key '" + key + "'.");
  return *p;
}

Json Call::body() const {
  const std::string& text = request().body;
  const std::string_view type = request().header("Content-Type");
  if (text.empty()) return Json::object();
  if (!type.empty() && type.find("json") == std::string_view::npos) {
    fail(415, "Unsupported Media Type: send the body as application/json");
  }
  if (!valid_utf8(text)) fail(400, "The request body is not valid UTF-8.");
  if (json_depth(text) > kMaxJsonDepth) {
    fail(400, "The request body nests arrays and objects more than " + std::to_string(kMaxJsonDepth) +
                  " levels deep.");
  }
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded()) fail(400, "Unexpected character in the request body: it is not valid JSON.");
  return j;
}

namespace {

// Authenticates, rate-limits, locks and runs one route; errors become Jira's error bodies.
net::HttpResponse answer(TrackerState& s, const net::RouteContext& rc, const CallHandler& handler, Access access,
                         std::string& account) {
  try {
    // Percent-decoding can make any bytes; names, keys and JQL are UTF-8 everywhere else.
    if (!valid_utf8(rc.target.path) || !std::all_of(rc.target.query.begin(), rc.target.query.end(), [](const auto& q) {
          return valid_utf8(q.first) && valid_utf8(q.second);
        })) {
      fail(400, "The request URL is not valid UTF-8 once percent-decoded.");
    }
    Call call{rc, s, std::nullopt, 2};
    const std::string& v = rc.capture("v");
    if (!v.empty() && v != "latest") {
      if (v != "2" && v != "3") fail(404, "No API version " + v + " (this tracker speaks 2 and 3)");
      call.v = v == "3" ? 3 : 2;
    }
    if (auto wait = s.limiter.take()) {
      auto res = jira_error_response(429, {"Rate limit exceeded."});
      res.headers.emplace_back("Retry-After", std::to_string(*wait));
      res.headers.emplace_back("X-RateLimit-Limit", std::to_string(static_cast<int>(s.limiter.rate())));
      res.headers.emplace_back("X-RateLimit-Remaining", "0");
      return res;
    }
    std::lock_guard lock(s.mu);
    if (const User* u = authenticate(s, rc.request)) call.user = *u, account = u->name;
    if (access != Access::Anonymous && !call.user) {
      auto res = jira_error_response(401, {"You are not authenticated. Authentication required to perform this operation."});
      res.headers.emplace_back("WWW-Authenticate", "Basic realm=\"twinsync tracker\"");
      return res;
    }
    if (access == Access::Admin && !call.user->admin) {
      return jira_error_response(403, {"You must be a tracker administrator to do this."});
    }
    return handler(call);
  } catch (const ApiError& e) {
    return jira_error_response(e.status, e.messages, e.errors);
  } catch (const Json::exception& e) {
    // A JSON value of an unexpected type reached a handler: the request was malformed.
    return jira_error_response(400, {std::string("Malformed request: ") + e.what()});
  } catch (const std::exception&) {
    // Nothing else may leave the tracker as an exception; this is a bug, shown as Jira's 500
    // without its text (which may carry data of the request).
    return jira_error_response(500, {"Internal error."});
  }
}

}  // namespace

void add_route(net::Router& router, TrackerState& s, std::string method, std::string_view pattern,
               CallHandler handler, Access access) {
  router.add(method, pattern, [&s, handler = std::move(handler), access, method, route = std::string(pattern)](
                                   const net::RouteContext& rc) {
    std::string account;
    net::HttpResponse res = answer(s, rc, handler, access, account);
    if (s.opt.observe) s.opt.observe(RequestNote{method, route, account, res.status});
    return res;
  });
}

}  // namespace twinsync::tracker
