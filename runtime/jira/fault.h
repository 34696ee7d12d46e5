// fault.h — what a failed Jira call means: transient (network, timeout, 5xx, 429: try again
// later) or permanent (400, 401, 403, 404, 409 …: a person has to fix something), with Jira's own
// errorMessages/errors text in the message so the cause is visible where the twin is parked.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "compiler/support/result.h"
#include "runtime/net/http.h"

namespace twinsync::jira {

enum class FaultClass { Transient, Permanent };

/// Jira's error body ({"errorMessages": […], "errors": {"field": "text"}}) as one line:
/// "Field 'x' is required; summary: You must specify a summary". Empty when the body has none.
std::string jira_error_text(std::string_view body);

/// "Not Found" for 404 …
const char* status_reason(int status);

/// A non-2xx response as an error of kind Http with its status (shown as "http_<status>"), worded
/// "<request line>: HTTP 404 Not Found: <Jira's text>".
Error http_error(std::string_view request_line, const net::HttpResponse& response);

/// The HTTP status of an error made by http_error, if it is one.
std::optional<int> http_status_of(const Error& error);

/// network, timeout, 429 and 5xx (except 501 and 505) are transient; everything else is permanent.
FaultClass classify(const Error& error);
inline bool is_transient(const Error& error) { return classify(error) == FaultClass::Transient; }

}  // namespace twinsync::jira
