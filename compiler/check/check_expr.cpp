// check_expr.cpp — types and name resolution of expressions.
#include "compiler/check/builtin_table.h"
#include "compiler/check/checker_state.h"
#include "compiler/schema/shapes.h"

namespace twinsync::check {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::RefKind;
using ast::Root;

bool is(const Type* t, TypeKind k) { return t->kind == k; }
// Types that prove nothing statically: any is checked at run time, an error was reported
// already, and null fits every type. The rules below let them pass rather than guess.
bool loose(const Type* t) { return is(t, TypeKind::Any) || is(t, TypeKind::Error) || is(t, TypeKind::Null); }

// A date and a date-time join (both order as instants), but the VM's equality is by tag, so one
// is never equal to the other: `==`, `!=` and `in` between them are refused, not always false.
bool date_against_datetime(const Type* a, const Type* b) {
  return (is(a, TypeKind::Date) && is(b, TypeKind::DateTime)) || (is(a, TypeKind::DateTime) && is(b, TypeKind::Date));
}
constexpr const char* kDateEqualityHelp = "a date never equals a date-time: compare `date(x)` with the date";

std::string quoted(const Type* t) { return "`" + t->name() + "`"; }

std::vector<std::string> field_names(const Shape& shape) {
  std::vector<std::string> names;
  for (const ShapeField& f : shape.fields) names.emplace_back(f.name);
  return names;
}

const Type* expect(State& st, Expr& e, const Type* want, const std::string& what) {
  const Type* t = check_expr(st, e);
  if (!types::assignable(t, want)) {
    st.report(DiagId::TypeMismatch, e.span, what + " must be " + quoted(want) + ", not " + quoted(t));
  }
  return t;
}

const Type* check_name(State& st, Expr& e) {
  const bool out = st.block == ast::BlockKind::Outgoing;
  // The record a block writes is always root Output: the replica in outgoing rules, the local
  // issue in incoming ones. Reading it therefore sees what earlier statements assigned.
  if (e.name == "issue" || e.name == "replica" || e.name == "previous") {
    Root r = Root::Previous;
    if (e.name == "issue") r = out ? Root::Issue : Root::Output;
    if (e.name == "replica") r = out ? Root::Output : Root::Replica;
    e.ref = {RefKind::Root, static_cast<uint32_t>(r)};
    return types::issue();
  }
  // `it` is the item of the innermost `where`; outside a filter it is an ordinary name.
  if (e.name == "it" && !st.items.empty()) {
    e.ref = {RefKind::Item, 0};
    return st.items.back();
  }
  if (e.name == "firstSync") {
    e.ref = {RefKind::FirstSync, 0};
    return types::boolean();
  }
  if (LocalVar* local = st.find_local(e.name)) {
    local->used = true;
    e.ref = {RefKind::Local, local->slot};
    return local->type;
  }
  // A value map is a table for lookups: no instruction loads it as a value.
  if (auto m = st.find_map(e.name)) {
    st.report(DiagId::TypeMismatch, e.span, "value map `" + e.name + "` is not a value")
        .help = "look a value up in it: " + e.name + "[replica.status]";
    return types::error();
  }
  Diagnostic& d = st.report(DiagId::UnknownName, e.span, "no name `" + e.name + "` here");
  d.help = did_you_mean(e.name, st.visible_names());
  if (find_builtin(e.name)) d.help = "`" + e.name + "` is a function: call it as " + e.name + "(…)";
  return types::error();
}

// `record.name` (and `record?.name`) on a statically known shape, or dynamically on any.
const Type* check_member(State& st, Expr& e) {
  const Type* base = check_expr(st, *e.args[0]);
  if (is(base, TypeKind::Error)) return base;
  // Without a static shape the field is looked up by name at run time (get.named), which
  // gives null for a name the value lacks instead of failing.
  if (is(base, TypeKind::Any) || is(base, TypeKind::Map)) {
    e.ref = {RefKind::NamedField, 0};
    return types::any();
  }
  if (!base->is_record()) {
    st.report(DiagId::TypeMismatch, e.name_span, "`" + e.name + "` is read from " + quoted(base) + ", which has no fields");
    return types::error();
  }
  const Shape& shape = *base->shape;
  auto slot = shape.find(e.name);
  if (!slot) {
    const std::string what = e.args[0]->ref.kind == RefKind::Root ? "an issue" : "a " + std::string(shape.name);
    Diagnostic& d = st.report(DiagId::UnknownField, e.name_span, "no field `" + e.name + "` on " + what);
    d.help = did_you_mean(e.name, field_names(shape));
    if (!d.help && &shape == &issue_shape()) {
      d.help = "custom fields are read as issue.custom[\"" + e.name + "\"]";
    }
    return types::error();
  }
  // A known shape gives the slot now; get.field still checks it against the record it meets,
  // as the verifier knows no shapes.
  e.ref = {RefKind::Field, *slot};
  return shape.fields[*slot].type;
}

std::vector<std::string> custom_names(const State& st) {
  std::vector<std::string> names;
  for (const auto& [name, type] : st.schema.custom_fields) names.push_back(name);
  return names;
}

const Type* check_index(State& st, Expr& e) {
  Expr& base = *e.args[0];
  Expr& key = *e.args[1];
  // A value map lookup: statusMap[replica.status].
  if (base.kind == ExprKind::Name) {
    // A local of the same name hides the map, as in check_name (`let` reports the clash).
    if (auto m = st.find_map(base.name); m && !st.find_local(base.name)) {
      MapInfo& info = st.maps[*m];
      const bool out = st.block == ast::BlockKind::Outgoing;
      const Type* key_type = check_expr(st, key);
      // Outgoing lookups go from the left of an entry to its right, incoming ones from right to
      // left. A side whose entries are all null is typed null: the reverse test admits any key.
      const Type* want_key = out ? info.left_type : info.right_type;
      if (want_key && !types::assignable(key_type, want_key) && !types::assignable(want_key, key_type)) {
        st.report(DiagId::TypeMismatch, key.span,
                  "value map `" + base.name + "` has " + quoted(want_key) + " keys, not " + quoted(key_type));
      }
      if ((out && !info.has_out) || (!out && !info.has_in)) {
        Diagnostic& d = st.report(DiagId::MapDirection, base.span,
                                  "value map `" + base.name + "` has no entries for the " +
                                      std::string(out ? "outgoing" : "incoming") + " direction");
        d.notes.push_back({"declared here", info.decl->name_span});
        d.help = out ? "outgoing lookups use entries written `a -> b` or `a <-> b`"
                     : "incoming lookups use entries written `a <- b` or `a <-> b`";
      }
      (out ? info.used_out : info.used_in) = true;
      base.ref = {RefKind::Map, static_cast<uint32_t>(*m)};
      e.ref = {RefKind::Map, static_cast<uint32_t>(*m)};
      // A key with no entry gives null at run time, which fits the result type like any value.
      const Type* result = out ? info.right_type : info.left_type;
      return result ? result : types::any();
    }
  }
  const Type* base_type = check_expr(st, base);
  // Custom fields: issue.custom["Story Points"].
  if (base.kind == ExprKind::Member && base.ref.kind == RefKind::Field && base.args[0]->ref.kind == RefKind::Root &&
      base.name == "custom") {
    // Only a literal name can be checked against the declarations, and only it becomes a
    // get.custom by name; a computed name stays an ordinary map index, typed any.
    if (key.kind == ExprKind::Literal && key.literal.is_string()) {
      key.type = types::text();
      const std::string name(key.literal.as_string());
      auto it = st.schema.custom_fields.find(name);
      e.ref = {RefKind::Custom, 0};
      if (it == st.schema.custom_fields.end()) {
        Diagnostic& d = st.report(DiagId::UnknownField, key.span, "no custom field named \"" + name + "\"");
        d.help = did_you_mean(name, custom_names(st));
        if (!d.help) d.help = "declare it: custom \"" + name + "\": text";
        return types::error();
      }
      return it->second;
    }
    expect(st, key, types::text(), "a custom field name");
    return types::any();
  }
  const Type* key_type = check_expr(st, key);
  if (is(base_type, TypeKind::Error)) return base_type;
  // list[n] and map[key] give null when out of range or absent, so the element type stands.
  if (base_type->is_list()) {
    if (!types::assignable(key_type, types::number())) {
      st.report(DiagId::TypeMismatch, key.span, "a list is indexed by a number, not " + quoted(key_type));
    }
    return base_type->elem ? base_type->elem : types::any();
  }
  if (is(base_type, TypeKind::Map)) {
    if (!types::assignable(key_type, types::text())) {
      st.report(DiagId::TypeMismatch, key.span, "a map is indexed by text, not " + quoted(key_type));
    }
    return base_type->elem ? base_type->elem : types::any();
  }
  if (loose(base_type)) return types::any();
  st.report(DiagId::TypeMismatch, e.span, quoted(base_type) + " cannot be indexed");
  return types::error();
}

const Type* check_call(State& st, Expr& e) {
  const BuiltinInfo* b = find_builtin(e.name);
  // Arguments are checked even when the call is wrong, so that their names are resolved and
  // their own mistakes reported.
  for (auto& a : e.args) check_expr(st, *a);
  if (!b) {
    if (e.name == "env" || e.name == "file") {
      st.report(DiagId::UnknownFunction, e.name_span, "`" + e.name + "(…)` names a secret and is only allowed in settings");
      return types::error();
    }
    st.report(DiagId::UnknownFunction, e.name_span, "no function `" + e.name + "`").help =
        did_you_mean(e.name, builtin_names());
    return types::error();
  }
  e.ref = {RefKind::Builtin, static_cast<uint32_t>(b->id)};
  if (e.args.size() != b->params.size()) {
    st.report(DiagId::ArgumentCount, e.span,
              "`" + e.name + "` takes " + std::to_string(b->params.size()) + " argument" +
                  (b->params.size() == 1 ? "" : "s") + ", not " + std::to_string(e.args.size()))
        .help = std::string(b->name) + "(" + std::string(b->signature) + ")";
    // The declared result lets checking go on; a generic one is any, as T was not bound.
    return b->result.generic || b->result.list_of_generic ? types::any() : b->result.type;
  }
  // Bind T from the first argument that mentions it.
  // A loose argument does not bind it: T bound to null would refuse every later non-null
  // argument, and bound to any it would check nothing.
  const Type* t_var = nullptr;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const SigType& p = b->params[i];
    const Type* arg = e.args[i]->type;
    if (p.generic && !t_var && !loose(arg)) t_var = arg;
    if (p.list_of_generic && !t_var && arg->is_list() && arg->elem && !loose(arg->elem)) t_var = arg->elem;
  }
  for (size_t i = 0; i < e.args.size(); ++i) {
    const SigType& p = b->params[i];
    const Type* want = p.type;
    if (p.generic) want = t_var ? t_var : types::any();
    if (p.list_of_generic) want = types::list_of(t_var ? t_var : types::any());
    if (!types::assignable(e.args[i]->type, want)) {
      st.report(DiagId::TypeMismatch, e.args[i]->span,
                "argument " + std::to_string(i + 1) + " of `" + e.name + "` must be " + quoted(want) + ", not " +
                    quoted(e.args[i]->type));
    }
  }
  if (b->result.generic) return t_var ? t_var : types::any();
  if (b->result.list_of_generic) return types::list_of(t_var ? t_var : types::any());
  return b->result.type;
}

const Type* check_binary(State& st, Expr& e) {
  using ast::BinaryOp;
  const Type* l = check_expr(st, *e.args[0]);
  const Type* r = check_expr(st, *e.args[1]);
  const std::string op = std::string("`") + binary_op_text(e.op) + "`";
  auto mismatch = [&](const std::string& what) {
    st.report(DiagId::TypeMismatch, e.span, op + " " + what + ", not " + quoted(l) + " and " + quoted(r));
    return types::error();
  };
  switch (e.op) {
    // Only `true` is true at run time, so a null operand acts as false; the value of `and` and
    // `or` is the operand that decided it, which may be that null.
    case BinaryOp::And:
    case BinaryOp::Or:
      if (!types::assignable(l, types::boolean()) || !types::assignable(r, types::boolean())) {
        return mismatch("needs two bools");
      }
      return types::boolean();
    case BinaryOp::Add:
      // A null side adds nothing at run time (vmops::add), so a loose side takes the other's type.
      if (loose(l) || loose(r)) return loose(l) ? r : l;
      if (is(l, TypeKind::Number) && is(r, TypeKind::Number)) return l;
      if (is(l, TypeKind::Text) && is(r, TypeKind::Text)) return l;
      // At run time a list plus a list concatenates and a list plus a non-list appends it.
      if (l->is_list() && r->is_list() && types::join(l, r)) return types::join(l, r);
      // A list on the right is always concatenated, never appended as one item.
      if (l->is_list() && l->elem && !r->is_list() && types::assignable(r, l->elem)) return l;
      if (l->is_list() && r->is_list() && l->elem && types::assignable(r, l->elem)) {
        st.report(DiagId::TypeMismatch, e.span, op + " joins two lists item by item, not " + quoted(l) + " and " + quoted(r))
            .help = "to add the list as one item, write `x + [item]`";
        return types::error();
      }
      return mismatch("adds numbers, joins texts or lists");
    // Arithmetic on null gives null at run time (vmops::arith), so null passes as a number.
    case BinaryOp::Sub:
    case BinaryOp::Mul:
    case BinaryOp::Div:
    case BinaryOp::Mod:
      if (!types::assignable(l, types::number()) || !types::assignable(r, types::number())) {
        return mismatch("needs two numbers");
      }
      return types::number();
    // Comparing values of types with no join is refused as a likely mistake; null joins every
    // type, so any value may be compared with null.
    case BinaryOp::Eq:
    case BinaryOp::Ne:
      if (!types::join(l, r)) return mismatch("compares values of one type");
      if (date_against_datetime(l, r)) {
        st.report(DiagId::TypeMismatch, e.span, op + " compares values of one type, not " + quoted(l) + " and " + quoted(r))
            .help = kDateEqualityHelp;
      }
      return types::boolean();
    // The VM orders numbers, texts (by bytes) and dates with date-times (by instant); with null
    // on either side all four operators give false (vmops::compare).
    case BinaryOp::Lt:
    case BinaryOp::Le:
    case BinaryOp::Gt:
    case BinaryOp::Ge: {
      const Type* j = types::join(l, r);
      if (!j || !(loose(j) || is(j, TypeKind::Number) || is(j, TypeKind::Text) || is(j, TypeKind::Date) ||
                  is(j, TypeKind::DateTime))) {
        return mismatch("orders numbers, texts or dates");
      }
      return types::boolean();
    }
  }
  return types::error();
}

const Type* check_in(State& st, Expr& e) {
  const Type* item = check_expr(st, *e.args[0]);
  const Type* coll = check_expr(st, *e.args[1]);
  // `in` tests membership in a list (deep equality), a substring of a text, or a key of a map
  // (a non-text key is never found, and an entry holding null counts as absent).
  if (coll->is_list()) {
    if (coll->elem && !types::join(item, coll->elem)) {
      st.report(DiagId::TypeMismatch, e.span, "`in` looks for " + quoted(item) + " in " + quoted(coll));
    } else if (coll->elem && date_against_datetime(item, coll->elem)) {
      st.report(DiagId::TypeMismatch, e.span, "`in` looks for " + quoted(item) + " in " + quoted(coll)).help =
          kDateEqualityHelp;
    }
  } else if (is(coll, TypeKind::Text)) {
    if (!types::assignable(item, types::text())) {
      st.report(DiagId::TypeMismatch, e.span, "`in` on text looks for text, not " + quoted(item));
    }
  } else if (!loose(coll) && !is(coll, TypeKind::Map)) {
    st.report(DiagId::NotAList, e.args[1]->span, "`in` needs a list, a text or a map, not " + quoted(coll));
  }
  return types::boolean();
}

const Type* check_where(State& st, Expr& e) {
  const Type* list = check_expr(st, *e.args[0]);
  // A null list filters as an empty one at run time (iter.begin), so a loose list passes.
  const Type* item = types::any();
  if (list->is_list()) {
    item = list->elem ? list->elem : types::any();
  } else if (!loose(list)) {
    st.report(DiagId::NotAList, e.args[0]->span, "`where` filters a list, not " + quoted(list));
    list = types::error();
  }
  // The four locals stay allocated to the end of the enclosing block, so a filter nested in
  // the condition gets slots of its own.
  e.ref = {RefKind::Local, st.alloc_locals(4)};  // list, index, kept items, current item
  st.items.push_back(item);
  expect(st, *e.args[1], types::boolean(), "a `where` condition");
  st.items.pop_back();
  return list->is_list() ? list : types::list_of(types::any());
}

const Type* check_item_field(State& st, Expr& e) {
  if (st.items.empty()) {
    st.report(DiagId::ItemOutsideWhere, e.span, "`." + e.name + "` names a field of the item a `where` filter looks at")
        .help = "write it inside a filter: issue.comments where ." + e.name;
    return types::error();
  }
  const Type* item = st.items.back();
  // An item that is not a record of known shape is read by name at run time, like a member of
  // any.
  if (!item->is_record()) {
    e.ref = {RefKind::NamedField, 0};
    return types::any();
  }
  auto slot = item->shape->find(e.name);
  if (!slot) {
    st.report(DiagId::UnknownField, e.span, "no field `" + e.name + "` on a " + std::string(item->shape->name))
        .help = did_you_mean(e.name, field_names(*item->shape));
    return types::error();
  }
  e.ref = {RefKind::Field, *slot};
  return item->shape->fields[*slot].type;
}

const Type* check_list(State& st, Expr& e) {
  const Type* elem = nullptr;
  for (auto& a : e.args) {
    const Type* t = check_expr(st, *a);
    if (!elem) {
      elem = t;
    } else if (const Type* j = types::join(elem, t)) {
      elem = j;
    } else {
      st.report(DiagId::TypeMismatch, a->span, "list items must share a type: " + quoted(elem) + " and " + quoted(t));
      elem = types::any();
    }
  }
  // A null item does not fix the element type, and a list with no typed item is list<any>,
  // so `[]` and `[null]` fit every list.
  return types::list_of(elem && !is(elem, TypeKind::Null) ? elem : types::any());
}

}  // namespace

const Type* check_expr(State& st, Expr& e) {
  const Type* t = types::error();
  switch (e.kind) {
    case ExprKind::Literal:
      switch (e.literal.tag()) {
        case Tag::Bool: t = types::boolean(); break;
        case Tag::Number: t = types::number(); break;
        case Tag::String: t = types::text(); break;
        default: t = types::null(); break;
      }
      break;
    // Any value may be interpolated: concat renders each part as display text (null as "").
    case ExprKind::Interp:
      for (auto& part : e.args) check_expr(st, *part);
      t = types::text();
      break;
    case ExprKind::Name: t = check_name(st, e); break;
    case ExprKind::ItemField: t = check_item_field(st, e); break;
    case ExprKind::Member:
    case ExprKind::SafeMember: t = check_member(st, e); break;
    case ExprKind::Index: t = check_index(st, e); break;
    case ExprKind::Call: t = check_call(st, e); break;
    case ExprKind::List: t = check_list(st, e); break;
    case ExprKind::Neg: t = expect(st, *e.args[0], types::number(), "`-` operand"); break;
    case ExprKind::Not: expect(st, *e.args[0], types::boolean(), "`not` operand"); t = types::boolean(); break;
    case ExprKind::Binary: t = check_binary(st, e); break;
    case ExprKind::In: t = check_in(st, e); break;
    case ExprKind::Coalesce: {
      const Type* l = check_expr(st, *e.args[0]);
      const Type* r = check_expr(st, *e.args[1]);
      // Null joins to the other side, so `x ?? null` keeps x's type.
      t = types::join(l, r);
      if (!t) {
        st.report(DiagId::TypeMismatch, e.span, "`??` gives " + quoted(l) + " or " + quoted(r) + ": make them one type");
        t = types::error();
      }
      break;
    }
    case ExprKind::Where: t = check_where(st, e); break;
  }
  e.type = t;
  return t;
}

std::string describe(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return e.name;
    case ExprKind::Member: return describe(*e.args[0]) + "." + e.name;
    case ExprKind::SafeMember: return describe(*e.args[0]) + "?." + e.name;
    case ExprKind::ItemField: return "." + e.name;
    case ExprKind::Index: {
      const Expr& key = *e.args[1];
      if (key.kind == ExprKind::Literal && key.literal.is_string()) {
        return describe(*e.args[0]) + "[\"" + std::string(key.literal.as_string()) + "\"]";
      }
      return describe(*e.args[0]) + "[…]";
    }
    default: return "the expression";
  }
}

}  // namespace twinsync::check
