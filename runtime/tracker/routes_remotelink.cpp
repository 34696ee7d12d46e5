// routes_remotelink.cpp — remote links of an issue: list, get, create or update by globalId,
// update, delete (by id or globalId). As in Jira they neither write the changelog nor move
// `updated`, so a sync that shows its state in a remote link does not wake its own poller.
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

Json render(const Call& c, const Issue& issue, const RemoteLink& l) {
  Json j = l.body;
  j["id"] = l.id;
  j["self"] = c.renderer().api("/issue/" + issue.key + "/remotelink/" + std::to_string(l.id));
  if (!l.global_id.empty()) j["globalId"] = l.global_id;
  return j;
}

// {application?, relationship?, object: {url, title, …}} as stored; 400 with Jira's field errors.
Json checked_body(const Json& b) {
  if (!b.is_object()) fail(400, "The request body must be a JSON object.");
  const Json object = b.value("object", Json(nullptr));
  Json errors = Json::object();
  if (!object.is_object() || !object.contains("url") || !object["url"].is_string() || object["url"].get<std::string>().empty()) {
    errors["url"] = "'url' is required.";
  }
  if (!object.is_object() || !object.contains("title") || !object["title"].is_string() ||
      object["title"].get<std::string>().empty()) {
    errors["title"] = "'title' is required.";
  }
  if (b.contains("globalId") && !b["globalId"].is_string()) errors["globalId"] = "'globalId' must be a string.";
  if (!errors.empty()) fail_fields(errors);
  Json stored{{"object", object}};
  for (const char* k : {"application", "relationship"}) {
    if (b.contains(k)) stored[k] = b[k];
  }
  return stored;
}

RemoteLink find(Call& c, const Issue& issue) {
  auto id = parse_id(c.capture("id"));
  for (RemoteLink& l : must(c.s.store->remote_links_of(issue.id))) {
    if (id && l.id == *id) return l;
  }
  fail(404, "No remote link with id '" + c.capture("id") + "' on this issue.");
}

net::HttpResponse upsert(Call& c) {
  const Issue issue = load_issue(c.s, c.capture("key"));
  const Json b = c.body();
  RemoteLink link{0, issue.id, "", checked_body(b)};
  if (b.contains("globalId")) link.global_id = b["globalId"].get<std::string>();  // checked a string
  int status = 201;
  if (!link.global_id.empty()) {
    for (const RemoteLink& l : must(c.s.store->remote_links_of(issue.id))) {
      if (l.global_id == link.global_id) link.id = l.id;
    }
  }
  if (link.id != 0) {
    must(c.s.store->update_remote_link(link));
    status = 200;
  } else {
    link.id = must(c.s.store->insert_remote_link(link));
  }
  Json out = render(c, issue, link);
  return json_response(status, Json{{"id", out["id"]}, {"self", out["self"]}});
}

}  // namespace

void add_remote_link_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/remotelink", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    const auto global = c.param("globalId");
    Json list = Json::array();
    for (const RemoteLink& l : must(c.s.store->remote_links_of(issue.id))) {
      if (global && l.global_id == *global) return json_response(200, render(c, issue, l));
      list.push_back(render(c, issue, l));
    }
    if (global) fail(404, "No remote link with globalId '" + *global + "' on this issue.");
    return json_response(200, list);
  });
  add_route(r, s, "POST", "/rest/api/{v}/issue/{key}/remotelink", upsert);
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/remotelink/{id}", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    return json_response(200, render(c, issue, find(c, issue)));
  });
  add_route(r, s, "PUT", "/rest/api/{v}/issue/{key}/remotelink/{id}", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    RemoteLink l = find(c, issue);
    const Json b = c.body();
    l.body = checked_body(b);
    if (b.contains("globalId") && b["globalId"].is_string()) l.global_id = b["globalId"].get<std::string>();
    must(c.s.store->update_remote_link(l));
    return json_response(204, nullptr);
  });
  add_route(r, s, "DELETE", "/rest/api/{v}/issue/{key}/remotelink/{id}", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    must(c.s.store->delete_remote_link(find(c, issue).id));
    return json_response(204, nullptr);
  });
  add_route(r, s, "DELETE", "/rest/api/{v}/issue/{key}/remotelink", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    const auto global = c.param("globalId");
    if (!global) fail(400, "Specify the remote link to delete with ?globalId=");
    for (const RemoteLink& l : must(c.s.store->remote_links_of(issue.id))) {
      if (l.global_id == *global) {
        must(c.s.store->delete_remote_link(l.id));
        return json_response(204, nullptr);
      }
    }
    fail(404, "No remote link with globalId '" + *global + "' on this issue.");
  });
}

}  // namespace twinsync::tracker
