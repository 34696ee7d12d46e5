// ast.cpp — small helpers of the syntax tree.
#include "compiler/ast/ast.h"

namespace twinsync::ast {

const char* binary_op_text(BinaryOp op) {
  switch (op) {
    case BinaryOp::Add: return "+";
    case BinaryOp::Sub: return "-";
    case BinaryOp::Mul: return "*";
    case BinaryOp::Div: return "/";
    case BinaryOp::Mod: return "%";
    case BinaryOp::Eq: return "==";
    case BinaryOp::Ne: return "!=";
    case BinaryOp::Lt: return "<";
    case BinaryOp::Le: return "<=";
    case BinaryOp::Gt: return ">";
    case BinaryOp::Ge: return ">=";
    case BinaryOp::And: return "and";
    case BinaryOp::Or: return "or";
  }
  return "?";
}

RuleBlock* File::block(BlockKind kind) {
  for (RuleBlock& b : blocks) {
    if (b.kind == kind) return &b;
  }
  return nullptr;
}

}  // namespace twinsync::ast
