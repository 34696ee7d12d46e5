// http_util.h — small HTTP helpers the connector needs on top of runtime/net/http.h: header
// lookup, query-string encoding and turning Jira's absolute URLs into request targets.
#pragma once

#include <string>
#include <string_view>

#include "runtime/net/http.h"

namespace twinsync::jira {

/// Case-insensitive header lookup; empty when absent. (runtime/net's find_header lives in a
/// .cpp of another branch; this keeps the connector linkable on its own.)
std::string_view header_value(const net::Headers& headers, std::string_view name);

/// Percent-encodes a query-string component (RFC 3986 unreserved characters kept).
std::string url_encode(std::string_view s);

/// The path and query of `url` relative to `base_url`'s origin and path: the target to send to a
/// client whose endpoint already adds the base path. Empty when `url` is on another origin.
std::string target_from_url(std::string_view url, std::string_view base_url);

}  // namespace twinsync::jira
