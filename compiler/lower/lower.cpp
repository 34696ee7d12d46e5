// lower.cpp — mapping entries and presets to statements (see lower.h).
#include "compiler/lower/lower.h"

#include <map>

#include "compiler/check/suggest.h"

namespace twinsync {
namespace {

using ast::Expr;
using ast::ExprKind;
using ast::ExprPtr;
using ast::Stmt;
using ast::StmtPtr;

ExprPtr expr(ExprKind kind, Span span) {
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  e->name_span = span;
  return e;
}

ExprPtr name(const std::string& n, Span span) {
  auto e = expr(ExprKind::Name, span);
  e->name = n;
  return e;
}

ExprPtr text(const std::string& s, Span span) {
  auto e = expr(ExprKind::Literal, span);
  e->literal = Value::string(s);
  return e;
}

// root.field, or root.custom["Name"] for a custom field.
ExprPtr field(const std::string& root, const ast::MappingField& f) {
  auto member = expr(ExprKind::Member, f.span);
  member->args.push_back(name(root, f.span));
  if (!f.custom) {
    member->name = f.name;
    return member;
  }
  member->name = "custom";
  auto index = expr(ExprKind::Index, f.span);
  index->args.push_back(std::move(member));
  index->args.push_back(text(f.name, f.span));
  return index;
}

ExprPtr call(const std::string& fn, ExprPtr a, ExprPtr b, Span span) {
  auto e = expr(ExprKind::Call, span);
  e->name = fn;
  e->args.push_back(std::move(a));
  if (b) e->args.push_back(std::move(b));
  return e;
}

StmtPtr assign(ExprPtr target, ExprPtr value, Span span) {
  auto s = std::make_unique<Stmt>();
  s->kind = ast::StmtKind::Assign;
  s->span = span;
  s->target = std::move(target);
  s->value = std::move(value);
  s->lowered = true;
  return s;
}

bool is_list_of_items(const ast::MappingField& f) {
  return !f.custom && (f.name == "comments" || f.name == "attachments");
}

// `comments where not .internal`: what both presets send of comments. Internal notes and
// comments restricted to a role or group (the connector marks those internal too) stay home: a
// preset must not leak what a person hid (a rule written by hand can still choose otherwise).
ExprPtr shared_comments(ExprPtr comments, Span span) {
  auto internal = expr(ExprKind::ItemField, span);
  internal->name = "internal";
  auto not_internal = expr(ExprKind::Not, span);
  not_internal->args.push_back(std::move(internal));
  auto where = expr(ExprKind::Where, span);
  where->args.push_back(std::move(comments));
  where->args.push_back(std::move(not_internal));
  return where;
}

// One direction of a mapping entry: `to.field = from.field` through the value map and policy.
StmtPtr lower_direction(const ast::MappingEntry& m, bool outgoing) {
  const ast::MappingField& src = outgoing ? m.local : m.remote;
  const ast::MappingField& dst = outgoing ? m.remote : m.local;
  const std::string from_root = outgoing ? "issue" : "replica";
  const std::string to_root = outgoing ? "replica" : "issue";
  ExprPtr value = field(from_root, src);
  if (outgoing && !src.custom && src.name == "comments" && m.map.empty()) value = shared_comments(std::move(value), m.span);
  if (!outgoing && is_list_of_items(dst) && m.map.empty()) {
    // Comments and attachments are merged, never overwritten: local items stay.
    value = call("merge", field("issue", dst), std::move(value), m.span);
  }
  if (!m.map.empty()) {
    auto lookup = expr(ExprKind::Index, m.span);
    lookup->args.push_back(name(m.map, m.map_span));
    lookup->args.push_back(std::move(value));
    value = std::move(lookup);
  }
  const ast::Missing& missing = outgoing ? m.out : m.in;
  StmtPtr s;
  if (missing.policy == ast::MissingPolicy::Default) {
    auto coalesce = expr(ExprKind::Coalesce, m.span);
    auto lit = expr(ExprKind::Literal, m.span);
    lit->literal = missing.default_value;
    coalesce->args.push_back(std::move(value));
    coalesce->args.push_back(std::move(lit));
    s = assign(field(to_root, dst), std::move(coalesce), m.span);
  } else {
    s = assign(field(to_root, dst), std::move(value), m.span);
    if (missing.policy == ast::MissingPolicy::Error) {
      s->or_else = ast::OrElse::Error;
      const std::string msg = !missing.error_message.empty()
                                  ? missing.error_message
                                  : "no value for " + src.name + " in " + (m.map.empty() ? "the mapping" : m.map);
      s->or_else_message = text(msg, m.span);
    } else if (!m.map.empty() || missing.policy == ast::MissingPolicy::Keep) {
      s->or_else = ast::OrElse::Keep;  // Visual mode's "do nothing" when the value has no match
    }
  }
  return s;
}

// The Basic preset: summary, description, comments, attachments and issue type mirrored;
// internal and restricted comments stay home (shared_comments).
void basic_preset(std::vector<StmtPtr>& out, std::vector<StmtPtr>& in, Span span) {
  for (const char* f : {"key", "type", "summary", "description", "comments", "attachments"}) {
    ast::MappingField mf{f, false, span};
    ExprPtr value = field("issue", mf);
    if (mf.name == "comments") value = shared_comments(std::move(value), span);
    out.push_back(assign(field("replica", mf), std::move(value), span));
  }
  for (const char* f : {"summary", "description"}) {
    ast::MappingField mf{f, false, span};
    in.push_back(assign(field("issue", mf), field("replica", mf), span));
  }
  for (const char* f : {"comments", "attachments"}) {
    ast::MappingField mf{f, false, span};
    in.push_back(assign(field("issue", mf), call("merge", field("issue", mf), field("replica", mf), span), span));
  }
  // if firstSync { issue.type = localType(replica.type) ?? "Task" }
  auto first = std::make_unique<Stmt>();
  first->kind = ast::StmtKind::If;
  first->span = span;
  first->lowered = true;
  first->value = name("firstSync", span);
  auto fallback = expr(ExprKind::Coalesce, span);
  fallback->args.push_back(call("localType", field("replica", {"type", false, span}), nullptr, span));
  fallback->args.push_back(text("Task", span));
  first->then_body.push_back(assign(field("issue", {"type", false, span}), std::move(fallback), span));
  in.push_back(std::move(first));
}

ast::RuleBlock& block_of(ast::File& file, ast::BlockKind kind, Span span) {
  if (ast::RuleBlock* b = file.block(kind)) return *b;
  file.blocks.push_back(ast::RuleBlock{kind, span, {}, 0});
  return file.blocks.back();
}

void prepend(ast::RuleBlock& block, std::vector<StmtPtr> stmts) {
  for (auto& s : block.body) stmts.push_back(std::move(s));
  block.body = std::move(stmts);
}

}  // namespace

void lower_file(ast::File& file, DiagnosticSink& sink) {
  std::vector<StmtPtr> out, in;
  for (const ast::UseDecl& u : file.uses) {
    if (u.preset == "basic") {
      basic_preset(out, in, u.span);
    } else {
      sink.report(DiagId::UnknownPreset, u.span, "no preset `" + u.preset + "`").help = did_you_mean(u.preset, {"basic"});
    }
  }
  // `project "DEV"` in the connection header: where the first sync creates issues.
  for (const ast::ConnectionDecl& c : file.connections) {
    for (const ast::Setting& s : c.settings) {
      if (s.name != "project" || !s.value || s.value->kind != ExprKind::Literal) continue;
      auto first = std::make_unique<Stmt>();
      first->kind = ast::StmtKind::If;
      first->span = s.span;
      first->lowered = true;
      first->value = name("firstSync", s.span);
      auto value = expr(ExprKind::Literal, s.value->span);
      value->literal = s.value->literal;
      first->then_body.push_back(assign(field("issue", {"project", false, s.span}), std::move(value), s.span));
      in.insert(in.begin(), std::move(first));
    }
  }
  // A destination field written by two mapping entries of one direction is a mistake: the
  // second would silently win.
  std::map<std::string, Span> written[2];
  auto claim = [&](int dir, const ast::MappingField& f, Span span) {
    const std::string key = f.custom ? "custom[\"" + f.name + "\"]" : f.name;
    auto [it, fresh] = written[dir].emplace(key, span);
    if (!fresh) {
      sink.report(DiagId::MappingConflict, span,
                  std::string(dir == 0 ? "replica." : "issue.") + key + " is already written by another mapping")
          .notes.push_back({"first written here", it->second});
    }
  };
  for (const ast::MappingDecl& mapping : file.mappings) {
    for (const ast::MappingEntry& m : mapping.entries) {
      if (m.dir != ast::Direction::In) {
        claim(0, m.remote, m.remote.span);
        out.push_back(lower_direction(m, true));
      }
      if (m.dir != ast::Direction::Out) {
        claim(1, m.local, m.local.span);
        in.push_back(lower_direction(m, false));
      }
    }
  }
  Span where = file.uses.empty() ? (file.mappings.empty() ? Span{} : file.mappings[0].span) : file.uses[0].span;
  if (where.empty() && !file.connections.empty()) where = file.connections[0].span;
  if (!out.empty()) prepend(block_of(file, ast::BlockKind::Outgoing, where), std::move(out));
  if (!in.empty()) prepend(block_of(file, ast::BlockKind::Incoming, where), std::move(in));
}

}  // namespace twinsync
