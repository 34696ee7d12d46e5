// issue_decode.cpp — Jira issue JSON to the issue record.
#include "runtime/jira/issue_decode.h"

#include "compiler/schema/shapes.h"
#include "runtime/jira/custom_read.h"
#include "runtime/jira/item_read.h"
#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

using Reader = Value (*)(Decoder&, const Json&, const std::string&);

// A project is an object with a key in issues, but a bare key in some trimmed payloads.
Value read_project_key(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (auto key = j.is_object() ? text_at(j, "key") : text_of(&j)) return Value::string(*key);
  d.unexpected(path, "a project with a \"key\"", j);
  return Value::null();
}

Value read_parent_key(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (auto key = j.is_object() ? text_at(j, "key") : text_of(&j)) return Value::string(*key);
  d.unexpected(path, "a parent issue with a \"key\"", j);
  return Value::null();
}

struct StandardField {
  IssueSlot slot;
  const char* jira;
  Reader read;
};

// fields.def's "jira" column, with the reader each field needs.
const StandardField kStandardFields[] = {
    {IssueSlot::Project, "project", read_project_key},
    {IssueSlot::Type, "issuetype", read_name},
    {IssueSlot::Summary, "summary", read_text},
    {IssueSlot::Description, "description", read_rich_text},
    {IssueSlot::Status, "status", read_name},
    {IssueSlot::Priority, "priority", read_name},
    {IssueSlot::Resolution, "resolution", read_name},
    {IssueSlot::Labels, "labels", read_strings},
    {IssueSlot::Assignee, "assignee", read_user},
    {IssueSlot::Reporter, "reporter", read_user},
    {IssueSlot::Components, "components", read_names},
    {IssueSlot::FixVersions, "fixVersions", read_names},
    {IssueSlot::AffectedVersions, "versions", read_names},
    {IssueSlot::Parent, "parent", read_parent_key},
    {IssueSlot::DueDate, "duedate", read_date},
    {IssueSlot::Environment, "environment", read_rich_text},
    {IssueSlot::Comments, "comment", read_comments},
    {IssueSlot::Attachments, "attachment", read_attachments},
    {IssueSlot::Links, "issuelinks", read_links},
    {IssueSlot::Worklogs, "worklog", read_worklogs},
    {IssueSlot::Created, "created", read_datetime},
    {IssueSlot::Updated, "updated", read_datetime},
};

void hide_marker_labels(Value& issue, const std::string& prefix) {
  const Value& labels = issue.field(slot(IssueSlot::Labels));
  if (prefix.empty() || !labels.is_list()) return;
  std::vector<Value> kept;
  for (const Value& l : labels.as_list()) {
    if (!(l.is_string() && l.as_string().rfind(prefix, 0) == 0)) kept.push_back(l);
  }
  if (kept.size() != labels.as_list().size()) issue.set_field(slot(IssueSlot::Labels), Value::list(std::move(kept)));
}

Value read_custom_fields(Decoder& d, const Json& fields, const std::string& path) {
  std::vector<std::pair<std::string, Value>> entries;
  for (const auto& [id, value] : fields.items()) {
    if (id.rfind("customfield_", 0) != 0 || value.is_null()) continue;
    const FieldInfo* info = d.catalog().by_id(id);
    Value v = read_custom(d, info, value, path_join(path, id));
    if (!v.is_null()) entries.emplace_back(info ? info->name : id, std::move(v));
  }
  return Value::map(std::move(entries));
}

Value read_issue_with(Decoder& d, const Json& j, const std::string& path) {
  Value issue = Value::record(issue_shape());
  issue.set_field(slot(IssueSlot::Key), read_text(d, member_or_null(j, "key"), path_join(path, "key")));
  issue.set_field(slot(IssueSlot::Id), read_text(d, member_or_null(j, "id"), path_join(path, "id")));
  const Json* fields = member(j, "fields");
  const std::string fields_path = path_join(path, "fields");
  if (fields == nullptr || fields->is_null()) return issue;
  if (!fields->is_object()) {
    d.unexpected(fields_path, "an object", *fields);
    return issue;
  }
  for (const StandardField& f : kStandardFields) {
    const Json* value = member(*fields, f.jira);
    if (value == nullptr) continue;
    issue.set_field(slot(f.slot), f.read(d, *value, path_join(fields_path, f.jira)));
  }
  hide_marker_labels(issue, d.options().hidden_label_prefix);
  issue.set_field(slot(IssueSlot::Custom), read_custom_fields(d, *fields, fields_path));
  return issue;
}

}  // namespace

Value read_issue(Decoder& d, const Json& j, const std::string& path) {
  if (!j.is_object()) {
    d.unexpected(path.empty() ? "/" : path, "an issue object", j);
    return Value::null();
  }
  if (member(j, "names") == nullptr) return read_issue_with(d, j, path);
  // expand=names,schema: the issue names its own custom fields; the catalog still wins.
  FieldCatalog local = FieldCatalog::from_issue_names(j);
  FieldCatalog merged = d.catalog();
  merged.merge(local);
  Decoder inner(merged, d.options());
  Value issue = read_issue_with(inner, j, path);
  for (DecodeWarning& w : inner.take_warnings()) d.warn(std::move(w.path), std::move(w.message));
  return issue;
}

bool comments_cut_short(const Json& issue) {
  const Json* page = member(member_or_null(issue, "fields"), "comment");
  if (page == nullptr) return false;
  const Json* list = member(*page, "comments");
  const auto total = int_at(*page, "total");
  if (list == nullptr || !list->is_array() || !total) return false;
  return int_at(*page, "startAt").value_or(0) + static_cast<int64_t>(list->size()) < *total;
}

Result<DecodedIssue> decode_issue(const Json& issue, const FieldCatalog& catalog, const DecodeOptions& options) {
  if (!issue.is_object()) return make_error("/: expected an issue object, got " + json_kind(issue), ErrorKind::BadJson);
  Decoder d(catalog, options);
  Value v = read_issue(d, issue, "");
  return DecodedIssue{std::move(v), d.take_warnings()};
}

}  // namespace twinsync::jira
