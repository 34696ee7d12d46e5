// webhooks.cpp — choosing the webhooks an event goes to and building Jira's payload.
#include "runtime/tracker/webhooks.h"

#include <algorithm>

#include "runtime/tracker/api_error.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

// Everything but the JQL filter, which needs the issue.
bool wants(const Webhook& w, const WebhookEvent& ev, std::int64_t now) {
  if (!w.enabled || (w.expires != 0 && w.expires < now)) return false;
  if (w.events.is_array() && !w.events.empty() &&
      std::find(w.events.begin(), w.events.end(), Json(ev.name)) == w.events.end()) {
    return false;
  }
  // Cloud's fieldIdsFilter narrows issue updates to changes of the listed fields.
  if (ev.name == "jira:issue_updated" && w.field_ids_filter.is_array() && !w.field_ids_filter.empty()) {
    if (!ev.changelog.is_object()) return false;
    for (const Json& item : ev.changelog["items"]) {
      const Json id = item.value("fieldId", Json(""));
      if (std::find(w.field_ids_filter.begin(), w.field_ids_filter.end(), id) != w.field_ids_filter.end()) return true;
    }
    return false;
  }
  return true;
}

}  // namespace

namespace {

// The payload's fields but the issue, which is the same for every event of a write.
Json event_fields(const Renderer& r, const User& actor, const WebhookEvent& ev) {
  Json p{{"timestamp", now_ms()}, {"webhookEvent", ev.name}, {"user", r.user(actor)}};
  if (!ev.issue_event_type.empty()) p["issue_event_type_name"] = ev.issue_event_type;
  if (!ev.changelog.is_null()) p["changelog"] = ev.changelog;
  if (!ev.comment.is_null()) p["comment"] = ev.comment;
  return p;
}

// The issue as a webhook's JQL filter sees it: every field (Jira runs the filter on the
// issue, `comment ~ "x"` included), rendered once per write.
Json issue_for_webhooks(TrackerState& s, const Renderer& r, const Issue& issue) {
  FieldSelection all;
  all.all = true;
  Json issue_json = render_issue(s, r, issue, all, {});
  issue_json.erase("expand");
  return issue_json;
}

// Jira Cloud's payloads, as the Cloud fixtures under tests/fixtures/webhooks show them: an issue
// event's issue has every field but its comments and worklogs (Atlassian took comment data out of
// jira:issue_* webhooks in favour of the comment_* events), and a comment event names its issue
// with six fields. A new issue with seven comments is sixteen deliveries: with every comment in
// each, they were 240 KB, now 72.
Json issue_for_issue_events(Json issue_json) {
  issue_json["fields"].erase("comment");
  issue_json["fields"].erase("worklog");
  return issue_json;
}

bool is_comment_event(const WebhookEvent& ev) { return ev.name.rfind("comment_", 0) == 0; }

Json issue_for_comment_events(const Json& issue_json) {
  const Json& all = issue_json["fields"];
  Json fields = Json::object();
  for (const char* f : {"summary", "issuetype", "project", "assignee", "priority", "status"}) {
    fields[f] = all.value(f, Json(nullptr));
  }
  return Json{{"id", issue_json["id"]}, {"self", issue_json["self"]}, {"key", issue_json["key"]}, {"fields", fields}};
}

std::string dump(const Json& j) { return j.dump(-1, ' ', false, Json::error_handler_t::replace); }

}  // namespace

void queue_webhook_events(TrackerState& s, const Issue& issue, const User& actor, const std::vector<WebhookEvent>& events) {
  const std::int64_t now = now_ms();
  const Renderer r(s.catalog, s.base_url, 2);
  Json issue_json;         // rendered once, when the first webhook wants an event
  std::string issue_text;  // and written out once per shape: each payload is spliced around it
  std::string slim_text;   // (the issue events' shape, the comment events')
  const auto hooks = must(s.store->webhooks());
  for (const WebhookEvent& ev : events) {
    std::string text;
    for (const Webhook& w : hooks) {
      if (!wants(w, ev, now)) continue;
      if (issue_json.is_null()) issue_json = issue_for_webhooks(s, r, issue);
      // The filter reads the issue as the write leaves it (not committed yet, so the search
      // cache is not asked). currentUser() is nobody here.
      if (!w.jql.empty()) {
        auto q = s.jql.compile(s, w.jql);
        if (!q->ok() || !s.jql.matches_json(s, *q, issue_json, nullptr)) continue;
      }
      if (text.empty()) {
        const bool comment = is_comment_event(ev);
        std::string& part = comment ? slim_text : issue_text;
        if (part.empty()) part = dump(comment ? issue_for_comment_events(issue_json) : issue_for_issue_events(issue_json));
        const std::string rest = dump(event_fields(r, actor, ev));  // an object with fields: "{…}"
        text = "{\"issue\":" + part + "," + rest.substr(1);
      }
      must(s.store->insert_delivery(w.id, issue.id, random_hex(16), text, now));
    }
  }
}

void queue_webhook_event(TrackerState& s, const Issue& issue, const User& actor, const WebhookEvent& ev) {
  queue_webhook_events(s, issue, actor, {ev});
}

}  // namespace twinsync::tracker
