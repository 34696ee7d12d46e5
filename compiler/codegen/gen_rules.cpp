// gen_rules.cpp — statements and expressions of rule blocks to stack code.
#include "compiler/codegen/gen_rules.h"

#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::RefKind;
using ast::Stmt;
using ast::StmtKind;

class RuleGen {
 public:
  RuleGen(Emitter& e, ast::BlockKind kind) : e_(e), kind_(kind) {}

  void body(const std::vector<ast::StmtPtr>& stmts) {
    for (const auto& s : stmts) stmt(*s);
  }

 private:
  void stmt(const Stmt& s) {
    switch (s.kind) {
      case StmtKind::Assign: assign(s); break;
      case StmtKind::Let:
        expr(*s.value);
        e_.emit(Op::StoreLocal, s.span, 0, static_cast<uint16_t>(s.local));
        break;
      case StmtKind::If: {
        expr(*s.value);
        const size_t to_else = e_.emit_jump(Op::JumpIfFalse, s.value->span);
        body(s.then_body);
        if (s.else_body.empty()) {
          e_.patch(to_else);
          break;
        }
        const size_t to_end = e_.emit_jump(Op::Jump, s.span);
        e_.patch(to_else);
        body(s.else_body);
        e_.patch(to_end);
        break;
      }
      case StmtKind::Skip: e_.emit(Op::Skip, s.span); break;
      case StmtKind::Error:
        expr(*s.value);
        e_.emit(Op::Fail, s.span);
        break;
    }
  }

  bool is_root_field(const Expr& x) const {
    return x.kind == ExprKind::Member && x.ref.kind == RefKind::Field && x.args[0]->kind == ExprKind::Name &&
           x.args[0]->ref.kind == RefKind::Root;
  }

  void assign(const Stmt& s) {
    const Expr& t = *s.target;
    const bool custom = t.kind == ExprKind::Index;
    // replica.x = issue.y with nothing else to do: one instruction.
    if (!custom && s.or_else == ast::OrElse::None && is_root_field(*s.value)) {
      // copy.field copies the source before the output may be copied, so the source may be the
      // output record itself.
      e_.emit(Op::CopyField, s.span, static_cast<uint8_t>(s.value->args[0]->ref.index),
              static_cast<uint16_t>(s.value->ref.index), static_cast<int32_t>(t.ref.index));
      return;
    }
    expr(*s.value);
    size_t skip_store = SIZE_MAX;
    if (s.or_else != ast::OrElse::None) {
      // `x = v or …`: jump.notnull keeps a non-null v for the store. On null it pops v; then
      // `keep` jumps past the store (the field keeps its value), and skip and error stop the run,
      // so the store is reached with exactly one value on every path.
      const size_t to_store = e_.emit_jump(Op::JumpIfNotNull, s.value->span);
      switch (s.or_else) {
        case ast::OrElse::Keep: skip_store = e_.emit_jump(Op::Jump, s.span); break;
        case ast::OrElse::Skip: e_.emit(Op::Skip, s.span); break;
        case ast::OrElse::Error:
          expr(*s.or_else_message);
          e_.emit(Op::Fail, s.or_else_message->span);
          break;
        case ast::OrElse::None: break;
      }
      e_.patch(to_store);
    }
    if (custom) {
      // The checker took only a literal name as a custom target, so the key is a constant.
      const Expr& key = *t.args[1];
      e_.emit(Op::StoreCustom, s.span, 0, e_.constant(key.literal, key.span));
    } else {
      e_.emit(Op::StoreField, s.span, 0, static_cast<uint16_t>(t.ref.index));
    }
    if (skip_store != SIZE_MAX) e_.patch(skip_store);
  }

  void expr(const Expr& x) {
    switch (x.kind) {
      case ExprKind::Literal: literal(x.literal, x.span); break;
      case ExprKind::Interp:
        for (const auto& p : x.args) expr(*p);
        e_.emit(Op::Concat, x.span, 0, static_cast<uint16_t>(x.args.size()));
        break;
      case ExprKind::Name: name(x); break;
      case ExprKind::ItemField:
        // The current item is the fourth local of the innermost filter.
        e_.emit(Op::LoadLocal, x.span, 0, static_cast<uint16_t>(items_.back() + 3));
        field_of_top(x, false);
        break;
      case ExprKind::Member:
      case ExprKind::SafeMember:
        // A root's field is one load.field, which reads null when the root is absent (previous on a
        // first sync) where get.field would fail. `?.` keeps the long form.
        if (x.kind == ExprKind::Member && is_root_field(x)) {
          e_.emit(Op::LoadField, x.span, static_cast<uint8_t>(x.args[0]->ref.index), static_cast<uint16_t>(x.ref.index));
          break;
        }
        expr(*x.args[0]);
        field_of_top(x, x.kind == ExprKind::SafeMember);
        break;
      case ExprKind::Index: index(x); break;
      case ExprKind::Call:
        for (const auto& a : x.args) expr(*a);
        e_.emit(Op::Call, x.span, static_cast<uint8_t>(x.args.size()), static_cast<uint16_t>(x.ref.index));
        break;
      case ExprKind::List:
        for (const auto& a : x.args) expr(*a);
        e_.emit(Op::MakeList, x.span, 0, static_cast<uint16_t>(x.args.size()));
        break;
      case ExprKind::Neg:
        expr(*x.args[0]);
        e_.emit(Op::Neg, x.span);
        break;
      case ExprKind::Not:
        expr(*x.args[0]);
        e_.emit(Op::Not, x.span);
        break;
      case ExprKind::Binary: binary(x); break;
      case ExprKind::In:
        expr(*x.args[0]);
        expr(*x.args[1]);
        e_.emit(Op::In, x.span);
        if (x.negated) e_.emit(Op::Not, x.span);
        break;
      case ExprKind::Coalesce: {
        expr(*x.args[0]);
        // A non-null left side stays as the value; a null one is popped and the right side replaces it.
        const size_t done = e_.emit_jump(Op::JumpIfNotNull, x.span);
        expr(*x.args[1]);
        e_.patch(done);
        break;
      }
      case ExprKind::Where: where(x); break;
    }
  }

  void literal(const Value& v, Span span) {
    switch (v.tag()) {
      case Tag::Null: e_.emit(Op::Null, span); break;
      case Tag::Bool: e_.emit(v.as_bool() ? Op::True : Op::False, span); break;
      default: e_.emit(Op::Const, span, 0, e_.constant(v, span)); break;
    }
  }

  void name(const Expr& x) {
    switch (x.ref.kind) {
      case RefKind::Root: e_.emit(Op::LoadRoot, x.span, static_cast<uint8_t>(x.ref.index)); break;
      case RefKind::Local: e_.emit(Op::LoadLocal, x.span, 0, static_cast<uint16_t>(x.ref.index)); break;
      case RefKind::FirstSync: e_.emit(Op::FirstSync, x.span); break;
      case RefKind::Item: e_.emit(Op::LoadLocal, x.span, 0, static_cast<uint16_t>(items_.back() + 3)); break;
      default: e_.emit(Op::Null, x.span); break;  // unreachable after a clean check
    }
  }

  void field_of_top(const Expr& x, bool safe) {
    if (x.ref.kind == RefKind::NamedField) {
      size_t done = SIZE_MAX;
      // jump.null leaves the null in place as the value of `a?.name`.
      if (safe) done = e_.emit_jump(Op::JumpIfNull, x.span);
      e_.emit(Op::GetNamed, x.span, 0, e_.constant(Value::string(x.name), x.span));
      if (safe) e_.patch(done);
      return;
    }
    e_.emit(safe ? Op::GetFieldSafe : Op::GetField, x.name_span, 0, static_cast<uint16_t>(x.ref.index));
  }

  void index(const Expr& x) {
    if (x.ref.kind == RefKind::Map) {
      expr(*x.args[1]);
      // Outgoing lookups use the table keyed by this side's values, incoming ones the other.
      const uint8_t dir = kind_ == ast::BlockKind::Outgoing ? 0 : 1;
      e_.emit(Op::MapGet, x.span, dir, static_cast<uint16_t>(x.ref.index));
      return;
    }
    if (x.ref.kind == RefKind::Custom) {
      // root.custom["Name"]: load the root record, then its custom field by name.
      const Expr& member = *x.args[0];
      expr(*member.args[0]);
      e_.emit(Op::GetCustom, x.span, 0, e_.constant(x.args[1]->literal, x.args[1]->span));
      return;
    }
    expr(*x.args[0]);
    expr(*x.args[1]);
    e_.emit(Op::Index, x.span);
  }

  void binary(const Expr& x) {
    using ast::BinaryOp;
    if (x.op == BinaryOp::And || x.op == BinaryOp::Or) {
      expr(*x.args[0]);
      // The value is the operand that decides: `a and b` is a when a is not true, else b.
      const size_t done = e_.emit_jump(x.op == BinaryOp::And ? Op::JumpIfFalseKeep : Op::JumpIfTrueKeep, x.span);
      expr(*x.args[1]);
      e_.patch(done);
      return;
    }
    expr(*x.args[0]);
    expr(*x.args[1]);
    // Indexed by BinaryOp, whose order up to Ge this table follows; and/or were handled above.
    static constexpr Op kOps[] = {Op::Add, Op::Sub, Op::Mul, Op::Div, Op::Mod, Op::Eq,
                                  Op::Ne,  Op::Lt,  Op::Le,  Op::Gt,  Op::Ge};
    e_.emit(kOps[static_cast<int>(x.op)], x.span);
  }

  void where(const Expr& x) {
    const auto base = static_cast<uint16_t>(x.ref.index);
    expr(*x.args[0]);
    // iter.begin takes the list; each pass iter.next sets the item or leaves for filter.end, the
    // condition runs with the item in reach, and filter.keep takes its bool.
    e_.emit(Op::IterBegin, x.span, 0, base);
    const size_t loop = e_.here();
    const size_t exit = e_.emit_jump(Op::IterNext, x.span, base);
    items_.push_back(base);
    expr(*x.args[1]);
    items_.pop_back();
    e_.emit(Op::FilterKeep, x.args[1]->span, 0, base);
    e_.emit(Op::Jump, x.span, 0, 0, static_cast<int32_t>(loop));
    e_.patch(exit);
    e_.emit(Op::FilterEnd, x.span, 0, base);
  }

  Emitter& e_;
  ast::BlockKind kind_;
  std::vector<uint16_t> items_;  // local bases of the enclosing `where` filters
};

}  // namespace

void generate_block(const ast::RuleBlock& block, Program& program, Chunk& chunk, DiagnosticSink& sink) {
  chunk.name = block.kind == ast::BlockKind::Outgoing ? "outgoing" : "incoming";
  chunk.locals = block.locals;
  Emitter e(program, chunk, sink);
  RuleGen(e, block.kind).body(block.body);
  e.emit(Op::Return, {block.span.end > 0 ? block.span.end - 1 : 0, block.span.end});
  e.finish();
}

}  // namespace twinsync
