// changelog.h — Jira's change history (GET issue/{key}/changelog, expand=changelog, webhook
// changelogs) as small structs: who changed which field from what to what.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/decoder.h"

namespace twinsync::jira {

/// One field change. `from`/`to` are ids (status id, account id) and the *_string forms are
/// what people see; either may be absent.
struct ChangeItem {
  std::string field;       // "status", "Story Points" (custom fields by name)
  std::string field_id;    // "status", "customfield_10016" (absent on older servers)
  std::string field_type;  // "jira" or "custom"
  std::optional<std::string> from;
  std::optional<std::string> from_string;
  std::optional<std::string> to;
  std::optional<std::string> to_string;
};

struct ChangelogEntry {
  std::string id;
  Value author;             // user record, null for automatic changes
  int64_t created_ms = 0;   // 0 when absent
  std::vector<ChangeItem> items;
};

struct ChangelogPage {
  std::vector<ChangelogEntry> entries;
  bool is_last = true;
  int64_t start_at = 0;
  int64_t total = -1;  // -1 when the answer does not say
  std::vector<DecodeWarning> warnings;
};

/// The `items` array of a changelog entry or webhook changelog.
std::vector<ChangeItem> read_change_items(Decoder& d, const Json& items, const std::string& path);
/// One history entry ({"id", "author", "created", "items"}).
std::optional<ChangelogEntry> read_changelog_entry(Decoder& d, const Json& j, const std::string& path);

/// A page of history: {"values": […]} (GET changelog), {"histories": […]} (changelog/list and an
/// issue's "changelog" under expand=changelog) or an issue carrying "changelog".
Result<ChangelogPage> decode_changelog(const Json& j);

}  // namespace twinsync::jira
