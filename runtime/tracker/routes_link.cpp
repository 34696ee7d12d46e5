// routes_link.cpp — issue links (create, get, delete) and link types. A link is written into the
// changelog of both issues, as Jira does.
#include "runtime/tracker/issue_edit.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

Issue issue_ref(Call& c, const Json& ref, const char* what) {
  std::string ident;
  if (ref.is_object() && ref.contains("key") && ref["key"].is_string()) ident = ref["key"].get<std::string>();
  else if (ref.is_object() && ref.contains("id")) ident = ref["id"].is_string() ? ref["id"].get<std::string>() : ref["id"].dump();
  if (ident.empty()) fail_fields(Json{{what, std::string("Specify the ") + what + " by key or id"}});
  return load_issue(c.s, ident);
}

Json link_item(const Issue& other, const std::string& phrase, bool added) {
  return Json{{"field", "Link"}, {"fieldtype", "jira"}, {"fieldId", "issuelinks"},
              {"from", added ? Json(nullptr) : Json(other.key)},
              {"fromString", added ? Json(nullptr) : Json("This issue " + phrase + " " + other.key)},
              {"to", added ? Json(other.key) : Json(nullptr)},
              {"toString", added ? Json("This issue " + phrase + " " + other.key) : Json(nullptr)}};
}

void record(Call& c, Issue& inward, Issue& outward, const LinkType& t, bool added) {
  EditOutcome a, b;
  a.items.push_back(link_item(outward, t.outward, added));
  b.items.push_back(link_item(inward, t.inward, added));
  write_update(c.s, c.actor(), inward, a, "issue_updated");
  write_update(c.s, c.actor(), outward, b, "issue_updated");
}

net::HttpResponse create_link(Call& c) {
  const Json b = c.body();
  const Json t = b.value("type", Json(nullptr));
  const LinkType* type = nullptr;
  if (t.is_object() && t.contains("name") && t["name"].is_string()) type = c.s.catalog.link_type_by_name(t["name"].get<std::string>());
  if (!type && t.is_object() && t.contains("id") && t["id"].is_string()) type = c.s.catalog.link_type(parse_id(t["id"].get<std::string>()).value_or(0));
  if (!type) fail(404, "No issue link type with name '" + (t.is_object() ? t.value("name", std::string()) : std::string()) + "' found.");
  Issue inward = issue_ref(c, b.value("inwardIssue", Json(nullptr)), "inwardIssue");
  Issue outward = issue_ref(c, b.value("outwardIssue", Json(nullptr)), "outwardIssue");
  if (inward.id == outward.id) fail(400, "You cannot link an issue to itself.");
  auto tx = must(c.s.store->begin());
  IssueLink l{0, type->id, inward.id, outward.id};
  l.id = must(c.s.store->insert_link(l));
  record(c, inward, outward, *type, true);
  if (b.contains("comment") && b["comment"].is_object()) {
    EditOutcome out;
    Comment cm;
    cm.body = decode_comment_body(c.v, b["comment"].value("body", Json(nullptr)));
    cm.visibility = decode_visibility(b["comment"].value("visibility", Json(nullptr)));
    out.comments.push_back(cm);
    write_update(c.s, c.actor(), inward, out, "issue_updated");
  }
  must(tx.commit());
  c.s.wake_webhooks();
  net::HttpResponse res = json_response(201, nullptr);
  res.body.clear();
  res.headers.emplace_back("Location", c.renderer().api("/issueLink/" + std::to_string(l.id)));
  return res;
}

IssueLink load_link(Call& c) {
  auto id = parse_id(c.capture("id"));
  auto l = id ? must(c.s.store->link(*id)) : std::nullopt;
  if (!l) fail(404, "No issue link with id '" + c.capture("id") + "' exists.");
  return *l;
}

}  // namespace

void add_link_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "POST", "/rest/api/{v}/issueLink", create_link);
  add_route(r, s, "GET", "/rest/api/{v}/issueLink/{id}", [](Call& c) {
    const IssueLink l = load_link(c);
    const Renderer rr = c.renderer();
    const LinkType* t = c.s.catalog.link_type(l.type_id);
    const Issue in = load_issue(c.s, std::to_string(l.inward_issue_id));
    const Issue out = load_issue(c.s, std::to_string(l.outward_issue_id));
    return json_response(200, Json{{"id", std::to_string(l.id)}, {"self", rr.api("/issueLink/" + std::to_string(l.id))},
                                   {"type", t ? rr.link_type(*t) : Json(nullptr)},
                                   {"inwardIssue", render_issue_ref(rr, in)}, {"outwardIssue", render_issue_ref(rr, out)}});
  });
  add_route(r, s, "DELETE", "/rest/api/{v}/issueLink/{id}", [](Call& c) {
    const IssueLink l = load_link(c);
    Issue in = load_issue(c.s, std::to_string(l.inward_issue_id));
    Issue out = load_issue(c.s, std::to_string(l.outward_issue_id));
    const LinkType* t = c.s.catalog.link_type(l.type_id);
    auto tx = must(c.s.store->begin());
    must(c.s.store->delete_link(l.id));
    if (t) record(c, in, out, *t, false);
    must(tx.commit());
    c.s.wake_webhooks();
    return json_response(204, nullptr);
  });
  add_route(r, s, "GET", "/rest/api/{v}/issueLinkType", [](Call& c) {
    Json list = Json::array();
    for (const LinkType& t : c.s.catalog.link_types) list.push_back(c.renderer().link_type(t));
    return json_response(200, Json{{"issueLinkTypes", list}});
  });
  add_route(r, s, "GET", "/rest/api/{v}/issueLinkType/{id}", [](Call& c) {
    const LinkType* t = c.s.catalog.link_type(parse_id(c.capture("id")).value_or(0));
    if (!t) fail(404, "No issue link type with id '" + c.capture("id") + "' found.");
    return json_response(200, c.renderer().link_type(*t));
  });
}

}  // namespace twinsync::tracker
