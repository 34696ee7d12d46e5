// http_util.h — turning Jira's absolute URLs into request targets (header lookup is
// net::find_header, percent-encoding compiler/support's url_encode).
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/encoding.h"
#include "runtime/net/http.h"

namespace twinsync::jira {

/// The path and query of `url` relative to `base_url`'s origin and path: the target to send to a
/// client whose endpoint already adds the base path. Empty when `url` is on another origin.
std::string target_from_url(std::string_view url, std::string_view base_url);

}  // namespace twinsync::jira
