// groovy_parser_impl.h — the parser's state, shared by its statement half (groovy_parser.cpp)
// and its expression half (groovy_parser_expr.cpp). Internal to compiler/import.
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/import/groovy_ast.h"
#include "compiler/import/groovy_lexer.h"

namespace twinsync::groovy {

/// A syntax error on its way to the statement being parsed; never leaves the parser.
struct ParseFail {
  Span span;
  std::string message;
};

class Parser {
 public:
  Parser(const SourceFile& file, std::vector<Token> tokens, DiagnosticSink& sink, int depth = 0);

  Block script();
  /// One expression that must use every token (a "${…}" interpolation).
  ExprPtr whole_expression();

 private:
  friend struct DepthGuard;

  // tokens (groovy_parser.cpp)
  const Token& raw(size_t at) const { return tokens_[at < tokens_.size() ? at : tokens_.size() - 1]; }
  size_t next_code(size_t from) const;  // the first token at or after `from` that is not a comment
  const Token& cur() const { return raw(next_code(pos_)); }
  const Token& advance();
  bool at_op(std::string_view op) const { return cur().kind == Tok::Op && cur().text == op; }
  bool at_word(std::string_view word) const { return cur().kind == Tok::Ident && cur().text == word; }
  bool accept_op(std::string_view op);
  void expect_op(std::string_view op, const char* what);
  void skip_newlines();
  [[noreturn]] void fail(const std::string& message) const;

  // statements (groovy_parser.cpp)
  Block statements(bool in_braces);
  StmtPtr statement();
  StmtPtr statement_body(size_t start);
  StmtPtr if_statement();
  StmtPtr def_statement(bool typed);
  StmtPtr simple_statement();
  StmtPtr unsupported(const std::string& keyword);
  Block body();
  void end_of_statement(Stmt& s);
  void skip_statement();
  StmtPtr unparsed(size_t start, const ParseFail& f);

  // expressions (groovy_parser_expr.cpp)
  ExprPtr node(ExprKind kind, Span span);
  ExprPtr expression();
  ExprPtr binary(int level);
  ExprPtr unary();
  ExprPtr postfix(ExprPtr e);
  ExprPtr primary();
  ExprPtr list_or_map();
  ExprPtr closure();
  ExprPtr new_object();
  ExprPtr string_literal(const Token& t);
  void interpolation(Expr& s, const Token& t, std::string_view raw, uint32_t body, size_t& i);
  std::vector<ExprPtr> arguments();

  const SourceFile& file_;
  std::vector<Token> tokens_;
  DiagnosticSink& sink_;
  size_t pos_ = 0;
  int depth_ = 0;
  int nodes_ = 0;
};

/// Counts one level of nesting for as long as it lives; too deep is a syntax error.
struct DepthGuard {
  explicit DepthGuard(Parser& p);
  ~DepthGuard() { --p.depth_; }
  DepthGuard(const DepthGuard&) = delete;
  DepthGuard& operator=(const DepthGuard&) = delete;
  Parser& p;
};

}  // namespace twinsync::groovy
