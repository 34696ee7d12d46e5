// issue_key.h — what an issue key looks like. Keys arrive from outside (a webhook delivery, the
// peer's connect) and are used to look twins up: ids ("10000") or other spellings ("qa-1") name
// the same issue differently and would slip past those lookups, so only Jira's own form passes.
#pragma once

#include <string_view>

namespace twinsync::sync {

/// "QA-12": a project key (a capital letter, then capitals, digits or _), a dash and a number
/// with no leading zero; 64 characters at most.
inline bool valid_issue_key(std::string_view key) {
  const size_t dash = key.rfind('-');
  if (key.size() > 64 || dash == std::string_view::npos || dash == 0 || dash + 1 == key.size()) return false;
  if (key[0] < 'A' || key[0] > 'Z' || key[dash + 1] == '0') return false;
  for (size_t i = 1; i < dash; ++i) {
    const char c = key[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  for (size_t i = dash + 1; i < key.size(); ++i) {
    if (key[i] < '0' || key[i] > '9') return false;
  }
  return true;
}

}  // namespace twinsync::sync
