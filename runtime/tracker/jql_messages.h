// jql_messages.h — the compiler's JQL diagnostics worded as Jira's 400 errorMessages:
// "Error in the JQL Query: … (line 1, character 9)" for syntax, "No JQL field 'x' …" for the rest.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace twinsync::tracker {

/// One message per error of `sink`, in source order; empty when there is none.
std::vector<std::string> jira_jql_messages(const SourceFile& query, const DiagnosticSink& sink);

}  // namespace twinsync::tracker
