// routes_issue.cpp — issue create, get, edit and delete.
#include "runtime/tracker/issue_edit.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/screens.h"
#include "runtime/tracker/util.h"
#include "runtime/tracker/webhooks.h"

namespace twinsync::tracker {

namespace {

Json issue_json(Call& c, const Issue& issue) {
  const Renderer r = c.renderer();
  auto sel = FieldSelection::parse(c.route.target.params("fields"), "*all");
  auto expand = parse_expand(c.route.target.params("expand"));
  Json j = render_issue(c.s, r, issue, sel, expand, c.s.opt.issue_comment_page);
  if (expand.count("transitions")) j["transitions"] = transitions_json(c.s, r, issue, false)["transitions"];
  if (expand.count("editmeta")) j["editmeta"] = Json{{"fields", edit_meta_fields(r, issue)}};
  return j;
}

net::HttpResponse create_issue(Call& c) {
  const Json body = c.body();
  if (!body.is_object() || !body.contains("fields") || !body["fields"].is_object()) {
    fail(400, "The request must contain the issue's 'fields'.");
  }
  const Json& fields = body["fields"];
  Json errors = Json::object();
  const Project* project = nullptr;
  if (fields.contains("project")) {
    auto f = find_field(c.s.catalog, "project");
    FieldEnv env{c.s.catalog, c.v, 0, [](const Json&) { return std::optional<Issue>(); }};
    if (auto id = decode_value(*f, fields["project"], env)) project = c.s.catalog.project(id->get<Id>());
  }
  if (!project) errors["project"] = "Specify a valid project ID or key";
  if (!fields.contains("issuetype")) errors["issuetype"] = "Specify an issue type";
  if (!errors.empty()) fail_fields(errors);

  Issue issue;
  issue.project_id = project->id;
  const Priority* medium = c.s.catalog.priority_by_name("Medium");
  issue.fields = Json{{"status", c.s.catalog.initial_status()},
                      {"priority", medium ? Json(medium->id) : Json(nullptr)},
                      {"reporter", c.actor().account_id},
                      {"creator", c.actor().account_id},
                      {"labels", Json::array()}};
  EditOutcome out = apply_changes(c.s, c.v, issue, body, on_create_screen, true);

  auto tx = must(c.s.store->begin());
  issue.number = must(c.s.store->take_issue_number(project->id));
  issue.key = project->key + "-" + std::to_string(issue.number);
  issue.created = issue.updated = now_ms();
  issue.id = must(c.s.store->insert_issue(issue));
  const WebhookEvent created{"jira:issue_created", "issue_created", nullptr, nullptr};
  if (!out.comments.empty() || !out.links.empty()) {
    out.items = Json::array();
    for (IssueLink& l : out.links) {
      if (l.inward_issue_id == 0) l.inward_issue_id = issue.id;
      if (l.outward_issue_id == 0) l.outward_issue_id = issue.id;
    }
    write_update(c.s, c.actor(), issue, out, "issue_updated", {created});
  } else {
    queue_webhook_event(c.s, issue, c.actor(), created);
  }
  must(tx.commit());
  c.s.wake_webhooks();
  const std::string id = std::to_string(issue.id);
  return json_response(201, Json{{"id", id}, {"key", issue.key}, {"self", c.renderer().api("/issue/" + id)}});
}

net::HttpResponse edit_issue(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  const Json body = c.body();
  EditOutcome out = apply_changes(c.s, c.v, issue, body, on_edit_screen, false);
  const bool only_assignee = !out.items.empty() && std::all_of(out.items.begin(), out.items.end(), [](const Json& i) {
    return i.value("fieldId", Json("")) == "assignee";
  });
  commit_update(c.s, c.actor(), issue, out, only_assignee ? "issue_assigned" : "issue_updated");
  if (c.param("returnIssue") == "true") return json_response(200, issue_json(c, issue));
  return json_response(204, nullptr);
}

void delete_one(Call& c, const Issue& issue) {
  queue_webhook_event(c.s, issue, c.actor(), {"jira:issue_deleted", "issue_deleted", nullptr, nullptr});
  must(c.s.store->delete_issue(issue.id));
}

net::HttpResponse delete_issue(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  auto subtasks = must(c.s.store->subtasks_of(issue.id));
  if (!subtasks.empty() && c.param("deleteSubtasks") != "true") {
    fail(400, "The issue has subtasks. You must specify the 'deleteSubtasks' parameter to delete this issue with subtasks.");
  }
  auto tx = must(c.s.store->begin());
  for (const Issue& sub : subtasks) delete_one(c, sub);
  delete_one(c, issue);
  must(tx.commit());
  c.s.wake_webhooks();
  return json_response(204, nullptr);
}

}  // namespace

void add_issue_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "POST", "/rest/api/{v}/issue", create_issue);
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}", [](Call& c) {
    return json_response(200, issue_json(c, load_issue(c.s, c.capture("key"))));
  });
  add_route(r, s, "PUT", "/rest/api/{v}/issue/{key}", edit_issue);
  add_route(r, s, "DELETE", "/rest/api/{v}/issue/{key}", delete_issue);
}

}  // namespace twinsync::tracker
