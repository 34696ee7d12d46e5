// routes_createmeta.cpp — createmeta (the classic expandable form and the paged Cloud/DC form)
// and editmeta: which fields a client may set, which are required, and their allowed values.
#include "compiler/support/text.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/screens.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {

std::vector<std::string> list_param(const Call& c, std::string_view name) {
  std::vector<std::string> out;
  for (const std::string& p : c.route.target.params(name)) {
    size_t pos = 0;
    while (pos <= p.size()) {
      size_t comma = p.find(',', pos);
      std::string item = p.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
      if (!item.empty()) out.push_back(item);
      if (comma == std::string::npos) break;
      pos = comma + 1;
    }
  }
  return out;
}

bool selected(const std::vector<std::string>& wanted, const std::string& a, const std::string& b) {
  if (wanted.empty()) return true;
  for (const std::string& w : wanted) {
    if (iequals(w, a) || iequals(w, b)) return true;
  }
  return false;
}

net::HttpResponse classic_createmeta(Call& c) {
  const Renderer r = c.renderer();
  const bool with_fields = c.param("expand").value_or("").find("projects.issuetypes.fields") != std::string::npos;
  auto keys = list_param(c, "projectKeys"), ids = list_param(c, "projectIds");
  keys.insert(keys.end(), ids.begin(), ids.end());
  auto type_ids = list_param(c, "issuetypeIds"), type_names = list_param(c, "issuetypeNames");
  type_ids.insert(type_ids.end(), type_names.begin(), type_names.end());
  Json projects = Json::array();
  for (const Project& p : c.s.catalog.projects) {
    if (!selected(keys, p.key, std::to_string(p.id))) continue;
    Json types = Json::array();
    for (const IssueType& t : c.s.catalog.issue_types) {
      if (!selected(type_ids, std::to_string(t.id), t.name)) continue;
      Json tj = r.issue_type(t);
      tj["expand"] = "fields";
      if (with_fields) tj["fields"] = create_meta_fields(r, p, t);
      types.push_back(tj);
    }
    Json pj = r.project_ref(p);
    pj.erase("projectTypeKey");
    pj.erase("simplified");
    pj["issuetypes"] = types;
    projects.push_back(pj);
  }
  return json_response(200, Json{{"expand", "projects"}, {"projects", projects}});
}

Json page(Json values, const char* name, const Call& c) {
  const auto total = static_cast<std::int64_t>(values.size());
  const std::int64_t start = std::clamp<std::int64_t>(c.int_param("startAt", 0), 0, total);
  const std::int64_t max = std::clamp<std::int64_t>(c.int_param("maxResults", 50), 0, 200);
  Json slice = Json::array();
  for (std::int64_t i = start; i < std::min(total, start + max); ++i) slice.push_back(values[static_cast<size_t>(i)]);
  return Json{{"maxResults", max}, {"startAt", start}, {"total", total}, {name, slice}};
}

}  // namespace

void add_createmeta_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "GET", "/rest/api/{v}/issue/createmeta", classic_createmeta);
  add_route(r, s, "GET", "/rest/api/{v}/issue/createmeta/{project}/issuetypes", [](Call& c) {
    c.project_in_path("project");
    Json types = Json::array();
    for (const IssueType& t : c.s.catalog.issue_types) types.push_back(c.renderer().issue_type(t));
    return json_response(200, page(types, "issueTypes", c));
  });
  add_route(r, s, "GET", "/rest/api/{v}/issue/createmeta/{project}/issuetypes/{type}", [](Call& c) {
    const Project& p = c.project_in_path("project");
    auto id = parse_id(c.capture("type"));
    const IssueType* t = id ? c.s.catalog.issue_type(*id) : nullptr;
    if (!t) fail(400, "The issue type with id '" + c.capture("type") + "' does not exist in the project.");
    Json fields = Json::array();
    const Json metas = create_meta_fields(c.renderer(), p, *t);
    for (auto it = metas.begin(); it != metas.end(); ++it) {
      Json m = it.value();
      m["fieldId"] = it.key();
      fields.push_back(m);
    }
    return json_response(200, page(fields, "fields", c));
  });
  add_route(r, s, "GET", "/rest/api/{v}/issue/{key}/editmeta", [](Call& c) {
    const Issue issue = load_issue(c.s, c.capture("key"));
    return json_response(200, Json{{"fields", edit_meta_fields(c.renderer(), issue)}});
  });
}

}  // namespace twinsync::tracker
