// schema_from_catalog.cpp — FieldKind to the checker's types.
#include "runtime/jira/schema_from_catalog.h"

#include "compiler/support/numbers.h"

namespace twinsync::jira {

const Type* type_of_kind(FieldKind kind) {
  switch (kind) {
    case FieldKind::Text:
    case FieldKind::RichText:
    case FieldKind::Select:
    case FieldKind::Project:
    case FieldKind::IssueKey: return types::text();
    case FieldKind::Number: return types::number();
    case FieldKind::Date: return types::date();
    case FieldKind::DateTime: return types::datetime();
    case FieldKind::MultiSelect:
    case FieldKind::Cascading:
    case FieldKind::Labels:
    case FieldKind::Versions:
    case FieldKind::Sprint: return types::list_of(types::text());
    case FieldKind::User: return types::user();
    case FieldKind::Users: return types::list_of(types::user());
    case FieldKind::Unknown: return types::any();
  }
  return types::any();
}

Schema schema_from_catalog(const FieldCatalog& catalog) {
  Schema schema;
  for (const FieldInfo& f : catalog.fields()) {
    if (!f.custom) continue;
    schema.custom_fields[f.name] = type_of_kind(f.kind);
    const std::string prefix = "customfield_";
    if (f.id.rfind(prefix, 0) == 0) {
      if (auto id = parse_int<long>(std::string_view(f.id).substr(prefix.size()))) schema.custom_ids[*id] = f.name;
    }
  }
  return schema;
}

}  // namespace twinsync::jira
