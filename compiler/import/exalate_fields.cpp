// exalate_fields.cpp — the table of Exalate's field names (Jira connector) and their rule
// language counterparts. Fields not here are left untranslated, by name.
#include "compiler/import/exalate_fields.h"

#include <array>

namespace twinsync::exalate {
namespace {

constexpr std::array kFields = {
    ExalateField{"key", "key", Kind::Text},
    ExalateField{"id", "id", Kind::Text},
    ExalateField{"type", "type", Kind::NameObject},
    ExalateField{"typeName", "type", Kind::Text},
    ExalateField{"summary", "summary", Kind::Text},
    ExalateField{"description", "description", Kind::Text},
    ExalateField{"status", "status", Kind::NameObject},
    ExalateField{"priority", "priority", Kind::NameObject},
    ExalateField{"resolution", "resolution", Kind::NameObject},
    ExalateField{"environment", "environment", Kind::Text},
    ExalateField{"labels", "labels", Kind::List},
    ExalateField{"components", "components", Kind::List},
    ExalateField{"fixVersions", "fixVersions", Kind::List},
    ExalateField{"affectedVersions", "affectedVersions", Kind::List},
    ExalateField{"assignee", "assignee", Kind::User},
    ExalateField{"reporter", "reporter", Kind::User},
    ExalateField{"parentId", "parent", Kind::Text},
    ExalateField{"due", "duedate", Kind::Date},
    ExalateField{"duedate", "duedate", Kind::Date},
    ExalateField{"dueDate", "duedate", Kind::Date},
    ExalateField{"comments", "comments", Kind::Items},
    ExalateField{"attachments", "attachments", Kind::Items},
    ExalateField{"workLogs", "worklogs", Kind::Items},
    ExalateField{"project", "project", Kind::Project},
    ExalateField{"projectKey", "project", Kind::Text},
    ExalateField{"created", "created", Kind::Date},
    ExalateField{"updated", "updated", Kind::Date},
    ExalateField{"customFields", "custom", Kind::CustomMap},
};

constexpr std::array<std::string_view, 4> kUserFields = {"email", "displayName", "accountId", "username"};

struct KnownCustom {
  std::string_view name;
  std::string_view type;
};
// Jira's own custom fields whose type every site shares.
constexpr std::array kKnownCustoms = {
    KnownCustom{"Story Points", "number"},
    KnownCustom{"Story point estimate", "number"},
    KnownCustom{"Start date", "date"},
    KnownCustom{"Epic Name", "text"},
    KnownCustom{"Epic Link", "text"},
};

}  // namespace

const ExalateField* find_field(std::string_view name) {
  for (const ExalateField& f : kFields) {
    if (f.exalate == name) return &f;
  }
  return nullptr;
}

std::string_view user_field(std::string_view name) {
  for (std::string_view f : kUserFields) {
    if (f == name) return f;
  }
  return {};
}

std::string_view known_custom_type(std::string_view name) {
  for (const KnownCustom& c : kKnownCustoms) {
    if (c.name == name) return c.type;
  }
  return {};
}

}  // namespace twinsync::exalate
