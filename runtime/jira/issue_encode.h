// issue_encode.h — the other direction: the field values a sync wants on an issue, as the body of
// ONE `PUT /issue/{key}` or `POST /issue` (Jira Cloud limits writes per issue, so every field
// change of a sync goes into a single edit), and comment and transition bodies.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "compiler/schema/shapes.h"
#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/dialect.h"
#include "runtime/jira/field_catalog.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {

/// The changes one sync wants on one issue. Setting a field twice keeps the last value; a field
/// that is set is not also sent as add/remove (Jira rejects a field in both "fields" and "update").
class WantedChanges {
 public:
  /// Replace a standard field (summary, labels, assignee …). `status` is reached through
  /// transitions, not the edit body (see JiraClient::apply).
  void set(IssueSlot slot, Value value);
  /// Replace a custom field, by its catalog name or its id.
  void set_custom(const std::string& name, Value value);
  /// Add or remove one item of a list field (labels, components, fixVersions,
  /// affectedVersions) without replacing the list, so a concurrent local edit survives.
  void add_to(IssueSlot slot, Value item);
  void remove_from(IssueSlot slot, Value item);
  /// Forgets a standard field (it was written some other way, e.g. on a transition screen).
  void drop(IssueSlot slot);
  void drop_custom(const std::string& name) { custom_.erase(name); }

  bool empty() const { return fields_.empty() && custom_.empty() && deltas_.empty(); }
  const Value* get(IssueSlot slot) const;
  const std::map<IssueSlot, Value>& fields() const { return fields_; }
  const std::map<std::string, Value>& custom() const { return custom_; }
  /// Per list field: ("add" | "remove", item) in the order given.
  const std::map<IssueSlot, std::vector<std::pair<std::string, Value>>>& deltas() const { return deltas_; }

 private:
  std::map<IssueSlot, Value> fields_;
  std::map<std::string, Value> custom_;
  std::map<IssueSlot, std::vector<std::pair<std::string, Value>>> deltas_;
};

/// The Jira field id of a standard slot ("issuetype", "versions" …), from fields.def.
std::string jira_field_id(IssueSlot slot);

/// Rich text for a write: the wiki markup itself (v2) or an ADF document (v3).
Json encode_rich_text(std::string_view wiki, const Dialect& dialect);
/// A text as the tracker will hand it back once written: wiki markup through ADF and back on
/// REST v3 (blank lines at the ends and some spacing do not survive). Other values as they are.
Value stored_form(IssueSlot slot, const Value& value, const Dialect& dialect);
/// A user reference: {"accountId": …} on Cloud, {"name": …} on Data Center. Errors (kind
/// "unresolved_user") when the record lacks that id; JiraClient resolves users by e-mail first.
Result<Json> encode_user(const Value& user, const Dialect& dialect);
/// One standard field's value in the form its "fields" entry needs.
Result<Json> encode_standard(IssueSlot slot, const Value& value, const Dialect& dialect);
/// One custom field: its id and value in the form its kind needs.
Result<std::pair<std::string, Json>> encode_custom(const std::string& name, const Value& value,
                                                   const FieldCatalog& catalog, const Dialect& dialect);

/// {"fields": {…}, "update": {…}} for PUT /issue/{key}. Status, read-only and create-only
/// fields are refused with an error naming them, never silently dropped.
Result<Json> encode_edit(const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect);
/// {"fields": {…}, "update": {…}} for POST /issue; project and type are required.
Result<Json> encode_create(const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect);

/// {"body": …, "visibility": …} for POST/PUT comment. `visibility` is "role:Name" or
/// "group:Name" (as read); an internal comment without one is marked for service management.
Result<Json> encode_comment(std::string_view body, const Value& visibility, bool internal, const Dialect& dialect);

/// {"transition": {"id": …}, "fields": {…}} for POST /issue/{key}/transitions, with an optional
/// comment added on the transition.
Json encode_transition(const std::string& transition_id, const Json& fields, std::string_view comment,
                       const Dialect& dialect);

}  // namespace twinsync::jira
