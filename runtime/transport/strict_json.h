// strict_json.h — JSON from another node is untrusted: parsed with a nesting limit, duplicate
// object keys refused (a last-one-wins parser could be shown one thing and act on another), and
// errors worded with a byte offset instead of the parser's own jargon.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

/// Errors have kind "bad_json". `max_depth` counts nested arrays and objects (the top one is 1).
Result<nlohmann::json> parse_strict_json(std::string_view text, size_t max_depth);

}  // namespace twinsync::transport
