// routes_transition.cpp — the workflow: list the transitions out of an issue's status (with the
// fields of their screens on expand=transitions.fields) and perform one.
#include "compiler/support/text.h"
#include "runtime/tracker/issue_edit.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/screens.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

const Transition& pick(Call& c, const Issue& issue, const Json& body) {
  const Json t = body.value("transition", Json(nullptr));
  std::string ident;
  if (t.is_object() && t.contains("id")) ident = t["id"].is_string() ? t["id"].get<std::string>() : t["id"].dump();
  else if (t.is_object() && t.contains("name") && t["name"].is_string()) ident = t["name"].get<std::string>();
  if (ident.empty()) fail(400, "Missing 'transition' identifier");
  const Json status = issue.fields.value("status", Json(nullptr));
  for (const Transition* tr : c.s.catalog.transitions_from(status.is_number_integer() ? status.get<Id>() : 0)) {
    if (std::to_string(tr->id) == ident || iequals(tr->name, ident)) return *tr;
  }
  fail(400, "Transition id '" + ident + "' is not valid for this issue.");
}

net::HttpResponse do_transition(Call& c) {
  Issue issue = load_issue(c.s, c.capture("key"));
  const Json body = c.body();
  if (!body.is_object()) fail(400, "The request body must be a JSON object.");
  const Transition& t = pick(c, issue, body);
  const Json before = issue.fields;
  auto on_screen = [&t](const FieldInfo& f) {
    return std::find(t.screen_fields.begin(), t.screen_fields.end(), f.id) != t.screen_fields.end();
  };
  EditOutcome out = apply_changes(c.s, c.v, issue, body, on_screen, true);
  const IssueStatus* to = c.s.catalog.status(t.to);
  issue.fields["status"] = t.to;
  if (to && to->category == "done") {
    if (issue.fields.value("resolution", Json(nullptr)).is_null() && !c.s.catalog.resolutions.empty()) {
      issue.fields["resolution"] = c.s.catalog.resolutions.front().id;
    }
    if (issue.fields.value("resolutiondate", Json(nullptr)).is_null()) issue.fields["resolutiondate"] = now_ms();
  } else {
    issue.fields["resolution"] = nullptr;
    issue.fields["resolutiondate"] = nullptr;
  }
  out.items = Json::array();
  diff_fields(c.s, before, issue.fields, out.items);
  const bool resolved = before.value("resolution", Json(nullptr)).is_null() && !issue.fields["resolution"].is_null();
  const bool reopened = !before.value("resolution", Json(nullptr)).is_null() && issue.fields["resolution"].is_null();
  commit_update(c.s, c.actor(), issue, out, resolved ? "issue_resolved" : reopened ? "issue_reopened" : "issue_generic");
  return json_response(204, nullptr);
}

}  // namespace

void add_transition_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/transitions", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    const bool fields = c.param("expand").value_or("").find("transitions.fields") != std::string::npos;
    Json j = transitions_json(c.s, c.renderer(), issue, fields);
    if (auto only = c.param("transitionId")) {
      Json kept = Json::array();
      for (const Json& t : j["transitions"]) {
        if (t["id"] == *only) kept.push_back(t);
      }
      j["transitions"] = kept;
    }
    return json_response(200, j);
  });
  add_route(r, s, "POST", "/rest/api/{v}/issue/{key}/transitions", do_transition);
}

}  // namespace twinsync::tracker
