// screens.cpp — screens and their metadata.
#include "runtime/tracker/screens.h"

namespace twinsync::tracker {

bool on_create_screen(const FieldInfo& f) { return f.settable && f.kind != FieldKind::Resolution; }

bool on_edit_screen(const FieldInfo& f) {
  return f.settable && f.kind != FieldKind::Resolution && f.kind != FieldKind::Project;
}

bool required_on_create(const FieldInfo& f, const IssueType& type) {
  return f.id == "summary" || f.id == "issuetype" || f.id == "project" || (f.id == "parent" && type.subtask);
}

Json create_meta_fields(const Renderer& r, const Project& p, const IssueType& type) {
  Json out = Json::object();
  for (const FieldInfo& f : field_catalog(r.catalog())) {
    if (on_create_screen(f)) out[f.id] = field_meta(f, r, p.id, required_on_create(f, type));
  }
  return out;
}

Json edit_meta_fields(const Renderer& r, const Issue& issue) {
  Json out = Json::object();
  for (const FieldInfo& f : field_catalog(r.catalog())) {
    if (on_edit_screen(f)) out[f.id] = field_meta(f, r, issue.project_id, f.id == "summary" || f.id == "issuetype");
  }
  return out;
}

Json transitions_json(TrackerState& s, const Renderer& r, const Issue& issue, bool with_fields) {
  const Json status = issue.fields.value("status", Json(nullptr));
  const Id current = status.is_number_integer() ? status.get<Id>() : 0;
  Json list = Json::array();
  for (const Transition* t : s.catalog.transitions_from(current)) {
    const IssueStatus* to = s.catalog.status(t->to);
    if (!to) continue;
    Json j{{"id", std::to_string(t->id)}, {"name", t->name},          {"to", r.status(*to)},
           {"hasScreen", !t->screen_fields.empty()},                   {"isGlobal", !t->from.has_value()},
           {"isInitial", false},          {"isAvailable", true},       {"isConditional", false},
           {"isLooped", false}};
    if (with_fields) {
      Json fields = Json::object();
      for (const std::string& id : t->screen_fields) {
        if (auto f = find_field(s.catalog, id)) fields[id] = field_meta(*f, r, issue.project_id, false);
      }
      j["fields"] = fields;
    }
    list.push_back(j);
  }
  return Json{{"expand", "transitions"}, {"transitions", list}};
}

}  // namespace twinsync::tracker
