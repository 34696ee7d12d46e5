// schema_from_catalog.h — what the rule checker should know of a tracker's custom fields: their
// names and value types (from GET /field), so lint catches a misspelt custom field and JQL's
// cf[NNNNN] resolves.
#pragma once

#include "compiler/check/checker.h"
#include "runtime/jira/field_catalog.h"

namespace twinsync::jira {

Schema schema_from_catalog(const FieldCatalog& catalog);
const Type* type_of_kind(FieldKind kind);

}  // namespace twinsync::jira
