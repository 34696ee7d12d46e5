// translate.h — turns one parsed Exalate script into a rule block (translate_stmt.cpp) with its
// expressions (translate_expr.cpp). Internal to compiler/import; exalate_import.h is the door.
#pragma once

#include <map>
#include <set>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/import/exalate_fields.h"
#include "compiler/import/groovy_ast.h"
#include "compiler/import/sync_out.h"

namespace twinsync::exalate {

/// An expression in the rule language, with how tightly it binds (to know where parentheses
/// go) and what kind of value it is.
struct SyncExpr {
  std::string text;
  int prec = 0;
  Kind kind = Kind::Unknown;
};

/// Binding strength of the rule language's operators, loosest first (docs/language.md).
enum Prec : int { kCoalesce = 1, kOr, kAnd, kNot, kIn, kCompare, kAdd, kMul, kNeg, kPostfix };

/// Why a piece of Groovy has no translation; caught by the statement that holds it.
struct Untranslatable {
  Span span;
  std::string why;
};

class Translator {
 public:
  Translator(const SourceFile& file, Direction dir, DiagnosticSink& sink, SyncOut& out,
             const std::map<std::string, std::string>& custom_types);

  std::vector<OutStmt> block(const groovy::Block& stmts);
  size_t untranslated() const { return untranslated_; }

 private:
  // statements (translate_stmt.cpp)
  void statement(const groovy::Stmt& s, std::vector<OutStmt>& out);
  void translate_or_keep(const groovy::Stmt& s, std::vector<OutStmt>& out);
  OutStmt assign(const groovy::Stmt& s);
  OutStmt call_statement(const groovy::Stmt& s);
  void def(const groovy::Stmt& s, std::vector<OutStmt>& out);
  OutStmt if_statement(const groovy::Stmt& s);
  std::string condition(const groovy::Expr& e);
  void value_map(const groovy::Stmt& s);
  void keep_as_comment(const groovy::Stmt& s, std::vector<OutStmt>& out);

  // expressions (translate_expr.cpp)
  SyncExpr expr(const groovy::Expr& e);
  SyncExpr name(const groovy::Expr& e);
  SyncExpr string(const groovy::Expr& e);
  SyncExpr list(const groovy::Expr& e);
  SyncExpr member(const groovy::Expr& e);
  SyncExpr index(const groovy::Expr& e);
  SyncExpr call(const groovy::Expr& e);
  SyncExpr helper_call(const groovy::Expr& e, const std::string& helper, const std::string& method);
  SyncExpr method_call(const groovy::Expr& e, const SyncExpr& object, const std::string& method);
  SyncExpr unary(const groovy::Expr& e);
  SyncExpr binary(const groovy::Expr& e);
  SyncExpr custom_field(const groovy::Expr& at, const std::string& record, const std::string& field);
  std::string literal(const groovy::Expr& e);
  [[noreturn]] void refuse(const groovy::Expr& e, std::string why) const;

  const SourceFile& file_;
  Direction dir_;
  DiagnosticSink& sink_;
  SyncOut& out_;
  const std::map<std::string, std::string>& custom_types_;
  std::map<std::string, Kind> locals_;  // `def` names that became `let`s
  std::set<std::string> maps_;          // `def` names that became value maps
  size_t untranslated_ = 0;
};

/// `e` in parentheses unless it binds at least as tightly as `prec`.
std::string wrap(const SyncExpr& e, int prec);

}  // namespace twinsync::exalate
