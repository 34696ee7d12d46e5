// issue_encode.cpp — wanted changes to the fields/update body of an edit or create, and comment
// and transition bodies.
#include "runtime/jira/issue_encode.h"

#include "compiler/vm/datetime.h"
#include "runtime/jira/rich_text.h"

namespace twinsync::jira {
namespace {

Error field_error(std::string_view field, const std::string& what, ErrorKind kind = ErrorKind::BadValue) {
  return make_error(std::string(field) + ": " + what, kind);
}

std::string tag_text(const Value& v) { return tag_name(v.tag()); }

Result<Json> named(std::string_view field, const Value& v, const char* key) {
  if (v.is_null()) return Json(nullptr);
  if (!v.is_string()) return field_error(field, "expected text, got " + tag_text(v));
  return Json{{key, std::string(v.as_string())}};
}

Result<Json> named_list(std::string_view field, const Value& v) {
  Json out = Json::array();
  if (v.is_null()) return out;
  if (!v.is_list()) return field_error(field, "expected a list of names, got " + tag_text(v));
  for (const Value& item : v.as_list()) {
    if (!item.is_string()) return field_error(field, "expected names (text), got " + tag_text(item));
    out.push_back({{"name", std::string(item.as_string())}});
  }
  return out;
}

Result<Json> text_list(std::string_view field, const Value& v) {
  Json out = Json::array();
  if (v.is_null()) return out;
  if (!v.is_list()) return field_error(field, "expected a list of text, got " + tag_text(v));
  for (const Value& item : v.as_list()) {
    if (!item.is_string()) return field_error(field, "expected text items, got " + tag_text(item));
    out.push_back(std::string(item.as_string()));
  }
  return out;
}

Result<Json> rich_text(std::string_view field, const Value& v, const Dialect& dialect) {
  if (v.is_null()) return Json(nullptr);
  if (!v.is_string()) return field_error(field, "expected text, got " + tag_text(v));
  return encode_rich_text(v.as_string(), dialect);
}

Result<Json> due_date(const Value& v) {
  if (v.is_null()) return Json(nullptr);
  if (v.tag() == Tag::Date) return Json(datetime::format_date(v.as_date()));
  if (v.tag() == Tag::DateTime) return Json(datetime::format_date(datetime::days_of(v.as_datetime())));
  if (v.is_string() && datetime::parse_date(v.as_string())) return Json(std::string(v.as_string()));
  return field_error("duedate", "expected a date, got " + tag_text(v));
}

// A list delta item in the form the field's "update" verbs take.
Result<Json> delta_item(IssueSlot slot, const Value& item) {
  if (!item.is_string()) return field_error(jira_field_id(slot), "expected text items, got " + tag_text(item));
  if (slot == IssueSlot::Labels) return Json(std::string(item.as_string()));
  return Json{{"name", std::string(item.as_string())}};
}

bool is_list_slot(IssueSlot slot) {
  return slot == IssueSlot::Labels || slot == IssueSlot::Components || slot == IssueSlot::FixVersions ||
         slot == IssueSlot::AffectedVersions;
}

enum class BodyFor { Edit, Create };

Result<Json> encode_body(const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect, BodyFor purpose) {
  Json fields = Json::object();
  Json update = Json::object();
  for (const auto& [slot, value] : changes.fields()) {
    if (purpose == BodyFor::Edit && slot == IssueSlot::Project) {
      return field_error("project", "is written on the first sync only (moving issues is not an edit)", ErrorKind::ReadOnly);
    }
    auto v = encode_standard(slot, value, dialect);
    if (!v) return v.error();
    fields[jira_field_id(slot)] = std::move(*v);
  }
  for (const auto& [name, value] : changes.custom()) {
    auto v = encode_custom(name, value, catalog, dialect);
    if (!v) return v.error();
    fields[v->first] = std::move(v->second);
  }
  for (const auto& [slot, ops] : changes.deltas()) {
    if (changes.get(slot) != nullptr) continue;  // replaced wholesale above
    if (!is_list_slot(slot)) {
      return field_error(jira_field_id(slot), "add/remove applies to labels, components and versions only");
    }
    Json& verbs = update[jira_field_id(slot)];
    for (const auto& [verb, item] : ops) {
      auto v = delta_item(slot, item);
      if (!v) return v.error();
      verbs.push_back({{verb, std::move(*v)}});
    }
  }
  Json body = {{"fields", std::move(fields)}};
  if (!update.empty()) body["update"] = std::move(update);
  return body;
}

}  // namespace

void WantedChanges::set(IssueSlot slot, Value value) { fields_[slot] = std::move(value); }

void WantedChanges::set_custom(const std::string& name, Value value) { custom_[name] = std::move(value); }

void WantedChanges::add_to(IssueSlot slot, Value item) { deltas_[slot].emplace_back("add", std::move(item)); }

void WantedChanges::remove_from(IssueSlot slot, Value item) { deltas_[slot].emplace_back("remove", std::move(item)); }

void WantedChanges::drop(IssueSlot slot) {
  fields_.erase(slot);
  deltas_.erase(slot);
}

const Value* WantedChanges::get(IssueSlot slot) const {
  auto it = fields_.find(slot);
  return it == fields_.end() ? nullptr : &it->second;
}

std::string jira_field_id(IssueSlot slot) { return std::string(issue_shape().fields[twinsync::slot(slot)].jira); }

Json encode_rich_text(std::string_view wiki, const Dialect& dialect) {
  if (dialect.adf()) return wiki_to_adf(wiki);
  return std::string(wiki);
}

Value stored_form(IssueSlot slot, const Value& value, const Dialect& dialect) {
  if ((slot != IssueSlot::Description && slot != IssueSlot::Environment) || !value.is_string() || !dialect.adf()) {
    return value;
  }
  auto back = adf_to_wiki(wiki_to_adf(value.as_string()));
  return back ? Value::string(*back) : value;
}

Result<Json> encode_user(const Value& user, const Dialect& dialect) {
  if (user.is_null()) return Json(nullptr);
  if (!user.is_record() || &user.shape() != &user_shape()) {
    return make_error("expected a user, got " + tag_text(user), ErrorKind::BadValue);
  }
  const UserSlot id_slot = dialect.cloud() ? UserSlot::AccountId : UserSlot::Username;
  const Value& id = user.field(slot(id_slot));
  if (!id.is_string() || id.as_string().empty()) {
    return make_error(std::string("the user has no ") + (dialect.cloud() ? "accountId" : "user name") +
                          ", which Jira " + (dialect.cloud() ? "Cloud" : "Data Center") + " needs",
                      ErrorKind::UnresolvedUser);
  }
  return Json{{dialect.cloud() ? "accountId" : "name", std::string(id.as_string())}};
}

Result<Json> encode_standard(IssueSlot slot, const Value& value, const Dialect& dialect) {
  const std::string id = jira_field_id(slot);
  const ShapeField& field = issue_shape().fields[twinsync::slot(slot)];
  if (field.flags & ReadOnly) return field_error(field.name, "is read-only", ErrorKind::ReadOnly);
  switch (slot) {
    case IssueSlot::Summary:
      if (!value.is_string() || value.as_string().empty()) return field_error(id, "must be non-empty text");
      return Json(std::string(value.as_string()));
    case IssueSlot::Description:
    case IssueSlot::Environment: return rich_text(id, value, dialect);
    case IssueSlot::Project: return named(id, value, "key");
    case IssueSlot::Type:
    case IssueSlot::Priority:
    case IssueSlot::Resolution: return named(id, value, "name");
    case IssueSlot::Parent: return named(id, value, "key");
    case IssueSlot::Labels: return text_list(id, value);
    case IssueSlot::Components:
    case IssueSlot::FixVersions:
    case IssueSlot::AffectedVersions: return named_list(id, value);
    case IssueSlot::Assignee:
    case IssueSlot::Reporter: {
      auto u = encode_user(value, dialect);
      if (!u) return field_error(id, u.error().message, u.error().kind);
      return u;
    }
    case IssueSlot::DueDate: return due_date(value);
    case IssueSlot::Status:
      return field_error("status", "is reached through workflow transitions, not an edit", ErrorKind::NotEditable);
    case IssueSlot::Comments:
    case IssueSlot::Attachments:
    case IssueSlot::Links:
    case IssueSlot::Worklogs:
      return field_error(field.name, "are written with their own requests, not an edit", ErrorKind::NotEditable);
    case IssueSlot::Custom: return field_error("custom", "is written field by field (set_custom)", ErrorKind::NotEditable);
    default: return field_error(field.name, "cannot be written", ErrorKind::ReadOnly);
  }
}

Result<Json> encode_edit(const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect) {
  return encode_body(changes, catalog, dialect, BodyFor::Edit);
}

Result<Json> encode_create(const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect) {
  for (IssueSlot required : {IssueSlot::Project, IssueSlot::Type, IssueSlot::Summary}) {
    const Value* v = changes.get(required);
    if (v == nullptr || v->is_null()) {
      return field_error(jira_field_id(required), "is required to create an issue", ErrorKind::MissingField);
    }
  }
  return encode_body(changes, catalog, dialect, BodyFor::Create);
}

Result<Json> encode_comment(std::string_view body, const Value& visibility, bool internal, const Dialect& dialect) {
  Json out = {{"body", encode_rich_text(body, dialect)}};
  if (visibility.is_string()) {
    std::string_view vis = visibility.as_string();
    const auto colon = vis.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon + 1 == vis.size()) {
      return field_error("visibility", "expected \"role:Name\" or \"group:Name\", got \"" + std::string(vis) + "\"");
    }
    out["visibility"] = {{"type", std::string(vis.substr(0, colon))}, {"value", std::string(vis.substr(colon + 1))}};
  } else if (!visibility.is_null()) {
    return field_error("visibility", "expected text, got " + tag_text(visibility));
  } else if (internal) {
    // Service management's internal-note flag; plain Jira ignores the property.
    out["properties"] = Json::array({{{"key", "sd.public.comment"}, {"value", {{"internal", true}}}}});
  }
  return out;
}

Json encode_transition(const std::string& transition_id, const Json& fields, std::string_view comment,
                       const Dialect& dialect) {
  Json body = {{"transition", {{"id", transition_id}}}};
  if (fields.is_object() && !fields.empty()) body["fields"] = fields;
  if (!comment.empty()) {
    body["update"] = {{"comment", Json::array({{{"add", {{"body", encode_rich_text(comment, dialect)}}}}})}};
  }
  return body;
}

}  // namespace twinsync::jira
