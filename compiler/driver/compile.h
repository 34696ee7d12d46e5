// compile.h — the whole pipeline in one call: parse, lower, check, generate. `lint`,
// `compile`, `eval` and the node all go through here, so they all report the same diagnostics.
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/bytecode/program.h"
#include "compiler/check/checker.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/jql/jql_compile.h"

namespace twinsync {

/// Compiles `file`. Every problem goes to `sink`; the program is returned only when there
/// were no errors (warnings do not stop it).
std::optional<Program> compile_source(const SourceFile& file, Schema schema, DiagnosticSink& sink);

/// The checked and lowered AST, for tools that print it (the lowering goldens).
ast::File check_source(const SourceFile& file, Schema& schema, DiagnosticSink& sink);

/// Compiles a standalone JQL query into a program with one trigger: by default as the embedded
/// tracker's search does (TrackerSearch), or as a node's trigger does (AskTracker).
std::optional<Program> compile_filter(const SourceFile& query, const Schema& schema, DiagnosticSink& sink,
                                      JqlFallback fallback = JqlFallback::TrackerSearch);

}  // namespace twinsync
