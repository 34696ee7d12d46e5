// suggest.h — "did you mean …?": the closest known name to a misspelt one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinsync {

/// The candidate nearest to `word` by edit distance (case-insensitive), if it is close enough
/// to be a likely typo: at most a third of the word's length, and at least one edit.
std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates);

/// "did you mean `summary`?" or nothing.
std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace twinsync
