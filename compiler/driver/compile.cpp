// compile.cpp — the phases in order, stopping before code generation when there are errors.
#include "compiler/driver/compile.h"

#include <xxhash.h>

#include "compiler/codegen/gen_rules.h"
#include "compiler/jql/jql_compile.h"
#include "compiler/jql/jql_print.h"
#include "compiler/lower/lower.h"
#include "compiler/parse/parse.h"

namespace twinsync {
namespace {

std::string setting_text(const ast::Setting& s) {
  if (!s.value) return "";
  const ast::Expr& v = *s.value;
  if (v.kind == ast::ExprKind::Literal) {
    return v.literal.is_string() ? std::string(v.literal.as_string()) : v.literal.debug();
  }
  if (v.kind == ast::ExprKind::Name) return v.name;
  return ast::template_text(v).value_or("");
}

ConnectionInfo connection_info(const ast::File& file) {
  ConnectionInfo info;
  if (file.connections.empty()) return info;
  const ast::ConnectionDecl& c = file.connections[0];
  info.name = c.name;
  for (const ast::Setting& s : c.settings) {
    const std::string v = setting_text(s);
    if (s.name == "local") info.local = v;
    else if (s.name == "remote") info.remote = v;
    else if (s.name == "description") info.description = v;
    else if (s.name == "project") info.project = v;
    else if (!s.children.empty()) {
      for (const ast::Setting& child : s.children) info.settings.emplace_back(s.name + "." + child.name, setting_text(child));
    } else {
      info.settings.emplace_back(s.name, v);
    }
  }
  return info;
}

void fill_program(const ast::File& file, const SourceFile& source, Program& p, const Schema& schema,
                  DiagnosticSink& sink) {
  p.source_path = source.path();
  p.source_text = source.text();
  p.source_hash = XXH3_64bits(source.text().data(), source.text().size());
  p.connection = connection_info(file);
  for (const ast::CustomDecl& c : file.customs) p.custom_fields.push_back({c.field, c.type ? c.type->name() : "any"});
  for (const ast::MapDecl& m : file.maps) {
    MapTable t;
    t.name = m.name;
    for (const ast::MapEntry& e : m.entries) {
      if (e.dir != ast::Direction::In) t.out.emplace_back(e.left, e.right);
      if (e.dir != ast::Direction::Out) t.in.emplace_back(e.right, e.left);
    }
    p.maps.push_back(std::move(t));
  }
  for (const ast::RuleBlock& b : file.blocks) {
    std::optional<Chunk>& slot = b.kind == ast::BlockKind::Outgoing ? p.outgoing : p.incoming;
    slot.emplace();
    generate_block(b, p, *slot, sink);
  }
  for (const ast::TriggerDecl& t : file.triggers) {
    // The canonical form is what a Jira server is asked; it reads the same as the source.
    TriggerInfo info{t.name, t.query ? jql::print(*t.query) : t.jql, t.note, !t.inactive, {}};
    info.predicate.name = "trigger " + t.name;
    // check_source compiled each filter once already and reported what it found.
    DiagnosticSink reported;
    if (t.query) compile_jql(*t.query, schema, p, info.predicate, reported, JqlFallback::AskTracker);
    p.triggers.push_back(std::move(info));
  }
}

}  // namespace

ast::File check_source(const SourceFile& file, Schema& schema, DiagnosticSink& sink) {
  ast::File ast = parse::parse_sync(file, sink);
  lower_file(ast, sink);
  check_file(ast, schema, sink);
  // JQL of triggers is checked here too, so that lint reports unknown fields and functions.
  Program scratch;
  for (const ast::TriggerDecl& t : ast.triggers) {
    if (!t.query) continue;
    Chunk c;
    compile_jql(*t.query, schema, scratch, c, sink, JqlFallback::AskTracker);
  }
  return ast;
}

std::optional<Program> compile_source(const SourceFile& file, Schema schema, DiagnosticSink& sink) {
  ast::File ast = check_source(file, schema, sink);
  if (sink.has_errors()) return std::nullopt;
  Program p;
  fill_program(ast, file, p, schema, sink);
  if (sink.has_errors()) return std::nullopt;
  p.finish();
  return p;
}

std::optional<Program> compile_filter(const SourceFile& query, const Schema& schema, DiagnosticSink& sink,
                                      JqlFallback fallback) {
  auto q = parse::parse_jql(query, {0, static_cast<uint32_t>(query.text().size())}, sink);
  if (!q) return std::nullopt;
  Program p;
  p.source_path = query.path();
  p.source_text = query.text();
  TriggerInfo t{"search", query.text(), "", true, {}};
  t.predicate.name = "filter";
  compile_jql(*q, schema, p, t.predicate, sink, fallback);
  if (sink.has_errors()) return std::nullopt;
  p.triggers.push_back(std::move(t));
  p.finish();
  return p;
}

}  // namespace twinsync
