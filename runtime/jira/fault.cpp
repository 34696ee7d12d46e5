// fault.cpp — classifying failed calls and wording Jira's error bodies.
#include "runtime/jira/fault.h"

#include <charconv>

#include "compiler/support/numbers.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {
namespace {

constexpr size_t kMaxBodyInMessage = 300;

// A body that is not Jira's JSON (a proxy's HTML page) is shown shortened, on one line.
std::string snippet(std::string_view body) {
  std::string out;
  for (char c : body.substr(0, kMaxBodyInMessage)) out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  if (body.size() > kMaxBodyInMessage) out += "…";
  return out;
}

}  // namespace

std::string jira_error_text(std::string_view body) {
  auto j = parse_json(body);
  if (!j || !j->is_object()) return {};
  std::string out;
  auto add = [&](const std::string& s) {
    if (s.empty()) return;
    if (!out.empty()) out += "; ";
    out += s;
  };
  if (const Json* msgs = member(*j, "errorMessages"); msgs && msgs->is_array()) {
    for (const Json& m : *msgs) {
      if (auto s = text_of(&m)) add(*s);
    }
  }
  if (const Json* errs = member(*j, "errors"); errs && errs->is_object()) {
    for (const auto& [field, m] : errs->items()) {
      if (auto s = text_of(&m)) add(field + ": " + *s);
    }
  }
  if (out.empty()) {
    // Some gateways answer {"message": "…"}.
    if (auto m = text_at(*j, "message")) add(*m);
  }
  return out;
}

const char* status_reason(int status) {
  switch (status) {
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "";
  }
}

Error http_error(std::string_view request_line, const net::HttpResponse& response) {
  std::string message(request_line);
  message += ": HTTP " + std::to_string(response.status);
  if (const char* reason = status_reason(response.status); *reason) message += std::string(" ") + reason;
  std::string detail = jira_error_text(response.body);
  if (detail.empty() && !response.body.empty()) detail = snippet(response.body);
  if (!detail.empty()) message += ": " + detail;
  if (response.status == 401) message += " (check the user and API token of this tracker)";
  if (response.status == 410) message += " (this Jira retired the endpoint)";
  return make_http_error(std::move(message), response.status);
}

std::optional<int> http_status_of(const Error& error) {
  if (error.kind != ErrorKind::Http) return std::nullopt;
  return error.http_status;
}

FaultClass classify(const Error& error) {
  if (error.kind == ErrorKind::Network || error.kind == ErrorKind::Timeout) return FaultClass::Transient;
  if (auto status = http_status_of(error)) {
    if (*status == 429) return FaultClass::Transient;
    if (*status >= 500 && *status != 501 && *status != 505) return FaultClass::Transient;
  }
  return FaultClass::Permanent;
}

}  // namespace twinsync::jira
