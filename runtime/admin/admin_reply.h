// admin_reply.h — how the admin API's routes read a request body and answer: JSON both ways,
// errors as {"error": "…"} with the status their kind calls for.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "compiler/support/result.h"
#include "runtime/net/error_status.h"
#include "runtime/net/router.h"

namespace twinsync::admin {

using nlohmann::json;

inline net::HttpResponse reply(int status, const json& body) {
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = body.dump(2, ' ', false, json::error_handler_t::replace);
  return r;
}

inline net::HttpResponse failure(const Error& e) {
  return reply(net::http_status_for(e), {{"error", e.message}});
}

inline net::HttpResponse done(const Status& s) { return s ? reply(200, {{"ok", true}}) : failure(s.error()); }

inline Result<json> body_of(const net::RouteContext& ctx) {
  json j = json::parse(ctx.request.body.empty() ? "{}" : ctx.request.body, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return make_error("the body must be a JSON object", ErrorKind::BadRequest);
  return j;
}

inline Result<std::string> field(const json& j, const char* name) {
  auto it = j.find(name);
  if (it == j.end() || !it->is_string() || it->get<std::string>().empty()) {
    return make_error(std::string("missing \"") + name + "\"", ErrorKind::BadRequest);
  }
  return it->get<std::string>();
}

// A short printable label (a file name, a person): it ends up in diagnostics and history.
inline Result<std::string> optional_label(const json& j, const char* name, const std::string& fallback) {
  auto it = j.find(name);
  if (it == j.end()) return fallback;
  if (!it->is_string() || it->get<std::string>().empty() || it->get<std::string>().size() > 200) {
    return make_error(std::string("\"") + name + "\" is a text of 1 to 200 characters", ErrorKind::BadRequest);
  }
  const std::string v = it->get<std::string>();
  for (unsigned char ch : v) {
    if (ch < 0x20 || ch == 0x7f) return make_error(std::string("\"") + name + "\" has a control character", ErrorKind::BadRequest);
  }
  return v;
}

}  // namespace twinsync::admin
