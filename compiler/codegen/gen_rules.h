// gen_rules.h — code generation for outgoing and incoming blocks from the checked AST.
#pragma once

#include "compiler/ast/ast.h"
#include "compiler/codegen/emitter.h"

namespace twinsync {

/// Emits `block` into `chunk` (ending in `return`).
void generate_block(const ast::RuleBlock& block, Program& program, Chunk& chunk, DiagnosticSink& sink);

}  // namespace twinsync
