// routes_meta.cpp — serverInfo, myself, field, project, issuetype, priority, status, resolution,
// component, version and custom field options: the configuration a client reads first.
#include "runtime/tracker/fields.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

template <typename T, typename Render>
net::HttpResponse list(const std::vector<T>& items, Render render) {
  Json out = Json::array();
  for (const T& x : items) out.push_back(render(x));
  return json_response(200, out);
}

template <typename T, typename Find, typename Render>
net::HttpResponse one(const std::string& id, const std::string& what, Find find, Render render) {
  auto n = parse_id(id);
  const T* x = n ? find(*n) : nullptr;
  if (!x) fail(404, "The " + what + " with id '" + id + "' does not exist.");
  return json_response(200, render(*x));
}

net::HttpResponse server_info(Call& c) {
  const std::int64_t now = now_ms();
  return json_response(200, Json{{"baseUrl", c.s.base_url},
                                 {"displayUrl", c.s.base_url},
                                 {"version", "1001.0.0-SNAPSHOT"},
                                 {"versionNumbers", {1001, 0, 0}},
                                 {"deploymentType", "Cloud"},
                                 {"buildNumber", 100260},
                                 {"buildDate", "2026-01-01T00:00:00.000+0000"},
                                 {"serverTime", jira_time(now)},
                                 {"scmInfo", "twinsync-tracker"},
                                 {"serverTitle", "twinsync tracker"},
                                 {"serverTimeZone", "UTC"}});
}

// "project": "KEY" or "projectId": 10000 / "10000"
std::string project_ident(const Json& b) {
  for (const char* k : {"project", "projectId"}) {
    if (!b.contains(k)) continue;
    if (b[k].is_string()) return b[k].get<std::string>();
    if (b[k].is_number_integer()) return std::to_string(b[k].get<Id>());
  }
  return "";
}

net::HttpResponse create_component(Call& c) {
  const Json b = c.body();
  const Project* p = c.s.catalog.project_by_key(project_ident(b));
  if (!p) fail_fields(Json{{"project", "The project does not exist."}});
  if (!b.contains("name") || !b["name"].is_string() || b["name"].get<std::string>().empty()) {
    fail_fields(Json{{"name", "The component name must be specified."}});
  }
  Component comp{0, p->id, b["name"].get<std::string>(), b.value("description", std::string())};
  if (c.s.catalog.component_by_name(p->id, comp.name)) fail_fields(Json{{"name", "A component with that name already exists."}});
  comp.id = must(c.s.store->insert_component(comp));
  c.s.reload_catalog();
  return json_response(201, c.renderer().component(comp));
}

net::HttpResponse create_version(Call& c) {
  const Json b = c.body();
  const Project* p = c.s.catalog.project_by_key(project_ident(b));
  if (!p) fail_fields(Json{{"project", "The project does not exist."}});
  if (!b.contains("name") || !b["name"].is_string() || b["name"].get<std::string>().empty()) {
    fail_fields(Json{{"name", "You must specify a valid version name"}});
  }
  Version ver{0, p->id, b["name"].get<std::string>(), b.value("description", std::string()),
              b.value("releaseDate", std::string()), b.value("released", false), false};
  if (c.s.catalog.version_by_name(p->id, ver.name)) fail_fields(Json{{"name", "A version with this name already exists in this project."}});
  ver.id = must(c.s.store->insert_version(ver));
  c.s.reload_catalog();
  return json_response(201, c.renderer().version_json(ver));
}

}  // namespace

void add_meta_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/serverInfo", server_info, Access::Anonymous);
  add_route(r, s, "GET", "/rest/api/{v}/myself", [](Call& c) {
    Json u = c.renderer().user(c.actor());
    u["groups"] = Json{{"size", 0}, {"items", Json::array()}};
    u["applicationRoles"] = Json{{"size", 0}, {"items", Json::array()}};
    u["locale"] = "en_US";
    return json_response(200, u);
  });
  add_route(r, s, "GET", "/rest/api/{v}/field", [](Call& c) {
    return list(c.s.fields, [](const FieldInfo& f) { return field_json(f); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/project", [](Call& c) {
    return list(c.s.catalog.projects, [&](const Project& p) { return c.renderer().project_full(p); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/project/search", [](Call& c) {
    Json values = Json::array();
    for (const Project& p : c.s.catalog.projects) values.push_back(c.renderer().project_full(p));
    const auto n = static_cast<std::int64_t>(values.size());
    return json_response(200, Json{{"self", c.renderer().api("/project/search")}, {"startAt", 0}, {"maxResults", 50},
                                   {"total", n}, {"isLast", true}, {"values", values}});
  });
  add_route(r, s, "GET", "/rest/api/{v}/project/{key}", [](Call& c) {
    return json_response(200, c.renderer().project_full(c.project_in_path("key")));
  });
  add_route(r, s, "GET", "/rest/api/{v}/project/{key}/components", [](Call& c) {
    return json_response(200, c.renderer().project_full(c.project_in_path("key"))["components"]);
  });
  add_route(r, s, "GET", "/rest/api/{v}/project/{key}/versions", [](Call& c) {
    return json_response(200, c.renderer().project_full(c.project_in_path("key"))["versions"]);
  });
  add_route(r, s, "GET", "/rest/api/{v}/project/{key}/statuses", [](Call& c) {
    c.project_in_path("key");
    Json statuses = Json::array(), out = Json::array();
    for (const IssueStatus& st : c.s.catalog.statuses) statuses.push_back(c.renderer().status(st));
    for (const IssueType& t : c.s.catalog.issue_types) {
      out.push_back(Json{{"self", c.renderer().api("/issuetype/" + std::to_string(t.id))}, {"id", std::to_string(t.id)},
                         {"name", t.name}, {"subtask", t.subtask}, {"statuses", statuses}});
    }
    return json_response(200, out);
  });
  add_route(r, s, "GET", "/rest/api/{v}/issuetype", [](Call& c) {
    return list(c.s.catalog.issue_types, [&](const IssueType& t) { return c.renderer().issue_type(t); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/issuetype/{id}", [](Call& c) {
    return one<IssueType>(c.capture("id"), "issue type", [&](Id id) { return c.s.catalog.issue_type(id); },
                          [&](const IssueType& t) { return c.renderer().issue_type(t); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/priority", [](Call& c) {
    return list(c.s.catalog.priorities, [&](const Priority& p) {
      Json j = c.renderer().priority(p);
      j["description"] = p.description;
      j["statusColor"] = p.color;
      return j;
    });
  });
  add_route(r, s, "GET", "/rest/api/{v}/priority/{id}", [](Call& c) {
    return one<Priority>(c.capture("id"), "priority", [&](Id id) { return c.s.catalog.priority(id); },
                         [&](const Priority& p) { return c.renderer().priority(p); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/status", [](Call& c) {
    return list(c.s.catalog.statuses, [&](const IssueStatus& st) { return c.renderer().status(st); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/status/{id}", [](Call& c) {
    if (const IssueStatus* st = c.s.catalog.status_by_name(c.capture("id"))) return json_response(200, c.renderer().status(*st));
    return one<IssueStatus>(c.capture("id"), "status", [&](Id id) { return c.s.catalog.status(id); },
                       [&](const IssueStatus& st) { return c.renderer().status(st); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/resolution", [](Call& c) {
    return list(c.s.catalog.resolutions, [&](const Resolution& x) { return c.renderer().resolution(x); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/resolution/{id}", [](Call& c) {
    return one<Resolution>(c.capture("id"), "resolution", [&](Id id) { return c.s.catalog.resolution(id); },
                           [&](const Resolution& x) { return c.renderer().resolution(x); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/component/{id}", [](Call& c) {
    return one<Component>(c.capture("id"), "component", [&](Id id) { return c.s.catalog.component(id); },
                          [&](const Component& x) { return c.renderer().component(x); });
  });
  add_route(r, s, "GET", "/rest/api/{v}/version/{id}", [](Call& c) {
    return one<Version>(c.capture("id"), "version", [&](Id id) { return c.s.catalog.version(id); },
                        [&](const Version& x) { return c.renderer().version_json(x); });
  });
  add_route(r, s, "POST", "/rest/api/{v}/component", create_component, Access::Admin);
  add_route(r, s, "POST", "/rest/api/{v}/version", create_version, Access::Admin);
  add_route(r, s, "GET", "/rest/api/{v}/customFieldOption/{id}", [](Call& c) {
    auto id = parse_id(c.capture("id"));
    for (const CustomField& f : c.s.catalog.custom_fields) {
      for (const FieldOption& o : f.options) {
        if (!id || o.id != *id) continue;
        Json j = c.renderer().option(o);
        j.erase("id");  // the option resource itself carries no id (CustomFieldOption)
        return json_response(200, j);
      }
    }
    fail(404, "The custom field option with id '" + c.capture("id") + "' does not exist.");
  });
}

}  // namespace twinsync::tracker
