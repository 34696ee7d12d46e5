// check_stmts.cpp — statements of a rule block: assignment targets, conditions, flow
// (unreachable code) and what the first sync must set before an issue can be created.
#include <set>

#include "compiler/check/checker_state.h"
#include "compiler/schema/shapes.h"

namespace twinsync::check {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::RefKind;
using ast::Root;
using ast::Stmt;
using ast::StmtKind;

bool is_output_root(const Expr& e) {
  return e.kind == ExprKind::Name && e.ref.kind == RefKind::Root && e.ref.index == static_cast<uint32_t>(Root::Output);
}

// Checks `target = …`: only fields of the record this block writes, and not read-only ones.
const Type* check_target(State& st, Expr& target) {
  const bool out = st.block == ast::BlockKind::Outgoing;
  const Type* t = check_expr(st, target);
  if (t->kind == TypeKind::Error) return t;
  // Find the root and the written field: root.field or root.custom["name"].
  Expr* field = &target;
  if (target.kind == ExprKind::Index) field = target.args[0].get();
  // An index target must be a custom field named by a literal: store.custom takes the name
  // as a constant.
  const bool shape_ok = field->kind == ExprKind::Member && field->args[0]->kind == ExprKind::Name &&
                        field->args[0]->ref.kind == RefKind::Root &&
                        (target.kind != ExprKind::Index || target.ref.kind == RefKind::Custom);
  if (!shape_ok) {
    st.report(DiagId::BadTarget, target.span, "`" + describe(target) + "` cannot be assigned")
        .help = std::string("assign a field: ") + (out ? "replica.summary = …" : "issue.summary = …");
    return types::error();
  }
  const Expr& root = *field->args[0];
  if (!is_output_root(root)) {
    Diagnostic& d = st.report(DiagId::ReadOnlyTarget, target.span,
                              "`" + root.name + "` is read-only in an " + (out ? "outgoing" : "incoming") + " block");
    d.help = out ? "outgoing rules fill the replica that leaves: replica." + field->name + " = issue." + field->name
                 : "incoming rules write the local issue: issue." + field->name + " = replica." + field->name;
    return types::error();
  }
  // Read-only fields are the tracker's own (key, id, created …): an incoming block may not
  // write them on the local issue, while an outgoing block may copy them into its replica.
  if (target.kind == ExprKind::Member && !out) {
    const ShapeField& f = issue_shape().fields[target.ref.index];
    if (f.flags & ReadOnly) {
      st.report(DiagId::ReadOnlyTarget, target.span, "`issue." + std::string(f.name) + "` is set by the tracker and cannot be written");
      return types::error();
    }
  }
  return t;
}

// Definite assignment of project and type on a first sync (firstSync taken as true).
// An incoming first sync creates the local issue, which needs a project and a type.
using Assigned = std::set<std::string>;
const Assigned kAll = {"project", "type"};

bool is_first_sync(const Expr& e, bool& negated) {
  negated = false;
  const Expr* x = &e;
  if (x->kind == ExprKind::Not) {
    negated = true;
    x = x->args[0].get();
  }
  return x->kind == ExprKind::Name && x->ref.kind == RefKind::FirstSync;
}

Assigned assigned_on_first_sync(const std::vector<ast::StmtPtr>& body, Assigned in) {
  for (const auto& s : body) {
    switch (s->kind) {
      case StmtKind::Skip:
      case StmtKind::Error: return kAll;  // no issue is created on this path
      case StmtKind::Assign: {
        const Expr& t = *s->target;
        // `or keep` stores nothing when the value is null, so it does not count as setting a field.
        if (t.kind == ExprKind::Member && is_output_root(*t.args[0]) && s->or_else != ast::OrElse::Keep) {
          in.insert(t.name);
        }
        break;
      }
      case StmtKind::If: {
        bool negated = false;
        // A first sync takes the then branch of `if firstSync` and the else branch of `if not
        // firstSync`; any other condition may go either way, so only what both branches set counts.
        if (is_first_sync(*s->value, negated)) {
          in = assigned_on_first_sync(negated ? s->else_body : s->then_body, in);
        } else {
          const Assigned a = assigned_on_first_sync(s->then_body, in);
          const Assigned b = assigned_on_first_sync(s->else_body, in);
          Assigned both;
          for (const auto& name : a) {
            if (b.count(name)) both.insert(name);
          }
          in = both;
        }
        break;
      }
      case StmtKind::Let: break;
    }
  }
  return in;
}

bool check_body(State& st, std::vector<ast::StmtPtr>& body);

// Returns true when the statement always stops the block (skip, error, or both branches do).
bool check_stmt(State& st, Stmt& s) {
  switch (s.kind) {
    case StmtKind::Assign: {
      const Type* want = check_target(st, *s.target);
      const Type* got = check_expr(st, *s.value);
      if (!types::assignable(got, want)) {
        st.report(DiagId::TypeMismatch, s.value->span,
                  "`" + describe(*s.target) + "` holds `" + want->name() + "`, not `" + got->name() + "`");
      }
      if (s.or_else_message) {
        const Type* m = check_expr(st, *s.or_else_message);
        if (!types::assignable(m, types::text())) {
          st.report(DiagId::TypeMismatch, s.or_else_message->span, "an error message must be text, not `" + m->name() + "`");
        }
      }
      return false;
    }
    case StmtKind::Let: {
      const Type* t = check_expr(st, *s.value);
      for (const LocalVar& v : st.scopes.back()) {
        if (v.name == s.name) {
          st.report(DiagId::Duplicate, s.name_span, "`" + s.name + "` is already defined in this block")
              .notes.push_back({"first defined here", v.span});
        }
      }
      if (s.name == "issue" || s.name == "replica" || s.name == "previous" || s.name == "firstSync" ||
          st.find_map(s.name)) {
        st.report(DiagId::Duplicate, s.name_span, "`" + s.name + "` would hide a name the rules need");
      }
      // The value was checked before the name exists, so `let x = x …` reads an outer x. A local
      // bound to null is typed any, not null: as null, reading a field of it would be refused.
      s.local = st.alloc_locals(1);
      st.scopes.back().push_back({s.name, s.local, t->kind == TypeKind::Null ? types::any() : t, s.name_span});
      return false;
    }
    case StmtKind::If: {
      const Type* c = check_expr(st, *s.value);
      if (!types::assignable(c, types::boolean())) {
        st.report(DiagId::TypeMismatch, s.value->span, "an `if` condition must be `bool`, not `" + c->name() + "`");
      } else if (s.value->kind == ExprKind::Literal) {
        st.report(DiagId::ConstantCondition, s.value->span,
                  std::string("this condition is always ") + (s.value->literal.truthy() ? "true" : "false"));
      }
      const bool a = check_body(st, s.then_body);
      const bool b = check_body(st, s.else_body);
      // An `if` stops the block only when both branches do; a missing else never stops.
      return a && b && !s.else_body.empty();
    }
    case StmtKind::Skip: return true;
    case StmtKind::Error: {
      const Type* m = check_expr(st, *s.value);
      if (!types::assignable(m, types::text())) {
        st.report(DiagId::TypeMismatch, s.value->span, "an error message must be text, not `" + m->name() + "`");
      }
      return true;
    }
  }
  return false;
}

void close_scope(State& st) {
  for (const LocalVar& v : st.scopes.back()) {
    if (!v.used) st.report(DiagId::UnusedLocal, v.span, "`" + v.name + "` is never used");
  }
  st.scopes.pop_back();
}

bool check_body(State& st, std::vector<ast::StmtPtr>& body) {
  st.scopes.emplace_back();
  const uint32_t saved_next = st.next_local;
  bool stopped = false, warned = false;
  for (auto& s : body) {
    // One warning per body; statements made by lowering are not the author's to remove.
    if (stopped && !warned && !s->lowered) {
      st.report(DiagId::Unreachable, s->span, "this statement never runs: the one before it always stops the block");
      warned = true;
    }
    stopped = check_stmt(st, *s) || stopped;
  }
  close_scope(st);
  st.next_local = saved_next;  // slots of an inner block are reused after it
  return stopped;
}

}  // namespace

void check_block(State& st, ast::RuleBlock& block) {
  st.block = block.kind;
  st.next_local = st.max_locals = 0;
  st.items.clear();
  check_body(st, block.body);
  // The VM sizes a run's locals by the most slots live at once, not by the number of names.
  block.locals = st.max_locals;
  // Flow facts of a block with statements left out by syntax errors would be guesses.
  if (block.kind != ast::BlockKind::Incoming || block.incomplete) return;
  const Assigned a = assigned_on_first_sync(block.body, {});
  std::vector<std::string> missing;
  for (const auto& name : kAll) {
    if (!a.count(name)) missing.push_back("issue." + name);
  }
  if (!missing.empty()) {
    std::string list = missing[0] + (missing.size() > 1 ? " and " + missing[1] : "");
    Diagnostic& d = st.report(DiagId::CreateWithoutProject, {block.span.begin, block.span.begin + 8},
                              "on a first sync this block can create an issue without " + list);
    d.help = "set them when the twin is new: if firstSync { issue.project = \"DEV\"  issue.type = \"Task\" }";
  }
}

}  // namespace twinsync::check
