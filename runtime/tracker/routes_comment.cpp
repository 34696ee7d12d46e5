// routes_comment.cpp — comments of an issue: list, add, get, edit, delete (with visibility).
// Each change bumps the issue's `updated` and sends comment_* and jira:issue_updated webhooks,
// but writes no changelog item, as Jira does.
#include "runtime/tracker/issue_edit.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"
#include "runtime/tracker/webhooks.h"

namespace twinsync::tracker {

namespace {

Comment load_comment(Call& c, const Issue& issue) {
  auto id = parse_id(c.capture("id"));
  auto comment = id ? must(c.s.store->comment(*id)) : std::nullopt;
  if (!comment || comment->issue_id != issue.id) fail(404, "Can not find a comment for the id: " + c.capture("id") + ".");
  return *comment;
}

// Ends a change of `comment`, written in `tx`: the issue's `updated` moves to `now` (or past it),
// the `event` and jira:issue_updated (of `type`) webhooks are queued, and once `tx` commits the
// dispatcher is woken.
void commit_change(Call& c, sqlite::Transaction& tx, Issue& issue, const Comment& comment, std::int64_t now,
                   const char* event, const char* type) {
  issue.updated = std::max(now, issue.updated + 1);
  must(c.s.store->update_issue(issue));
  const Json cj = render_comment(Renderer(c.s.catalog, c.s.base_url, 2), comment);
  queue_webhook_events(c.s, issue, c.actor(), {{event, "", nullptr, cj}, {"jira:issue_updated", type, nullptr, cj}});
  must(tx.commit());
  c.s.wake_webhooks();
}

net::HttpResponse list_comments(Call& c) {
  const Issue issue = load_issue(c.s, c.capture("key"));
  auto all = must(c.s.store->comments_of(issue.id));
  if (c.param("orderBy") == "-created") std::reverse(all.begin(), all.end());
  const auto total = static_cast<std::int64_t>(all.size());
  const std::int64_t start = std::clamp<std::int64_t>(c.int_param("startAt", 0), 0, total);
  const std::int64_t max = std::clamp<std::int64_t>(c.int_param("maxResults", 5000), 0, 5000);
  Json list = Json::array();
  for (std::int64_t i = start; i < std::min(total, start + max); ++i) {
    list.push_back(render_comment(c.renderer(), all[static_cast<size_t>(i)]));
  }
  return json_response(200, Json{{"startAt", start}, {"maxResults", max}, {"total", total}, {"comments", list}});
}

net::HttpResponse add_comment(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  const Json b = c.body();
  if (!b.is_object()) fail(400, "The request body must be a JSON object.");
  Comment comment;
  comment.issue_id = issue.id;
  comment.body = decode_comment_body(c.v, b.value("body", Json(nullptr)));
  comment.visibility = decode_visibility(b.value("visibility", Json(nullptr)));
  comment.author = comment.update_author = c.actor().account_id;
  comment.created = comment.updated = now_ms();
  auto tx = must(c.s.store->begin());
  comment.id = must(c.s.store->insert_comment(comment));
  commit_change(c, tx, issue, comment, comment.created, "comment_created", "issue_commented");
  return json_response(201, render_comment(c.renderer(), comment));
}

net::HttpResponse edit_comment(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  Comment comment = load_comment(c, issue);
  const Json b = c.body();
  if (!b.is_object()) fail(400, "The request body must be a JSON object.");
  if (b.contains("body")) comment.body = decode_comment_body(c.v, b["body"]);
  if (b.contains("visibility")) comment.visibility = decode_visibility(b["visibility"]);
  comment.update_author = c.actor().account_id;
  comment.updated = std::max(now_ms(), comment.updated + 1);
  auto tx = must(c.s.store->begin());
  must(c.s.store->update_comment(comment));
  commit_change(c, tx, issue, comment, comment.updated, "comment_updated", "issue_comment_edited");
  return json_response(200, render_comment(c.renderer(), comment));
}

net::HttpResponse delete_comment(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  const Comment comment = load_comment(c, issue);
  auto tx = must(c.s.store->begin());
  must(c.s.store->delete_comment(comment.id));
  commit_change(c, tx, issue, comment, now_ms(), "comment_deleted", "issue_comment_deleted");
  return json_response(204, nullptr);
}

}  // namespace

void add_comment_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/comment", list_comments);
  add_route(r, s, "POST", "/rest/api/{v}/issue/{key}/comment", add_comment);
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/comment/{id}", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    return json_response(200, render_comment(c.renderer(), load_comment(c, issue)));
  });
  add_route(r, s, "PUT", "/rest/api/{v}/issue/{key}/comment/{id}", edit_comment);
  add_route(r, s, "DELETE", "/rest/api/{v}/issue/{key}/comment/{id}", delete_comment);
}

}  // namespace twinsync::tracker
