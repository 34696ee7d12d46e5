// jql_compile.h — a parsed JQL filter to a bytecode predicate over an issue record (root 0),
// so that triggers and the embedded tracker's search evaluate it in the same VM as the rules.
#pragma once

#include "compiler/bytecode/program.h"
#include "compiler/check/checker.h"
#include "compiler/jql/jql_ast.h"

namespace twinsync {

/// Where a clause no local evaluation can judge goes.
enum class JqlFallback {
  TrackerSearch,  // the embedded tracker's own search: it is the tracker. WAS and CHANGED read
                  // the changelog through the host ($history); what it lacks is an error
  AskTracker      // a trigger: the clause is asked of the tracker, with a warning that says so
};

/// Emits `query`'s predicate into `chunk` (ending in return.value with a bool). Unsupported
/// fields, functions and history clauses are reported; the predicate is then still valid code
/// (the unsupported parts evaluate to false) so callers may decide what an error means. With
/// AskTracker, Jira's own fields and functions that the issue record lacks (WAS, CHANGED,
/// jql_tracker_only.def) are judged by the tracker instead of refused; with TrackerSearch, WAS
/// and CHANGED are answered by the host's history (HostContext::jql_history).
void compile_jql(const jql::Query& query, const Schema& schema, Program& program, Chunk& chunk, DiagnosticSink& sink,
                 JqlFallback fallback = JqlFallback::TrackerSearch);

/// The JQL fields a filter can use, for messages and docs.
std::vector<std::string> jql_field_names();

}  // namespace twinsync
