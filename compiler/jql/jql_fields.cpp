// jql_fields.cpp — the table of JQL field names and their issue slots.
#include "compiler/jql/jql_fields.h"

#include <algorithm>

#include "compiler/schema/shapes.h"
#include "compiler/support/text.h"

namespace twinsync::jql {
namespace {

struct Alias {
  const char* name;
  IssueSlot slot;
};

// Jira's JQL names (and common aliases) for the fields of fields.def.
constexpr Alias kAliases[] = {
    {"project", IssueSlot::Project},         {"issuetype", IssueSlot::Type},
    {"type", IssueSlot::Type},               {"status", IssueSlot::Status},
    {"priority", IssueSlot::Priority},       {"resolution", IssueSlot::Resolution},
    {"labels", IssueSlot::Labels},           {"label", IssueSlot::Labels},
    {"assignee", IssueSlot::Assignee},       {"reporter", IssueSlot::Reporter},
    {"component", IssueSlot::Components},    {"components", IssueSlot::Components},
    {"fixversion", IssueSlot::FixVersions},  {"affectedversion", IssueSlot::AffectedVersions},
    {"parent", IssueSlot::Parent},           {"due", IssueSlot::DueDate},
    {"duedate", IssueSlot::DueDate},         {"environment", IssueSlot::Environment},
    {"summary", IssueSlot::Summary},         {"description", IssueSlot::Description},
    {"comment", IssueSlot::Comments},        {"created", IssueSlot::Created},
    {"createddate", IssueSlot::Created},     {"updated", IssueSlot::Updated},
    {"updateddate", IssueSlot::Updated},     {"key", IssueSlot::Key},
    {"issuekey", IssueSlot::Key},            {"issue", IssueSlot::Key},
    {"id", IssueSlot::Id},
    {"attachments", IssueSlot::Attachments}, {"issuelink", IssueSlot::Links},
};

}  // namespace

std::optional<FieldRef> resolve_field(const Field& field, const Schema& schema) {
  // cf[id] is named only by the tracker's field list; its type comes from a declaration, else any.
  if (field.custom_id >= 0) {
    auto it = schema.custom_ids.find(field.custom_id);
    if (it == schema.custom_ids.end()) return std::nullopt;
    auto type = schema.custom_fields.find(it->second);
    return FieldRef{FieldRef::Custom, 0, it->second, type != schema.custom_fields.end() ? type->second : types::any()};
  }
  // Issue properties are not part of the record twinsync sees.
  if (!field.property.empty()) return std::nullopt;
  const std::string name = ascii_lower(field.name);
  // `text` is Jira's search over summary, description, environment and comments, not a field.
  if (name == "text") return FieldRef{FieldRef::Text, 0, {}, types::text()};
  for (const Alias& a : kAliases) {
    if (name == a.name) {
      // Priority is flagged so that <, >, <= and >= compare ranks, not names.
      const uint32_t s = slot(a.slot);
      return FieldRef{FieldRef::Slot, s, {}, issue_shape().fields[s].type, a.slot == IssueSlot::Priority};
    }
  }
  // Custom fields by name; Jira matches them case-insensitively.
  // Standard names are tried first: a custom field that shares one is reached by cf[id].
  for (const auto& [custom, type] : schema.custom_fields) {
    if (ascii_lower(custom) == name) return FieldRef{FieldRef::Custom, 0, custom, type};
  }
  return std::nullopt;
}

std::optional<int> priority_rank(std::string_view name) {
  // Jira Cloud's default scheme and Data Center's older one.
  static const std::pair<std::string_view, int> kRanks[] = {
      {"lowest", 1}, {"trivial", 1}, {"low", 2}, {"minor", 2}, {"medium", 3}, {"major", 3},
      {"high", 4},   {"critical", 4}, {"highest", 5}, {"blocker", 5}};
  for (const auto& [known, rank] : kRanks) {
    if (iequals(name, known)) return rank;  // the table is lower case
  }
  return std::nullopt;
}

std::vector<std::string> standard_field_names() {
  std::vector<std::string> names = {"text"};
  for (const Alias& a : kAliases) names.emplace_back(a.name);
  return names;
}

}  // namespace twinsync::jql
