// api_error.cpp — rendering Jira's error body.
#include "runtime/tracker/api_error.h"

namespace twinsync::tracker {

net::HttpResponse json_response(int status, const Json& body) {
  net::HttpResponse r;
  r.status = status;
  r.headers.emplace_back("Content-Type", "application/json;charset=UTF-8");
  if (status != 204 && !body.is_null()) r.body = body.dump(-1, ' ', false, Json::error_handler_t::replace);
  return r;
}

net::HttpResponse jira_error_response(int status, const std::vector<std::string>& messages,
                                      const Json& errors) {
  return json_response(status, Json{{"errorMessages", messages}, {"errors", errors}});
}

void fail(int status, std::string message) { throw ApiError{status, {std::move(message)}, Json::object()}; }

void fail_fields(Json errors) { throw ApiError{400, {}, std::move(errors)}; }

}  // namespace twinsync::tracker
