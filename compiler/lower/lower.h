// lower.h — Visual mode (`mapping { … }`) and Basic mode (`use basic`) become ordinary outgoing
// and incoming statements before checking, so they compile to the same bytecode as hand-written
// rules and get the same diagnostics.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace twinsync {

/// Prepends the statements that presets and mappings stand for to the file's rule blocks
/// (creating the blocks when absent), so hand-written statements that follow can override them.
void lower_file(ast::File& file, DiagnosticSink& sink);

}  // namespace twinsync
