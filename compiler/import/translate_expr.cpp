// translate_expr.cpp — Groovy expressions of Exalate scripts into expressions of the rule
// language. What has no counterpart of the same meaning is refused (Untranslatable) with the
// reason, never approximated.
#include "compiler/import/translate.h"

namespace twinsync::exalate {
namespace {

using groovy::Expr;
using groovy::ExprKind;

bool is_name(const Expr& e, std::string_view name) { return e.kind == ExprKind::Name && e.text == name; }

SyncExpr make(std::string text, int prec, Kind kind) { return {std::move(text), prec, kind}; }

// A Groovy truth test of a value that is not a bool: null is false, and so is an empty list.
SyncExpr truth(const SyncExpr& x) {
  if (x.kind == Kind::Bool) return x;
  if (x.kind == Kind::List || x.kind == Kind::Items) return make("length(" + x.text + ") > 0", kCompare, Kind::Bool);
  return make(wrap(x, kAdd) + " != null", kCompare, Kind::Bool);
}

// Its opposite, for `!x`.
SyncExpr falsity(const SyncExpr& x) {
  if (x.kind == Kind::Bool) return make("not " + wrap(x, kNot), kNot, Kind::Bool);
  if (x.kind == Kind::List || x.kind == Kind::Items) return make("length(" + x.text + ") == 0", kCompare, Kind::Bool);
  return make(wrap(x, kAdd) + " == null", kCompare, Kind::Bool);
}

// Operators whose meaning is the same in both languages, with their binding strength.
struct BinaryOp {
  std::string_view groovy, sync;
  int prec;
};
constexpr BinaryOp kBinaryOps[] = {
    {"&&", "and", kAnd}, {"||", "or", kOr},   {"==", "==", kCompare}, {"!=", "!=", kCompare},
    {"<", "<", kCompare}, {"<=", "<=", kCompare}, {">", ">", kCompare}, {">=", ">=", kCompare},
    {"in", "in", kIn},   {"+", "+", kAdd},    {"-", "-", kAdd},       {"*", "*", kMul},
    {"/", "/", kMul},    {"%", "%", kMul},
};

}  // namespace

std::string wrap(const SyncExpr& e, int prec) { return e.prec < prec ? "(" + e.text + ")" : e.text; }

void Translator::refuse(const Expr& e, std::string why) const { throw Untranslatable{e.span, std::move(why)}; }

SyncExpr Translator::expr(const Expr& e) {
  switch (e.kind) {
    case ExprKind::Name: return name(e);
    case ExprKind::String: return string(e);
    case ExprKind::Number: return make(e.text, kPostfix, Kind::Number);
    case ExprKind::Bool: return make(e.text, kPostfix, Kind::Bool);
    case ExprKind::Null: return make("null", kPostfix, Kind::Unknown);
    case ExprKind::List: return list(e);
    case ExprKind::Member: return member(e);
    case ExprKind::Index: return index(e);
    case ExprKind::Call: return call(e);
    case ExprKind::Unary: return unary(e);
    case ExprKind::Binary: return binary(e);
    case ExprKind::Elvis: {
      // Groovy's `?:` also passes over "" and [] where `??` passes over null alone; Jira gives
      // null for an empty field, so the two agree on the values these scripts see.
      const SyncExpr l = expr(*e.items[0]), r = expr(*e.items[1]);
      return make(wrap(l, kOr) + " ?? " + wrap(r, kCoalesce), kCoalesce, l.kind == Kind::Unknown ? r.kind : l.kind);
    }
    case ExprKind::Map: refuse(e, "a map is translated only as `def NAME = [\"a\": \"b\", …]` with literal keys and values");
    case ExprKind::Ternary: refuse(e, "`? :` has no counterpart in a rule expression; an `if` statement says the same");
    case ExprKind::Closure: refuse(e, "a closure has no counterpart in the rule language");
    case ExprKind::New: refuse(e, "`new " + e.text + "` has no counterpart in the rule language");
    case ExprKind::Cast: refuse(e, "`as " + e.text + "` has no counterpart in the rule language");
  }
  refuse(e, "an expression the translation does not know");
}

SyncExpr Translator::name(const Expr& e) {
  if (e.text == "issue" || e.text == "replica" || e.text == "previous") return make(e.text, kPostfix, Kind::Record);
  if (e.text == "firstSync") return make("firstSync", kPostfix, Kind::Bool);
  if (auto it = locals_.find(e.text); it != locals_.end()) return make(e.text, kPostfix, it->second);
  if (maps_.count(e.text)) return make(e.text, kPostfix, Kind::ValueMap);
  if (e.text == "nodeHelper" || e.text == "commentHelper" || e.text == "attachmentHelper") {
    return make(e.text, kPostfix, Kind::Helper);
  }
  refuse(e, "`" + e.text + "` has no counterpart in the rule language");
}

SyncExpr Translator::string(const Expr& e) {
  std::string text = "\"";
  for (const groovy::StringPart& p : e.parts) {
    if (p.code) {
      text += "{" + expr(*p.code).text + "}";
    } else {
      const std::string quoted = sync_string(p.text);
      text += quoted.substr(1, quoted.size() - 2);
    }
  }
  return make(text + "\"", kPostfix, Kind::Text);
}

SyncExpr Translator::list(const Expr& e) {
  std::string text = "[";
  for (size_t i = 0; i < e.items.size(); ++i) text += (i ? ", " : "") + expr(*e.items[i]).text;
  return make(text + "]", kPostfix, Kind::List);
}

// `x.f`: a field of a record, a custom field, or what Exalate's objects hold (`status.name`,
// `project.key`, `reporter.email`, `customFields."X".value`).
SyncExpr Translator::member(const Expr& e) {
  if (e.spread) refuse(e, "`*.` has no counterpart in the rule language");
  const SyncExpr obj = expr(*e.object);
  const std::string& f = e.text;
  switch (obj.kind) {
    case Kind::Record: {
      const ExalateField* field = find_field(f);
      if (!field) refuse(e, "Exalate's field `" + f + "` has no counterpart in the rule language");
      return make(obj.text + "." + std::string(field->sync), kPostfix, field->kind);
    }
    case Kind::CustomMap: return custom_field(e, obj.text, f);
    case Kind::Custom:
      if (f == "value") return obj;
      break;
    case Kind::NameObject:
      if (f == "name") return make(obj.text, obj.prec, Kind::Text);
      break;
    case Kind::Project:
      if (f == "key") return make(obj.text, obj.prec, Kind::Text);
      break;
    case Kind::User:
      if (!user_field(f).empty()) return make(wrap(obj, kPostfix) + (e.safe ? "?." : ".") + f, kPostfix, Kind::Text);
      break;
    default: break;
  }
  refuse(e, "`." + f + "` has no counterpart in the rule language here");
}

SyncExpr Translator::custom_field(const Expr& at, const std::string& record, const std::string& field) {
  bool known = false;
  for (const CustomField& c : out_.customs) known = known || c.name == field;
  if (!known) {
    CustomField c{field, "", false};
    if (auto it = custom_types_.find(field); it != custom_types_.end()) c.type = it->second;
    if (c.type.empty()) c.type = std::string(known_custom_type(field));
    if (c.type.empty()) {
      c.type = "text";
      c.guessed = true;
      sink_.report(DiagId::CustomTypeGuessed, at.span,
                   "the type of custom field \"" + field + "\" is not known; it is declared `text`")
          .help = "give the tracker's field list with --fields, or correct the `custom` line";
    }
    out_.customs.push_back(std::move(c));
  }
  return make(record + "[" + sync_string(field) + "]", kPostfix, Kind::Custom);
}

SyncExpr Translator::index(const Expr& e) {
  const SyncExpr obj = expr(*e.object);
  const Expr& key = *e.items[0];
  if (obj.kind == Kind::CustomMap) {
    if (key.kind != ExprKind::String || key.parts.size() != 1 || key.parts[0].code) {
      refuse(key, "a custom field is translated only when named by a plain string");
    }
    return custom_field(e, obj.text, key.parts[0].text);
  }
  if (obj.kind == Kind::ValueMap) return make(obj.text + "[" + expr(key).text + "]", kPostfix, Kind::Text);
  if (obj.kind == Kind::List) return make(wrap(obj, kPostfix) + "[" + expr(key).text + "]", kPostfix, Kind::Text);
  refuse(e, "this index has no counterpart in the rule language");
}

SyncExpr Translator::call(const Expr& e) {
  if (e.closure) refuse(*e.closure, "a closure after a call has no counterpart in the rule language");
  const Expr& callee = *e.object;
  if (callee.kind != ExprKind::Member) refuse(e, "`" + callee.text + "(…)` has no counterpart in the rule language");
  const Expr& object = *callee.object;
  if (object.kind == ExprKind::Name && (is_name(object, "nodeHelper") || is_name(object, "commentHelper") ||
                                        is_name(object, "attachmentHelper"))) {
    return helper_call(e, object.text, callee.text);
  }
  return method_call(e, expr(object), callee.text);
}

// Exalate's helpers that the rule language has as functions.
SyncExpr Translator::helper_call(const Expr& e, const std::string& helper, const std::string& method) {
  const std::string what = helper + "." + method;
  const auto arg = [&](size_t i) { return expr(*e.items[i]); };
  const size_t n = e.items.size();
  const bool merge_args = n == 2 && is_name(*e.items[0], "issue") && is_name(*e.items[1], "replica");
  if (what == "nodeHelper.getIssueType" && (n == 1 || n == 2)) {
    // The second argument names the project to look in: the issue's own is what localType does.
    if (n == 2 && arg(1).text != "issue.project") refuse(*e.items[1], "`getIssueType` in another project than the issue's");
    return make("localType(" + arg(0).text + ")", kPostfix, Kind::NameObject);
  }
  if (what == "nodeHelper.getUserByEmail" && n == 1) return make("userByEmail(" + arg(0).text + ")", kPostfix, Kind::User);
  if (what == "nodeHelper.getUser" && n == 1) return make("userById(" + arg(0).text + ")", kPostfix, Kind::User);
  if (what == "commentHelper.mergeComments" && merge_args) {
    return make("merge(issue.comments, replica.comments)", kPostfix, Kind::Items);
  }
  if (what == "attachmentHelper.mergeAttachments" && merge_args) {
    return make("merge(issue.attachments, replica.attachments)", kPostfix, Kind::Items);
  }
  refuse(e, "`" + what + "` with these arguments has no counterpart in the rule language");
}

// Methods of texts and lists that the rule language has as functions or operators.
SyncExpr Translator::method_call(const Expr& e, const SyncExpr& obj, const std::string& method) {
  const size_t n = e.items.size();
  const auto fn = [&](const char* name, Kind kind) { return make(std::string(name) + "(" + obj.text + ")", kPostfix, kind); };
  if (n == 0 && method == "toLowerCase") return fn("lower", Kind::Text);
  if (n == 0 && method == "toUpperCase") return fn("upper", Kind::Text);
  if (n == 0 && method == "trim") return fn("trim", Kind::Text);
  if (n == 0 && method == "size") return fn("length", Kind::Number);
  if (n == 0 && method == "isEmpty") return make("length(" + obj.text + ") == 0", kCompare, Kind::Bool);
  if (n == 1 && method == "contains") {
    // `in` is membership in a list and a part of a text, with case: what Groovy's contains is.
    return make(wrap(expr(*e.items[0]), kIn) + " in " + wrap(obj, kCompare), kIn, Kind::Bool);
  }
  if (n == 1 && (method == "startsWith" || method == "endsWith")) {
    return make(method + "(" + obj.text + ", " + expr(*e.items[0]).text + ")", kPostfix, Kind::Bool);
  }
  if (n == 1 && method == "equals") return make(wrap(obj, kCompare) + " == " + wrap(expr(*e.items[0]), kAdd), kCompare, Kind::Bool);
  refuse(e, "`." + method + "(…)` has no counterpart in the rule language");
}

SyncExpr Translator::unary(const Expr& e) {
  const SyncExpr x = expr(*e.items[0]);
  if (e.text == "!") return falsity(x);
  if (e.text == "-") return make("-" + wrap(x, kNeg), kNeg, Kind::Number);
  return x;  // unary plus
}

SyncExpr Translator::binary(const Expr& e) {
  for (const BinaryOp& op : kBinaryOps) {
    if (op.groovy != e.text) continue;
    SyncExpr l = expr(*e.items[0]), r = expr(*e.items[1]);
    // Groovy compares Exalate's status object with a text as unequal, always; the rule language
    // compares names. Same words, other meaning: left to the person, who likely meant `.name`.
    const auto object = [](const SyncExpr& x) { return x.kind == Kind::NameObject || x.kind == Kind::Project; };
    if (op.prec == kCompare && ((object(l) && r.kind == Kind::Text) || (l.kind == Kind::Text && object(r)))) {
      refuse(e, "compares Exalate's object with a text, which Groovy finds unequal: `.name` (`.key` for a project) compares the name");
    }
    const bool logical = op.prec == kAnd || op.prec == kOr;
    if (logical) l = truth(l), r = truth(r);
    // All are left-associative: the right operand must bind more tightly.
    const Kind kind = logical || op.prec <= kCompare ? Kind::Bool : l.kind;
    return make(wrap(l, op.prec) + " " + std::string(op.sync) + " " + wrap(r, op.prec + 1), op.prec, kind);
  }
  refuse(e, "`" + e.text + "` has no counterpart in the rule language");
}

std::string Translator::literal(const Expr& e) {
  if (e.kind == ExprKind::Number || e.kind == ExprKind::Bool) return e.text;
  if (e.kind == ExprKind::String && e.parts.empty()) return "\"\"";
  if (e.kind == ExprKind::String && e.parts.size() == 1 && !e.parts[0].code) return sync_string(e.parts[0].text);
  refuse(e, "a value map holds only literal texts, numbers and booleans");
}

}  // namespace twinsync::exalate
