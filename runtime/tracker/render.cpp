// render.cpp — entity JSON in the shapes of Jira Cloud's REST API (the Server/DC `name`/`key`
// user fields are included too, so clients of either flavour find what they read).
#include "runtime/tracker/render.h"

#include <cctype>

#include "compiler/support/text.h"

namespace twinsync::tracker {

std::string Renderer::api(const std::string& path) const {
  return base_ + "/rest/api/" + std::to_string(v_) + path;
}

Json Renderer::avatar_urls(const std::string& kind, const std::string& id) const {
  Json a = Json::object();
  for (const char* size : {"48x48", "24x24", "16x16", "32x32"}) {
    a[size] = base_ + "/secure/" + kind + "avatar?size=" + std::string(size).substr(0, 2) + "&id=" + id;
  }
  return a;
}

Json Renderer::user(const User& u) const {
  return Json{{"self", api("/user?accountId=" + u.account_id)},
              {"accountId", u.account_id},
              {"accountType", "atlassian"},
              {"name", u.name},
              {"key", u.name},
              {"emailAddress", u.email},
              {"avatarUrls", avatar_urls("user", u.account_id)},
              {"displayName", u.display_name},
              {"active", u.active},
              {"timeZone", u.time_zone}};
}

Json Renderer::user_ref(const std::string& account_id) const {
  if (account_id.empty()) return nullptr;
  const User* u = cat_.user(account_id);
  return u ? user(*u) : Json(nullptr);
}

Json Renderer::status_category(const std::string& category) const {
  int id = 2;
  std::string name = "To Do", color = "blue-gray";
  if (category == "indeterminate") {
    id = 4;
    name = "In Progress";
    color = "yellow";
  } else if (category == "done") {
    id = 3;
    name = "Done";
    color = "green";
  }
  return Json{{"self", api("/statuscategory/" + std::to_string(id))},
              {"id", id},
              {"key", category},
              {"colorName", color},
              {"name", name}};
}

Json Renderer::status(const IssueStatus& s) const {
  const std::string id = std::to_string(s.id);
  return Json{{"self", api("/status/" + id)},
              {"description", s.description},
              {"iconUrl", base_ + "/images/icons/statuses/generic.png"},
              {"name", s.name},
              {"id", id},
              {"statusCategory", status_category(s.category)}};
}

Json Renderer::priority(const Priority& p) const {
  const std::string id = std::to_string(p.id);
  const std::string icon = ascii_lower(p.name);
  return Json{{"self", api("/priority/" + id)},
              {"iconUrl", base_ + "/images/icons/priorities/" + icon + ".svg"},
              {"name", p.name},
              {"id", id}};
}

Json Renderer::resolution(const Resolution& r) const {
  const std::string id = std::to_string(r.id);
  return Json{{"self", api("/resolution/" + id)}, {"id", id}, {"description", r.description}, {"name", r.name}};
}

Json Renderer::issue_type(const IssueType& t) const {
  const std::string id = std::to_string(t.id);
  return Json{{"self", api("/issuetype/" + id)},
              {"id", id},
              {"description", t.description},
              {"iconUrl", base_ + "/images/icons/issuetypes/" + std::to_string(t.id) + ".svg"},
              {"name", t.name},
              {"subtask", t.subtask},
              {"avatarId", 10300 + t.id % 100},
              {"hierarchyLevel", t.hierarchy}};
}

Json Renderer::project_ref(const Project& p) const {
  const std::string id = std::to_string(p.id);
  return Json{{"self", api("/project/" + id)},
              {"id", id},
              {"key", p.key},
              {"name", p.name},
              {"projectTypeKey", "software"},
              {"simplified", false},
              {"avatarUrls", avatar_urls("project", id)}};
}

Json Renderer::project_full(const Project& p) const {
  Json j = project_ref(p);
  j["description"] = p.description;
  j["lead"] = user_ref(p.lead);
  j["assigneeType"] = "UNASSIGNED";
  j["style"] = "classic";
  j["isPrivate"] = false;
  j["properties"] = Json::object();
  j["roles"] = Json::object();
  Json components = Json::array(), versions = Json::array(), types = Json::array();
  for (const Component& c : cat_.components) {
    if (c.project_id == p.id) components.push_back(component(c));
  }
  for (const Version& v : cat_.versions) {
    if (v.project_id == p.id) versions.push_back(version_json(v));
  }
  for (const IssueType& t : cat_.issue_types) types.push_back(issue_type(t));
  j["components"] = components;
  j["versions"] = versions;
  j["issueTypes"] = types;
  return j;
}

Json Renderer::component(const Component& c) const {
  const std::string id = std::to_string(c.id);
  Json j{{"self", api("/component/" + id)}, {"id", id}, {"name", c.name}};
  if (!c.description.empty()) j["description"] = c.description;
  return j;
}

Json Renderer::version_json(const Version& v) const {
  const std::string id = std::to_string(v.id);
  Json j{{"self", api("/version/" + id)}, {"id", id},           {"name", v.name},
         {"archived", v.archived},         {"released", v.released}, {"projectId", v.project_id}};
  if (!v.description.empty()) j["description"] = v.description;
  if (!v.release_date.empty()) j["releaseDate"] = v.release_date;
  return j;
}

Json Renderer::option(const FieldOption& o) const {
  const std::string id = std::to_string(o.id);
  return Json{{"self", api("/customFieldOption/" + id)}, {"value", o.value}, {"id", id}};
}

Json Renderer::link_type(const LinkType& t) const {
  const std::string id = std::to_string(t.id);
  return Json{{"id", id}, {"name", t.name}, {"inward", t.inward}, {"outward", t.outward},
              {"self", api("/issueLinkType/" + id)}};
}

}  // namespace twinsync::tracker
