// json_depth.h — the guard in front of parsing untrusted JSON text (Jira's answers and webhooks,
// the tracker's request bodies): how deep it nests, measured without parsing or recursion.
#pragma once

#include <cstddef>
#include <string_view>

namespace twinsync {

/// Deeper arrays and objects than this are refused before parsing: nlohmann::json copies,
/// compares and prints values recursively, so a body of a few hundred kilobytes of `[[[[…`
/// would otherwise overflow the stack of whoever touches it. Real Jira JSON nests far less.
inline constexpr size_t kMaxJsonDepth = 200;

/// How deep the arrays and objects of a JSON text nest (strings skipped, no recursion); counting
/// stops just past `limit`. Malformed text is measured all the same.
size_t json_depth(std::string_view text, size_t limit = kMaxJsonDepth);

}  // namespace twinsync
