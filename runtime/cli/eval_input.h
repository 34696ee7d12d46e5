// eval_input.h — reads an issue for `twinsync eval`: a Jira REST issue (v2 or v3) or
// twinsync's own record JSON (what `eval` prints for a replica).
#pragma once

#include <string>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"

namespace twinsync::cli {

Result<Value> load_issue_file(const std::string& path);

}  // namespace twinsync::cli
