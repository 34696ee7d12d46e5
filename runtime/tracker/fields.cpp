// fields.cpp — the field table: system fields, custom fields of the catalog, their /field
// entries and the metadata of create, edit and transition screens.
#include "runtime/tracker/fields.h"

namespace twinsync::tracker {

namespace {

Json sys_schema(const std::string& type, const std::string& system, const std::string& items = "") {
  Json s{{"type", type}, {"system", system}};
  if (!items.empty()) s["items"] = items;
  return s;
}

struct SystemField {
  const char* id;
  const char* name;
  FieldKind kind;
  const char* type;
  const char* items;
  bool settable;
};

constexpr SystemField kSystem[] = {
    {"summary", "Summary", FieldKind::Text, "string", "", true},
    {"description", "Description", FieldKind::RichText, "string", "", true},
    {"environment", "Environment", FieldKind::RichText, "string", "", true},
    {"issuetype", "Issue Type", FieldKind::IssueType, "issuetype", "", true},
    {"project", "Project", FieldKind::Project, "project", "", true},
    {"status", "Status", FieldKind::Status, "status", "", false},
    {"priority", "Priority", FieldKind::Priority, "priority", "", true},
    {"resolution", "Resolution", FieldKind::Resolution, "resolution", "", true},
    {"resolutiondate", "Resolved", FieldKind::Timestamp, "datetime", "", false},
    {"assignee", "Assignee", FieldKind::User, "user", "", true},
    {"reporter", "Reporter", FieldKind::User, "user", "", true},
    {"creator", "Creator", FieldKind::User, "user", "", false},
    {"labels", "Labels", FieldKind::Labels, "array", "string", true},
    {"components", "Components", FieldKind::Components, "array", "component", true},
    {"versions", "Affects versions", FieldKind::Versions, "array", "version", true},
    {"fixVersions", "Fix versions", FieldKind::Versions, "array", "version", true},
    {"duedate", "Due date", FieldKind::Date, "date", "", true},
    {"parent", "Parent", FieldKind::Parent, "issuelink", "", true},
    {"created", "Created", FieldKind::Timestamp, "datetime", "", false},
    {"updated", "Updated", FieldKind::Timestamp, "datetime", "", false},
    {"comment", "Comment", FieldKind::ReadOnly, "comments-page", "", false},
    {"attachment", "Attachment", FieldKind::ReadOnly, "array", "attachment", false},
    {"issuelinks", "Linked Issues", FieldKind::ReadOnly, "array", "issuelinks", false},
    {"subtasks", "Sub-tasks", FieldKind::ReadOnly, "array", "issuelinks", false},
    {"watches", "Watchers", FieldKind::ReadOnly, "watches", "", false},
    {"votes", "Votes", FieldKind::ReadOnly, "votes", "", false},
};

struct CustomKind {
  const char* kind;
  FieldKind field_kind;
  const char* type;
  const char* items;
  const char* plugin;
};

constexpr CustomKind kCustomKinds[] = {
    {"text", FieldKind::Text, "string", "", "textfield"},
    {"textarea", FieldKind::RichText, "string", "", "textarea"},
    {"number", FieldKind::Number, "number", "", "float"},
    {"url", FieldKind::Url, "string", "", "url"},
    {"select", FieldKind::Select, "option", "", "select"},
    {"multiselect", FieldKind::MultiSelect, "array", "option", "multiselect"},
    {"date", FieldKind::Date, "date", "", "datepicker"},
    {"user", FieldKind::User, "user", "", "userpicker"},
    {"labels", FieldKind::Labels, "array", "string", "labels"},
};

FieldInfo system_info(const SystemField& s) {
  FieldInfo f;
  f.id = s.id;
  f.name = s.name;
  f.kind = s.kind;
  f.settable = s.settable;
  f.navigable = std::string_view(s.id) != "comment";
  f.schema = sys_schema(s.type, s.id, s.items);
  return f;
}

FieldInfo custom_info(const CustomField& cf) {
  FieldInfo f;
  f.id = cf.field_id();
  f.name = cf.name;
  f.custom = true;
  f.cf = &cf;
  for (const CustomKind& k : kCustomKinds) {
    if (cf.kind == k.kind) {
      f.kind = k.field_kind;
      f.schema = Json{{"type", k.type},
                      {"custom", std::string("com.atlassian.jira.plugin.system.customfieldtypes:") + k.plugin},
                      {"customId", cf.id}};
      if (*k.items) f.schema["items"] = k.items;
    }
  }
  return f;
}

}  // namespace

std::vector<FieldInfo> field_catalog(const Catalog& cat) {
  std::vector<FieldInfo> out;
  for (const SystemField& s : kSystem) out.push_back(system_info(s));
  for (const CustomField& cf : cat.custom_fields) out.push_back(custom_info(cf));
  return out;
}

std::optional<FieldInfo> find_field(const Catalog& cat, std::string_view id_or_name) {
  for (const SystemField& s : kSystem) {
    if (id_or_name == s.id) return system_info(s);
  }
  if (const CustomField* cf = cat.custom_field(id_or_name)) return custom_info(*cf);
  if (const CustomField* cf = cat.custom_field_by_name(id_or_name)) return custom_info(*cf);
  return std::nullopt;
}

Json field_json(const FieldInfo& f) {
  Json clause = Json::array({f.id});
  if (f.custom) {
    clause = Json::array({f.id, f.name, "cf[" + std::to_string(f.cf->id) + "]"});
  }
  Json j{{"id", f.id},
         {"key", f.id},
         {"name", f.name},
         {"custom", f.custom},
         {"orderable", f.settable},
         {"navigable", f.navigable},
         {"searchable", true},
         {"clauseNames", clause},
         {"schema", f.schema}};
  return j;
}

Json field_meta(const FieldInfo& f, const Renderer& r, Id project_id, bool required) {
  const Catalog& cat = r.catalog();
  Json ops = f.is_array() ? Json::array({"add", "set", "remove"}) : Json::array({"set"});
  Json j{{"required", required}, {"schema", f.schema},       {"name", f.name},
         {"key", f.id},          {"hasDefaultValue", false}, {"operations", ops}};
  Json allowed = Json::array();
  switch (f.kind) {
    case FieldKind::IssueType:
      for (const IssueType& t : cat.issue_types) allowed.push_back(r.issue_type(t));
      break;
    case FieldKind::Priority:
      for (const Priority& p : cat.priorities) allowed.push_back(r.priority(p));
      j["hasDefaultValue"] = true;
      break;
    case FieldKind::Resolution:
      for (const Resolution& x : cat.resolutions) allowed.push_back(r.resolution(x));
      break;
    case FieldKind::Project:
      if (const Project* p = cat.project(project_id)) allowed.push_back(r.project_ref(*p));
      break;
    case FieldKind::Components:
      for (const Component& c : cat.components) {
        if (c.project_id == project_id) allowed.push_back(r.component(c));
      }
      break;
    case FieldKind::Versions:
      for (const Version& v : cat.versions) {
        if (v.project_id == project_id) allowed.push_back(r.version_json(v));
      }
      break;
    case FieldKind::Select:
    case FieldKind::MultiSelect:
      for (const FieldOption& o : f.cf->options) allowed.push_back(r.option(o));
      break;
    case FieldKind::User:
      j["autoCompleteUrl"] = r.api("/user/search?query=");
      return j;
    default:
      return j;
  }
  j["allowedValues"] = allowed;
  return j;
}

}  // namespace twinsync::tracker
