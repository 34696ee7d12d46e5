// issue_edit.h — applying `{"fields": …, "update": …}` to an issue (create, edit, transition):
// validation with Jira's per-field errors, changelog items, and the write with its webhooks.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "runtime/tracker/fields.h"
#include "runtime/tracker/state.h"
#include "runtime/tracker/webhooks.h"

namespace twinsync::tracker {

struct EditOutcome {
  Json items = Json::array();     // changelog items
  std::vector<Comment> comments;  // update.comment add
  std::vector<IssueLink> links;   // update.issuelinks add
};

/// Which fields this operation may set (the create, edit or transition screen).
using FieldGate = std::function<bool(const FieldInfo&)>;

/// Applies the body to issue.fields; throws ApiError 400 listing every bad field. Caller holds s.mu.
EditOutcome apply_changes(TrackerState& s, int v, Issue& issue, const Json& body, const FieldGate& allowed,
                          bool creating);

/// Appends changelog items for every field that differs between two stored field sets.
void diff_fields(TrackerState& s, const Json& before, const Json& after, Json& items);

/// Stores the edited issue, a changelog entry, new comments and links, and queues the webhook
/// events, in one transaction. `event_type` is the issue_event_type_name of the update.
void commit_update(TrackerState& s, const User& actor, Issue& issue, EditOutcome& out,
                   const std::string& event_type);

/// The same writes inside the caller's transaction (no commit, no wake-up). `events` are the
/// write's webhook events before the update's own (a create's), queued with them.
void write_update(TrackerState& s, const User& actor, Issue& issue, EditOutcome& out,
                  const std::string& event_type, std::vector<WebhookEvent> events = {});

/// A comment body in the request's format (v2 wiki string, v3 ADF) -> wiki markup; 400 if wrong.
std::string decode_comment_body(int v, const Json& body);
/// `visibility` of a comment: null or {"type": "role"|"group", "value": …}; 400 if malformed.
Json decode_visibility(const Json& v);

}  // namespace twinsync::tracker
