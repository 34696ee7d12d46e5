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

std::optional<std::string> template_text(const Expr& e) {
  if (e.kind == ExprKind::Literal) {
    if (!e.literal.is_string()) return std::nullopt;
    return std::string(e.literal.as_string());
  }
  if (e.kind != ExprKind::Interp) return std::nullopt;
  std::string out;
  for (const auto& part : e.args) {
    if (part->kind == ExprKind::Literal && part->literal.is_string()) {
      out += part->literal.as_string();
    } else if (part->kind == ExprKind::Name) {
      out += "{" + part->name + "}";
    } else {
      return std::nullopt;
    }
  }
  return out;
}

RuleBlock* File::block(BlockKind kind) {
  for (RuleBlock& b : blocks) {
    if (b.kind == kind) return &b;
  }
  return nullptr;
}

}  // namespace twinsync::ast
