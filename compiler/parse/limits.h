// limits.h — bounds on nesting and expression length, checked on the tokens before parsing, so
// that no input can exhaust the stack of the recursive parser, checker or code generator.
#pragma once

#include <antlr4-runtime.h>

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/code_points.h"

namespace twinsync::parse {

constexpr int kMaxNesting = 200;        // brackets, braces, interpolations, prefix operators
constexpr int kMaxChainLength = 2000;   // operators, members and indexes in one expression

/// Reports the first place a .sync token stream exceeds a limit; false when it does.
bool check_sync_limits(antlr4::CommonTokenStream& tokens, const CodePointOffsets& offsets, DiagnosticSink& sink);
/// The same for a JQL query (parentheses, and clauses joined by AND/OR/NOT).
bool check_jql_limits(antlr4::CommonTokenStream& tokens, const CodePointOffsets& offsets, DiagnosticSink& sink);

}  // namespace twinsync::parse
