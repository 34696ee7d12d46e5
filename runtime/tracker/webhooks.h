// webhooks.h — Jira-shaped webhook events: which registered webhooks want an event, the payload
// (REST v2 issue, user, changelog, comment), and its queueing as deliveries in the store.
#pragma once

#include <string>
#include <vector>

#include "runtime/tracker/state.h"

namespace twinsync::tracker {

struct WebhookEvent {
  std::string name;              // "jira:issue_created", "jira:issue_updated", "comment_created", …
  std::string issue_event_type;  // "issue_created", "issue_updated", "issue_commented", … or empty
  Json changelog;                // null or {"id": …, "items": […]}
  Json comment;                  // null or the comment (REST v2 form)
};

/// Queues one delivery per interested webhook and event, in the caller's transaction (caller
/// holds s.mu). The events of one write go together: the issue is rendered once, as the write
/// leaves it, for all of them (Jira sends a write's webhooks once it is made, so an
/// issue_updated of an edit that also adds a comment already shows the comment). Call before
/// deleting an issue: the payload carries the issue as it was.
void queue_webhook_events(TrackerState& s, const Issue& issue, const User& actor, const std::vector<WebhookEvent>& events);
void queue_webhook_event(TrackerState& s, const Issue& issue, const User& actor, const WebhookEvent& ev);

}  // namespace twinsync::tracker
