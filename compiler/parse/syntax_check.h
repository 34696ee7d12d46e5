// syntax_check.h — parse a rule file or a JQL query for syntax only (used by the fuzzer and lint).
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace twinsync::parse {

/// Reports every syntax error of a .sync file; returns true when there were none.
bool check_sync_syntax(const SourceFile& file, DiagnosticSink& sink);
/// Reports every syntax error of a JQL query that starts at `base` in its file.
bool check_jql_syntax(const SourceFile& file, Span span, DiagnosticSink& sink);

}  // namespace twinsync::parse
