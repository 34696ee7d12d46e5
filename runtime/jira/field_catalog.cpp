// field_catalog.cpp — reads field lists and schemas into a FieldCatalog.
#include "runtime/jira/field_catalog.h"

#include "runtime/jira/decoder.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {
namespace {

bool ends_with(std::string_view s, std::string_view tail) {
  return s.size() >= tail.size() && s.substr(s.size() - tail.size()) == tail;
}

// Custom types are "plugin.key:type"; only the part after the colon says what the value is.
FieldKind kind_of_custom_type(std::string_view custom) {
  if (ends_with(custom, ":textarea")) return FieldKind::RichText;
  if (ends_with(custom, ":textfield") || ends_with(custom, ":url") || ends_with(custom, ":readonlyfield")) {
    return FieldKind::Text;
  }
  if (ends_with(custom, ":float")) return FieldKind::Number;
  if (ends_with(custom, ":datepicker")) return FieldKind::Date;
  if (ends_with(custom, ":datetime")) return FieldKind::DateTime;
  if (ends_with(custom, ":select") || ends_with(custom, ":radiobuttons")) return FieldKind::Select;
  if (ends_with(custom, ":multiselect") || ends_with(custom, ":multicheckboxes")) return FieldKind::MultiSelect;
  if (ends_with(custom, ":cascadingselect")) return FieldKind::Cascading;
  if (ends_with(custom, ":userpicker")) return FieldKind::User;
  if (ends_with(custom, ":multiuserpicker")) return FieldKind::Users;
  if (ends_with(custom, ":labels")) return FieldKind::Labels;
  if (ends_with(custom, ":version") || ends_with(custom, ":multiversion")) return FieldKind::Versions;
  if (ends_with(custom, ":project")) return FieldKind::Project;
  if (ends_with(custom, ":gh-epic-link")) return FieldKind::IssueKey;
  if (ends_with(custom, ":gh-epic-label")) return FieldKind::Text;
  if (ends_with(custom, ":gh-sprint")) return FieldKind::Sprint;
  return FieldKind::Unknown;
}

FieldKind kind_of_type(std::string_view type, std::string_view items) {
  if (type == "string") return FieldKind::Text;
  if (type == "number") return FieldKind::Number;
  if (type == "date") return FieldKind::Date;
  if (type == "datetime") return FieldKind::DateTime;
  if (type == "option") return FieldKind::Select;
  if (type == "option-with-child") return FieldKind::Cascading;
  if (type == "user") return FieldKind::User;
  if (type == "project") return FieldKind::Project;
  if (type == "version") return FieldKind::Versions;
  if (type == "array") {
    if (items == "option") return FieldKind::MultiSelect;
    if (items == "user") return FieldKind::Users;
    if (items == "string") return FieldKind::Labels;
    if (items == "version") return FieldKind::Versions;
  }
  return FieldKind::Unknown;
}

FieldInfo field_from_json(const Json& f, std::string id) {
  FieldInfo info;
  info.id = std::move(id);
  info.name = text_at(f, "name").value_or(info.id);
  info.custom = bool_at(f, "custom").value_or(info.id.rfind("customfield_", 0) == 0);
  if (const Json* schema = member(f, "schema")) {
    info.schema_type = text_at(*schema, "type").value_or("");
    info.items = text_at(*schema, "items").value_or("");
    info.custom_type = text_at(*schema, "custom").value_or("");
    info.kind = kind_of_schema(*schema);
  }
  return info;
}

}  // namespace

const FieldCatalog& empty_catalog() {
  static const FieldCatalog catalog;
  return catalog;
}

const char* field_kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::Text: return "text";
    case FieldKind::RichText: return "rich text";
    case FieldKind::Number: return "number";
    case FieldKind::Date: return "date";
    case FieldKind::DateTime: return "date-time";
    case FieldKind::Select: return "select";
    case FieldKind::MultiSelect: return "multiselect";
    case FieldKind::Cascading: return "cascading select";
    case FieldKind::User: return "user";
    case FieldKind::Users: return "users";
    case FieldKind::Labels: return "labels";
    case FieldKind::Versions: return "versions";
    case FieldKind::Project: return "project";
    case FieldKind::IssueKey: return "issue key";
    case FieldKind::Sprint: return "sprint";
    case FieldKind::Unknown: return "unknown";
  }
  return "unknown";
}

FieldKind kind_of_schema(const nlohmann::json& schema) {
  const std::string custom = text_at(schema, "custom").value_or("");
  if (!custom.empty()) {
    FieldKind k = kind_of_custom_type(custom);
    if (k != FieldKind::Unknown) return k;
  }
  return kind_of_type(text_at(schema, "type").value_or(""), text_at(schema, "items").value_or(""));
}

Result<FieldCatalog> FieldCatalog::from_fields_response(const nlohmann::json& fields) {
  if (!fields.is_array()) return make_error("field list: expected a list, got " + json_kind(fields), ErrorKind::BadJson);
  FieldCatalog catalog;
  for (const Json& f : fields) {
    auto id = text_at(f, "id");
    if (!id || id->empty()) continue;
    catalog.fields_.push_back(field_from_json(f, *id));
  }
  catalog.rebuild_names();
  return catalog;
}

FieldCatalog FieldCatalog::from_issue_names(const nlohmann::json& issue) {
  FieldCatalog catalog;
  const Json* names = member(issue, "names");
  if (names == nullptr || !names->is_object()) return catalog;
  const Json* schemas = member(issue, "schema");
  for (const auto& [id, name] : names->items()) {
    Json f = {{"name", name}};
    if (const Json* s = schemas ? member(*schemas, id) : nullptr) f["schema"] = *s;
    catalog.fields_.push_back(field_from_json(f, id));
  }
  catalog.rebuild_names();
  return catalog;
}

void FieldCatalog::add(FieldInfo field) {
  auto it = by_id_.find(field.id);
  if (it != by_id_.end()) {
    fields_[it->second] = std::move(field);
  } else {
    fields_.push_back(std::move(field));
  }
  rebuild_names();
}

void FieldCatalog::merge(const FieldCatalog& other) {
  for (const FieldInfo& f : other.fields_) {
    if (by_id(f.id) == nullptr) fields_.push_back(f);
  }
  rebuild_names();
}

void FieldCatalog::rebuild_names() {
  by_id_.clear();
  by_name_.clear();
  std::map<std::string, int, std::less<>> name_count;
  for (const FieldInfo& f : fields_) {
    // Names may arrive already disambiguated from an earlier rebuild; count the plain name.
    ++name_count[f.name];
  }
  for (size_t i = 0; i < fields_.size(); ++i) {
    FieldInfo& f = fields_[i];
    by_id_[f.id] = i;
    if (f.custom && name_count[f.name] > 1) f.name += " (" + f.id + ")";
    by_name_.emplace(f.name, i);
  }
}

const FieldInfo* FieldCatalog::by_id(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &fields_[it->second];
}

const FieldInfo* FieldCatalog::by_name(std::string_view name) const {
  auto it = by_name_.find(name);
  if (it != by_name_.end()) return &fields_[it->second];
  return by_id(name);
}

}  // namespace twinsync::jira
