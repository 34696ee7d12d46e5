// webhook.h — a Jira webhook delivery (headers and JSON body) as a change event the engine can
// dedupe and order: which issue, what kind of change, when, and which fields moved. The HTTP
// server that receives deliveries is elsewhere; this is only the reading.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/changelog.h"
#include "runtime/jira/decoder.h"
#include "runtime/net/http.h"

namespace twinsync::jira {

enum class EventKind {
  IssueCreated,
  IssueUpdated,
  IssueDeleted,
  CommentCreated,
  CommentUpdated,
  CommentDeleted,
  AttachmentCreated,
  AttachmentDeleted,
  WorklogCreated,
  WorklogUpdated,
  WorklogDeleted,
  IssueLinkCreated,
  IssueLinkDeleted,
  Other,  // an event the connector does not act on (project, version, sprint …)
};
const char* event_kind_name(EventKind kind);

/// One webhook delivery, read.
struct ChangeEvent {
  EventKind kind = EventKind::Other;
  std::string event;             // "jira:issue_updated", "comment_created" …
  std::string issue_event_type;  // "issue_commented", "issue_assigned" … (empty when absent)
  std::string issue_key;         // empty when the payload only names the issue id
  std::string issue_id;
  int64_t timestamp_ms = 0;
  std::string delivery_id;       // X-Atlassian-Webhook-Identifier: the same on every retry
  int retry = 0;                 // X-Atlassian-Webhook-Retry
  Value actor;                   // the user who made the change (record), null when absent
  std::string changelog_id;
  std::vector<ChangeItem> items; // the changelog's items
  Value issue;                   // issue record as sent (may lag the change; re-read before acting)
  Value comment;                 // comment record for comment events
  Value attachment;              // attachment record for attachment events
  Value worklog;                 // worklog record for worklog events
  std::vector<DecodeWarning> warnings;

  /// Key for at-least-once dedupe: the delivery id when Jira sent one, else a digest of what
  /// identifies the change (event, issue, timestamp, changelog, comment).
  std::string dedupe_key() const;
  /// The issue to re-read: its key, else its id.
  std::string issue_ref() const { return issue_key.empty() ? issue_id : issue_key; }
  /// The issue's `updated` (ms) just after this change, when the delivery says it: an issue
  /// event's issue, a new or edited comment's own time. 0 when it cannot be told (a deletion,
  /// a worklog, a payload without it): such a change is always read.
  int64_t version_ms() const;
};

/// Reads one delivery. Errors only when the body is not a JSON object or has no "webhookEvent";
/// everything else of an unexpected shape is a warning.
Result<ChangeEvent> parse_webhook(const net::Headers& headers, std::string_view body, const FieldCatalog& catalog,
                                  const DecodeOptions& options = {});

/// The same, reading only what decides whether the issue must be read (the event, the issue's
/// key, id and `updated`, the user, the comment, attachment, worklog and changelog): the issue
/// in it has no other field. For a node's intake, which reads the issue itself.
Result<ChangeEvent> parse_webhook_notice(const net::Headers& headers, std::string_view body, const FieldCatalog& catalog);

}  // namespace twinsync::jira
