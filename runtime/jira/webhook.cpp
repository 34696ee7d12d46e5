// webhook.cpp — webhook deliveries into change events.
#include "runtime/jira/webhook.h"

#include <charconv>
#include <cstdio>

#include "compiler/schema/shapes.h"
#include "compiler/support/numbers.h"
#include "runtime/jira/http_util.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/item_read.h"
#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

EventKind kind_of_event(std::string_view event) {
  static const std::pair<std::string_view, EventKind> kinds[] = {
      {"jira:issue_created", EventKind::IssueCreated},     {"jira:issue_updated", EventKind::IssueUpdated},
      {"jira:issue_deleted", EventKind::IssueDeleted},     {"comment_created", EventKind::CommentCreated},
      {"comment_updated", EventKind::CommentUpdated},      {"comment_deleted", EventKind::CommentDeleted},
      {"attachment_created", EventKind::AttachmentCreated}, {"attachment_deleted", EventKind::AttachmentDeleted},
      {"worklog_created", EventKind::WorklogCreated},      {"worklog_updated", EventKind::WorklogUpdated},
      {"worklog_deleted", EventKind::WorklogDeleted},      {"issuelink_created", EventKind::IssueLinkCreated},
      {"issuelink_deleted", EventKind::IssueLinkDeleted},
  };
  for (const auto& [name, kind] : kinds) {
    if (name == event) return kind;
  }
  return EventKind::Other;
}

// ".../rest/api/2/issue/10003/comment/10000" -> "10003": comment events from Jira Server carry
// no issue object, only the comment's own URL.
std::string issue_id_from_url(std::string_view url) {
  const auto at = url.find("/issue/");
  if (at == std::string_view::npos) return {};
  std::string_view rest = url.substr(at + 7);
  return std::string(rest.substr(0, rest.find('/')));
}

void read_issue_ref(Decoder& d, const Json& root, ChangeEvent& e) {
  if (const Json* issue = member(root, "issue")) {
    e.issue = read_issue(d, *issue, "/issue");
    e.issue_key = text_at(*issue, "key").value_or("");
    e.issue_id = text_at(*issue, "id").value_or("");
  }
  if (!e.issue_id.empty() || !e.issue_key.empty()) return;
  for (const char* item : {"comment", "worklog", "attachment"}) {
    const Json* obj = member(root, item);
    if (obj == nullptr) continue;
    if (auto id = text_at(*obj, "issueId")) {
      e.issue_id = *id;
      return;
    }
    if (auto self = text_at(*obj, "self")) e.issue_id = issue_id_from_url(*self);
    if (!e.issue_id.empty()) return;
  }
}

void read_items(Decoder& d, const Json& root, ChangeEvent& e) {
  if (const Json* c = member(root, "comment")) e.comment = read_comment(d, *c, "/comment");
  if (const Json* a = member(root, "attachment")) e.attachment = read_attachment(d, *a, "/attachment");
  if (const Json* w = member(root, "worklog")) e.worklog = read_worklog(d, *w, "/worklog");
  if (const Json* cl = member(root, "changelog")) {
    if (cl->is_object()) {
      e.changelog_id = text_at(*cl, "id").value_or("");
      e.items = read_change_items(d, member_or_null(*cl, "items"), "/changelog/items");
    } else if (!cl->is_null()) {
      d.unexpected("/changelog", "an object", *cl);
    }
  }
}

uint64_t fnv1a(std::string_view s) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

const char* event_kind_name(EventKind kind) {
  switch (kind) {
    case EventKind::IssueCreated: return "issue_created";
    case EventKind::IssueUpdated: return "issue_updated";
    case EventKind::IssueDeleted: return "issue_deleted";
    case EventKind::CommentCreated: return "comment_created";
    case EventKind::CommentUpdated: return "comment_updated";
    case EventKind::CommentDeleted: return "comment_deleted";
    case EventKind::AttachmentCreated: return "attachment_created";
    case EventKind::AttachmentDeleted: return "attachment_deleted";
    case EventKind::WorklogCreated: return "worklog_created";
    case EventKind::WorklogUpdated: return "worklog_updated";
    case EventKind::WorklogDeleted: return "worklog_deleted";
    case EventKind::IssueLinkCreated: return "issuelink_created";
    case EventKind::IssueLinkDeleted: return "issuelink_deleted";
    case EventKind::Other: return "other";
  }
  return "other";
}

// Only where the payload shows the state after the change: an issue event's issue is
// serialised once the change is made, and a comment's created/updated time is the issue's
// `updated` after it. A deleted comment's times are from before the deletion, so it has none.
int64_t ChangeEvent::version_ms() const {
  auto time_of = [](const Value& v) { return v.tag() == Tag::DateTime ? v.as_datetime() : int64_t{0}; };
  switch (kind) {
    case EventKind::IssueCreated:
    case EventKind::IssueUpdated:
      return issue.is_record() ? time_of(issue.field(slot(IssueSlot::Updated))) : 0;
    case EventKind::CommentCreated:
    case EventKind::CommentUpdated:
      return comment.is_record() ? time_of(comment.field(slot(CommentSlot::Updated))) : 0;
    default:
      return 0;
  }
}

std::string ChangeEvent::dedupe_key() const {
  if (!delivery_id.empty()) return "delivery:" + delivery_id;
  std::string comment_id;
  const uint32_t id_slot = slot(CommentSlot::Id);
  if (comment.is_record() && comment.field(id_slot).is_string()) comment_id = std::string(comment.field(id_slot).as_string());
  const std::string basis = event + "|" + issue_ref() + "|" + std::to_string(timestamp_ms) + "|" + changelog_id +
                            "|" + comment_id;
  char buf[17];
  snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(fnv1a(basis)));
  return std::string("digest:") + buf;
}

namespace {

Result<ChangeEvent> read_webhook(const net::Headers& headers, const std::optional<Json>& parsed, const FieldCatalog& catalog,
                                 const DecodeOptions& options) {
  if (!parsed) return make_error("webhook: the body is not JSON", ErrorKind::BadJson);
  const Json& root = *parsed;
  if (!root.is_object()) return make_error("webhook: expected a JSON object, got " + json_kind(root), ErrorKind::BadJson);
  auto event = text_at(root, "webhookEvent");
  if (!event) return make_error("webhook: /webhookEvent is missing", ErrorKind::BadJson);

  Decoder d(catalog, options);
  ChangeEvent e;
  e.event = *event;
  e.kind = kind_of_event(*event);
  e.issue_event_type = text_at(root, "issue_event_type_name").value_or("");
  e.timestamp_ms = int_at(root, "timestamp").value_or(0);
  e.delivery_id = std::string(net::find_header(headers, "X-Atlassian-Webhook-Identifier"));
  e.retry = parse_int<int>(net::find_header(headers, "X-Atlassian-Webhook-Retry")).value_or(0);
  if (const Json* user = member(root, "user")) e.actor = read_user(d, *user, "/user");
  read_issue_ref(d, root, e);
  read_items(d, root, e);
  if (e.issue_ref().empty() && e.kind != EventKind::Other) d.warn("/", "the payload names no issue");
  e.warnings = d.take_warnings();
  return e;
}

}  // namespace

Result<ChangeEvent> parse_webhook(const net::Headers& headers, std::string_view body, const FieldCatalog& catalog,
                                  const DecodeOptions& options) {
  return read_webhook(headers, parse_json(body), catalog, options);
}

Result<ChangeEvent> parse_webhook_notice(const net::Headers& headers, std::string_view body, const FieldCatalog& catalog) {
  // What tells the event, its issue, its version and who made it; the issue's other fields and
  // its comments (most of a delivery) are read past.
  static const std::vector<std::vector<std::string>> kept = {
      {"webhookEvent"}, {"issue_event_type_name"}, {"timestamp"}, {"user"},
      {"issue", "key"}, {"issue", "id"}, {"issue", "fields", "updated"},
      {"comment"}, {"attachment"}, {"worklog"}, {"changelog"}};
  return read_webhook(headers, parse_json_keeping(body, kept), catalog, {});
}

}  // namespace twinsync::jira
