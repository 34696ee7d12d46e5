// eval_input.h — reads an issue for `twinsync eval`: a Jira REST issue (v2 or v3) or
// twinsync's own record JSON (what `eval` prints for a replica); and a tracker's field list.
#pragma once

#include <string>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/field_catalog.h"

namespace twinsync::cli {

Result<Value> load_issue_file(const std::string& path, const jira::FieldCatalog& catalog);
/// The answer of GET /rest/api/{2,3}/field saved to a file; an empty catalog for an empty path.
Result<jira::FieldCatalog> load_field_catalog(const std::string& path);

}  // namespace twinsync::cli
