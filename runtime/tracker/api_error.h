// api_error.h — Jira's error responses. Inside the tracker a handler stops with ApiError (the
// route wrapper in routes.cpp turns it into `{"errorMessages": [...], "errors": {...}}`); it never
// leaves runtime/tracker.
#pragma once

#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

struct ApiError {
  int status = 400;
  std::vector<std::string> messages;
  Json errors = Json::object();
};

net::HttpResponse json_response(int status, const Json& body);
net::HttpResponse jira_error_response(int status, const std::vector<std::string>& messages,
                                      const Json& errors = Json::object());

[[noreturn]] void fail(int status, std::string message);
/// 400 with per-field errors: {"summary": "You must specify a summary of the issue."}
[[noreturn]] void fail_fields(Json errors);

/// The value of a store call, or a 500 that names the failure.
template <typename T>
T must(Result<T> r) {
  if (!r) fail(500, "internal store error: " + r.error().message);
  return std::move(r).value();
}
inline void must(Status s) {
  if (!s) fail(500, "internal store error: " + s.error().message);
}

}  // namespace twinsync::tracker
