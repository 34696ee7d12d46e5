// issue_view.h — an issue and its comments, attachments, links, sub-tasks and changelog as
// Jira's JSON, honouring `fields=` and `expand=`; also used for webhook payloads (REST v2 form).
#pragma once

#include <set>
#include <string>
#include <vector>

#include "runtime/tracker/fields.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

/// The `fields` query parameter: "*all", "*navigable", ids, and "-id" exclusions.
struct FieldSelection {
  bool all = false;
  bool navigable = false;
  std::set<std::string> include, exclude;

  static FieldSelection parse(const std::vector<std::string>& params, const std::string& fallback);
  bool wants(const FieldInfo& f) const;
  bool wants_id(const std::string& id) const;
};

std::set<std::string> parse_expand(const std::vector<std::string>& params);

/// The issue as GET /issue/{key} returns it. Caller holds s.mu.
/// `comment_page`: at most this many comments in the `comment` field (0: all of them).
Json render_issue(TrackerState& s, const Renderer& r, const Issue& issue, const FieldSelection& sel,
                  const std::set<std::string>& expand, std::int64_t comment_page = 0);
Json render_comment(const Renderer& r, const Comment& c);
Json render_attachment(const Renderer& r, const Attachment& a);
Json render_changelog_entry(const Renderer& r, const ChangelogEntry& e);
/// {id, key, self, fields: {summary, status, priority, issuetype}} for links, parent, sub-tasks.
Json render_issue_ref(const Renderer& r, const Issue& issue);

/// Loads an issue named by key or id, or fails with Jira's 404.
Issue load_issue(TrackerState& s, const std::string& key_or_id);

}  // namespace twinsync::tracker
