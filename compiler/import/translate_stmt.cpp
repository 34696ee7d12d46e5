// translate_stmt.cpp — Groovy statements of Exalate scripts into statements of a rule block.
// A statement that does not translate is reported with its place (TS061) and kept in the
// output as a comment, so nothing of the script is lost without a word.
#include <algorithm>
#include <cctype>

#include "compiler/import/translate.h"

namespace twinsync::exalate {
namespace {

using groovy::Expr;
using groovy::ExprKind;
using groovy::Stmt;
using groovy::StmtKind;

// Names a `def` cannot keep: keywords of the rule language and the names it gives itself.
const std::set<std::string, std::less<>> kTakenNames = {
    "outgoing", "incoming", "where", "let", "skip", "error", "and", "or", "not", "in", "it", "if",
    "else", "true", "false", "null", "issue", "replica", "previous", "firstSync"};

std::string trim(std::string_view s) {
  const size_t b = s.find_first_not_of(" \t\r");
  if (b == std::string_view::npos) return "";
  return std::string(s.substr(b, s.find_last_not_of(" \t\r") - b + 1));
}

std::string trim_right(std::string_view s) {
  const size_t e = s.find_last_not_of(" \t\r");
  return e == std::string_view::npos ? "" : std::string(s.substr(0, e + 1));
}

std::vector<std::string> split_lines(std::string_view text) {
  std::vector<std::string> lines;
  size_t start = 0;
  for (size_t nl; (nl = text.find('\n', start)) != std::string_view::npos; start = nl + 1) {
    lines.emplace_back(text.substr(start, nl - start));
  }
  lines.emplace_back(text.substr(start));
  return lines;
}

// A Groovy comment as comment lines: a block comment's decoration (` * `) and blank first and
// last lines go; the words stay.
OutStmt comment(const Stmt& s) {
  OutStmt c;
  for (const std::string& raw : split_lines(s.text)) {
    std::string line = s.block_comment ? trim(raw) : trim_right(raw);
    if (s.block_comment && line.rfind('*', 0) == 0) line = trim(line.substr(1));
    if (!s.block_comment && !line.empty() && line[0] == ' ') line.erase(0, 1);
    c.comment.push_back(line);
  }
  while (!c.comment.empty() && c.comment.back().empty()) c.comment.pop_back();
  while (!c.comment.empty() && c.comment.front().empty()) c.comment.erase(c.comment.begin());
  if (c.comment.empty()) c.comment.emplace_back();
  return c;
}

// `issue.x`, `replica.x`, `….customFields."X"` or `["X"]`, optionally `.value`: the targets the
// rule language can assign.
bool assignable(const Expr& e) {
  const Expr* cur = &e;
  if (cur->kind == ExprKind::Member && cur->text == "value") cur = cur->object.get();
  if (cur->kind == ExprKind::Member || cur->kind == ExprKind::Index) {
    const Expr& obj = *cur->object;
    if (obj.kind == ExprKind::Member && obj.text == "customFields" && !obj.safe) cur = &obj;
  }
  return cur->kind == ExprKind::Member && !cur->safe && cur->object->kind == ExprKind::Name &&
         (cur->object->text == "issue" || cur->object->text == "replica");
}

// `replica.project.versions = []` and `… .components = []`: Exalate's defaults empty the
// project's lists so they do not travel. A project travels as its key alone here.
bool empties_project_list(const Stmt& s) {
  const Expr& t = *s.target;
  return t.kind == ExprKind::Member && (t.text == "versions" || t.text == "components") &&
         t.object->kind == ExprKind::Member && t.object->text == "project" && s.value->kind == ExprKind::List &&
         s.value->items.empty();
}

}  // namespace

Translator::Translator(const SourceFile& file, Direction dir, DiagnosticSink& sink, SyncOut& out,
                       const std::map<std::string, std::string>& custom_types)
    : file_(file), dir_(dir), sink_(sink), out_(out), custom_types_(custom_types) {}

std::vector<OutStmt> Translator::block(const groovy::Block& stmts) {
  std::vector<OutStmt> out;
  uint32_t last_line = 0;
  for (const groovy::StmtPtr& s : stmts) {
    const size_t before = out.size();
    statement(*s, out);
    // An empty line of the script separates groups: the output keeps it.
    const uint32_t line = file_.line_col(s->span.begin).line;
    if (out.size() > before && last_line > 0 && line > last_line + 1) out[before].blank_before = true;
    last_line = file_.line_col(s->span.end).line;
  }
  return out;
}

void Translator::statement(const Stmt& s, std::vector<OutStmt>& out) {
  switch (s.kind) {
    case StmtKind::Comment: out.push_back(comment(s)); return;
    case StmtKind::Unparsed: keep_as_comment(s, out); return;  // the parser has reported it
    case StmtKind::Unsupported:
      if (s.text == "import") {
        // An import changes nothing by itself; what uses the class is reported where it is.
        OutStmt c;
        c.comment.push_back(trim(file_.slice(s.span)) + " (an import: nothing to translate)");
        out.push_back(std::move(c));
        return;
      }
      sink_.report(DiagId::Untranslated, s.span, "`" + s.text + "` has no counterpart in the rule language");
      keep_as_comment(s, out);
      return;
    default: translate_or_keep(s, out);
  }
}

void Translator::translate_or_keep(const Stmt& s, std::vector<OutStmt>& out) {
  try {
    switch (s.kind) {
      case StmtKind::Assign: out.push_back(assign(s)); break;
      case StmtKind::Expr: out.push_back(call_statement(s)); break;
      case StmtKind::Def: def(s, out); return;
      case StmtKind::If: out.push_back(if_statement(s)); break;
      default: return;
    }
    if (!s.trailing.empty() && out.back().trailing.empty()) out.back().trailing = trim(s.trailing);
  } catch (const Untranslatable& u) {
    sink_.report(DiagId::Untranslated, u.span, u.why);
    keep_as_comment(s, out);
  }
}

// The statement's source, line by line, under a header that says where it came from.
void Translator::keep_as_comment(const Stmt& s, std::vector<OutStmt>& out) {
  ++untranslated_;
  const LineCol at = file_.line_col(s.span.begin);
  std::vector<std::string> lines = split_lines(file_.slice(s.span));
  OutStmt c;
  c.comment.push_back("untranslated (" + file_.path() + ":" + std::to_string(at.line) + ":" +
                      std::to_string(at.column) + "): " + trim_right(lines[0]));
  for (size_t i = 1; i < lines.size(); ++i) c.comment.push_back("  " + trim_right(lines[i]));
  out.push_back(std::move(c));
}

OutStmt Translator::assign(const Stmt& s) {
  if (s.text != "=") refuse(*s.target, "`" + s.text + "`: only `=` assignments are translated");
  OutStmt a;
  if (empties_project_list(s)) {
    a.comment.push_back(trim(file_.slice(s.span)) + ": a project travels as its key alone, nothing to empty");
    return a;
  }
  if (!assignable(*s.target)) refuse(*s.target, "only a field of `issue` or `replica` can be assigned");
  a.kind = OutStmt::Kind::Assign;
  a.lhs = expr(*s.target).text;
  if (s.value->kind == ExprKind::Ternary) {
    // `x = c ? a : b` has no expression form here; the statement form says the same.
    OutStmt i;
    i.kind = OutStmt::Kind::If;
    i.lhs = condition(*s.value->items[0]);
    i.has_else = true;
    i.then_body.push_back(a);
    i.else_body.push_back(a);
    i.then_body[0].rhs = expr(*s.value->items[1]).text;
    i.else_body[0].rhs = expr(*s.value->items[2]).text;
    return i;
  }
  a.rhs = expr(*s.value).text;
  return a;
}

// A call on its own: `issue.setStatus(x)` and the merge helpers, whose result Exalate applies.
OutStmt Translator::call_statement(const Stmt& s) {
  const Expr& e = *s.value;
  if (e.kind == ExprKind::Call && !e.closure && e.object->kind == ExprKind::Member) {
    const Expr& callee = *e.object;
    OutStmt a;
    a.kind = OutStmt::Kind::Assign;
    if (callee.text == "setStatus" && callee.object->kind == ExprKind::Name && callee.object->text == "issue" &&
        e.items.size() == 1) {
      a.lhs = "issue.status";
      a.rhs = expr(*e.items[0]).text;
      return a;
    }
    if (callee.text == "mergeComments" || callee.text == "mergeAttachments") {
      a.rhs = expr(e).text;
      a.lhs = callee.text == "mergeComments" ? "issue.comments" : "issue.attachments";
      return a;
    }
  }
  refuse(e, "a call on its own: only `issue.setStatus(…)` and the merge helpers are translated");
}

// A name the rule language can spell: Groovy also allows `$` and letters beyond ASCII.
bool plain_name(const std::string& name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0]))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

void Translator::def(const Stmt& s, std::vector<OutStmt>& out) {
  if (kTakenNames.count(s.text)) refuse(*s.value, "`" + s.text + "` is a name the rule language keeps for itself");
  if (!plain_name(s.text)) refuse(*s.value, "`" + s.text + "` is not a name the rule language can spell");
  if (s.value->kind == ExprKind::Map) {
    value_map(s);
    OutStmt c;  // where the map went, for the person who compares the two files
    c.comment.push_back("def " + s.text + ": the value map `" + s.text + "` at the end of the file");
    out.push_back(std::move(c));
    return;
  }
  OutStmt l;
  l.kind = OutStmt::Kind::Let;
  l.lhs = s.text;
  const SyncExpr v = expr(*s.value);
  l.rhs = v.text;
  l.trailing = trim(s.trailing);
  locals_[s.text] = v.kind;
  out.push_back(std::move(l));
}

// `def statusMap = ["Done": "Resolved"]` becomes `map statusMap { … }`. In an outgoing script
// the keys are this side's values; in an incoming one, the other side's. A map of the same name
// in the other script joins this one: an entry both scripts have works both ways.
void Translator::value_map(const Stmt& s) {
  const Expr& m = *s.value;
  if (m.items.empty()) refuse(m, "an empty map has no counterpart in the rule language");
  std::vector<MapEntry> entries;
  for (size_t i = 0; i < m.items.size(); ++i) {
    const std::string key = literal(*m.keys[i]), value = literal(*m.items[i]);
    MapEntry e;
    e.outgoing = dir_ == Direction::Outgoing;
    e.incoming = !e.outgoing;
    e.left = e.outgoing ? key : value;
    e.right = e.outgoing ? value : key;
    entries.push_back(std::move(e));
  }
  auto map = std::find_if(out_.maps.begin(), out_.maps.end(), [&](const ValueMap& v) { return v.name == s.text; });
  if (map == out_.maps.end()) map = out_.maps.insert(out_.maps.end(), ValueMap{s.text, {}});
  for (MapEntry& e : entries) {
    auto same = std::find_if(map->entries.begin(), map->entries.end(),
                             [&](const MapEntry& o) { return o.left == e.left && o.right == e.right; });
    if (same == map->entries.end()) {
      map->entries.push_back(std::move(e));
    } else {
      same->outgoing = same->outgoing || e.outgoing;
      same->incoming = same->incoming || e.incoming;
    }
  }
  maps_.insert(s.text);
}

OutStmt Translator::if_statement(const Stmt& s) {
  OutStmt i;
  i.kind = OutStmt::Kind::If;
  i.lhs = condition(*s.value);
  i.then_body = block(s.then_body);
  i.has_else = s.has_else;
  i.else_body = block(s.else_body);
  return i;
}

std::string Translator::condition(const Expr& e) {
  const SyncExpr c = expr(e);
  if (c.kind == Kind::Bool) return c.text;
  if (c.kind == Kind::List || c.kind == Kind::Items) return "length(" + c.text + ") > 0";
  return wrap(c, kAdd) + " != null";
}

}  // namespace twinsync::exalate
