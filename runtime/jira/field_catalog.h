// field_catalog.h — the tracker's fields (GET /rest/api/{2,3}/field): custom field id <-> name,
// and the kind of value each holds, so `customfield_10016` arrives in rules as
// issue.custom["Story Points"] with the right type and is written back in the form Jira wants.
#pragma once

#include <nlohmann/json.hpp>

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"

namespace twinsync::jira {

/// How a field's value is read and written. Derived from the field's schema (type, items,
/// custom type); Unknown fields are read generically and written back as they were read.
enum class FieldKind {
  Text,         // textfield, url, string system fields
  RichText,     // textarea: wiki markup in v2, ADF in v3
  Number,       // float
  Date,         // datepicker, "2024-01-31"
  DateTime,     // datetime
  Select,       // select, radiobuttons: {"value": …}
  MultiSelect,  // multiselect, multicheckboxes: [{"value": …}]
  Cascading,    // cascadingselect: {"value": parent, "child": {"value": child}}
  User,         // userpicker
  Users,        // multiuserpicker
  Labels,       // labels: ["a", "b"]
  Versions,     // version pickers: [{"name": …}]
  Project,      // project picker: {"key": …}
  IssueKey,     // epic link and other fields holding an issue key as text
  Sprint,       // gh-sprint: sprint objects in, sprint id out
  Unknown,
};
const char* field_kind_name(FieldKind kind);

/// One field of the tracker.
struct FieldInfo {
  std::string id;           // "summary", "customfield_10016"
  std::string name;         // "Story Points"; the key of issue.custom (made unique, see below)
  bool custom = false;
  FieldKind kind = FieldKind::Unknown;
  std::string schema_type;  // schema.type: "string", "array", "option" …
  std::string items;        // schema.items for arrays
  std::string custom_type;  // schema.custom: "com.atlassian.jira.plugin.system.customfieldtypes:select"
};

/// The kind for a field schema ({"type": …, "items": …, "custom": …}).
FieldKind kind_of_schema(const nlohmann::json& schema);

/// Fields by id and by name. Jira allows two custom fields with the same name; both are then
/// known as "Name (customfield_NNNNN)" so neither hides the other.
class FieldCatalog {
 public:
  /// From the answer of GET /rest/api/{2,3}/field (an array of field objects). Entries that are
  /// not field objects are skipped.
  static Result<FieldCatalog> from_fields_response(const nlohmann::json& fields);
  /// From an issue fetched with expand=names,schema ("names": {id: name}, "schema": {id: schema}).
  static FieldCatalog from_issue_names(const nlohmann::json& issue);

  void add(FieldInfo field);
  /// Adds the fields of `other` that this catalog does not know.
  void merge(const FieldCatalog& other);

  const FieldInfo* by_id(std::string_view id) const;
  /// By unique name, or by id ("customfield_10016" always works).
  const FieldInfo* by_name(std::string_view name) const;
  size_t size() const { return fields_.size(); }
  const std::vector<FieldInfo>& fields() const { return fields_; }

 private:
  void rebuild_names();

  std::vector<FieldInfo> fields_;
  std::map<std::string, size_t, std::less<>> by_id_;
  std::map<std::string, size_t, std::less<>> by_name_;
};

}  // namespace twinsync::jira
