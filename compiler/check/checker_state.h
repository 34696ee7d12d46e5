// checker_state.h — the checker's working state, shared by its files (declarations, statements,
// expressions). Internal to compiler/check.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/check/checker.h"
#include "compiler/check/suggest.h"

namespace twinsync::check {

struct LocalVar {
  std::string name;
  uint32_t slot;
  const Type* type;
  Span span;
  bool used = false;
};

struct MapInfo {
  const ast::MapDecl* decl;
  bool has_out = false, has_in = false;
  const Type* left_type = nullptr;   // this side's values
  const Type* right_type = nullptr;  // the other side's values
  bool used_out = false, used_in = false;
};

class State {
 public:
  State(Schema& schema, DiagnosticSink& sink) : schema(schema), sink(sink) {}

  Schema& schema;
  DiagnosticSink& sink;
  std::vector<MapInfo> maps;

  // Per rule block.
  ast::BlockKind block = ast::BlockKind::Outgoing;
  std::vector<std::vector<LocalVar>> scopes;
  std::vector<const Type*> items;  // element types of the enclosing `where` filters
  // The next free local slot, and the most in use at once (the block's locals in the VM).
  uint32_t next_local = 0;
  uint32_t max_locals = 0;

  Diagnostic& report(DiagId id, Span span, std::string message) { return sink.report(id, span, std::move(message)); }

  std::optional<size_t> find_map(const std::string& name) const;
  LocalVar* find_local(const std::string& name);
  uint32_t alloc_locals(uint32_t n);
  std::vector<std::string> visible_names() const;
};

// check_decls.cpp
void check_maps(State& st, ast::File& file);
void check_customs(State& st, ast::File& file);
void check_triggers(State& st, ast::File& file);
void check_settings(State& st, ast::File& file);
void check_uses(State& st, ast::File& file);
void check_unused_maps(State& st);

// check_stmts.cpp
void check_block(State& st, ast::RuleBlock& block);

// check_expr.cpp
const Type* check_expr(State& st, ast::Expr& e);
/// "issue.summary" as written, for messages.
std::string describe(const ast::Expr& e);

}  // namespace twinsync::check
