// sync_builder.h — walks the ANTLR tree of a .sync file and builds the AST, leaving out every
// declaration or statement that has a syntax error in it.
#pragma once

#include "SyncParser.h"
#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/parse/code_points.h"

namespace twinsync::parse {

class SyncBuilder {
 public:
  using P = grammar::SyncParser;

  /// `clean`: the parse had no syntax error, so no subtree needs checking for one.
  SyncBuilder(const SourceFile& file, const CodePointOffsets& offsets, DiagnosticSink& sink, bool clean)
      : file_(file), offsets_(offsets), sink_(sink), clean_(clean) {}

  ast::File build(P::FileContext* tree);

 private:
  // declarations
  void decl(P::DeclContext* ctx, ast::File& out);
  ast::ConnectionDecl connection(P::ConnectionDeclContext* ctx);
  ast::CustomDecl custom(P::CustomDeclContext* ctx);
  ast::MapDecl map(P::MapDeclContext* ctx);
  ast::MappingDecl mapping(P::MappingDeclContext* ctx);
  void missing_policies(const std::vector<P::MissingPolicyContext*>& policies, ast::MappingEntry& entry);
  ast::MappingField mapping_field(P::MappingFieldContext* ctx);
  ast::TriggerDecl trigger(P::TriggerDeclContext* ctx);
  ast::Setting setting(P::SettingContext* ctx);
  ast::RuleBlock rule_block(P::RuleBlockContext* ctx);

  // statements
  std::vector<ast::StmtPtr> block(P::BlockContext* ctx);
  ast::StmtPtr stmt(P::StmtContext* ctx);
  ast::StmtPtr if_stmt(antlr4::ParserRuleContext* ctx, P::ExprContext* cond, P::BlockContext* then,
                       P::IfTailContext* tail, P::BlockContext* else_block);
  ast::ExprPtr target(P::TargetContext* ctx);

  // expressions
  ast::ExprPtr expr(P::ExprContext* ctx);
  ast::ExprPtr primary(P::PrimaryContext* ctx);
  ast::ExprPtr string(P::StringContext* ctx);
  Value literal_value(P::LiteralContext* ctx);
  ast::ExprPtr literal(P::LiteralContext* ctx);
  std::string string_text(P::StringContext* ctx);  // a plain string (no interpolation allowed)

  ast::ExprPtr make(ast::ExprKind kind, antlr4::ParserRuleContext* ctx);
  Span span(antlr4::ParserRuleContext* ctx) const;
  Span span(antlr4::tree::TerminalNode* node) const;
  Span span(antlr4::Token* token) const;
  std::string name(P::NameContext* ctx) const;
  bool broken(antlr4::tree::ParseTree* tree) const;
  Value number(antlr4::Token* token, bool negative);

  const SourceFile& file_;
  const CodePointOffsets& offsets_;
  DiagnosticSink& sink_;
  bool clean_;
};

}  // namespace twinsync::parse
