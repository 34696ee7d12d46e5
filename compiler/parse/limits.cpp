// limits.cpp — nesting and chain-length scans over the token streams.
#include "compiler/parse/limits.h"

#include "JqlLexer.h"
#include "SyncLexer.h"

namespace twinsync::parse {
namespace {

bool too_much(antlr4::Token* t, const CodePointOffsets& offsets, DiagnosticSink& sink, const std::string& what,
              DiagId id) {
  const uint32_t b = offsets.byte(t->getStartIndex());
  sink.report(id, {b, offsets.byte(t->getStopIndex() + 1)}, what).help = "split it into smaller pieces (let locals help)";
  return false;
}

}  // namespace

bool check_sync_limits(antlr4::CommonTokenStream& tokens, const CodePointOffsets& offsets, DiagnosticSink& sink) {
  using L = grammar::SyncLexer;
  tokens.fill();
  int depth = 0, prefix = 0, chain = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    if (t->getChannel() != antlr4::Token::DEFAULT_CHANNEL) continue;
    switch (t->getType()) {
      case L::LPAREN: case L::LBRACK: case L::LBRACE: case L::STR_INTERP: case L::JQL_LPAREN: ++depth; break;
      case L::RPAREN: case L::RBRACK: case L::RBRACE: case L::JQL_RPAREN: --depth; break;
      default: break;
    }
    switch (t->getType()) {
      case L::NOT: case L::MINUS: ++prefix; break;
      default: prefix = 0;
    }
    switch (t->getType()) {
      // A new statement or declaration starts a new chain.
      case L::ASSIGN: case L::LBRACE: case L::RBRACE: case L::SEMI: case L::LET: case L::IF: case L::ELSE:
      case L::SKIP_: case L::ERROR: chain = 0; break;
      case L::DOT: case L::QDOT: case L::LBRACK: case L::PLUS: case L::MINUS: case L::STAR: case L::SLASH:
      case L::PERCENT: case L::EQEQ: case L::NEQ: case L::LT: case L::LE: case L::GT: case L::GE: case L::AND:
      case L::OR: case L::NOT: case L::IN: case L::COALESCE: case L::WHERE: case L::COMMA: ++chain; break;
      default: break;
    }
    if (depth + prefix > kMaxNesting) {
      return too_much(t, offsets, sink, "nested more than " + std::to_string(kMaxNesting) + " levels deep", DiagId::SyntaxError);
    }
    if (chain > kMaxChainLength) {
      return too_much(t, offsets, sink, "expression longer than " + std::to_string(kMaxChainLength) + " operators",
                      DiagId::SyntaxError);
    }
  }
  return true;
}

bool check_jql_limits(antlr4::CommonTokenStream& tokens, const CodePointOffsets& offsets, DiagnosticSink& sink) {
  using L = grammar::JqlLexer;
  tokens.fill();
  int depth = 0, prefix = 0, clauses = 0;
  for (antlr4::Token* t : tokens.getTokens()) {
    switch (t->getType()) {
      case L::LPAREN: case L::LBRACK: ++depth; break;
      case L::RPAREN: case L::RBRACK: --depth; break;
      case L::AND: case L::OR: case L::AMP: case L::PIPE: case L::COMMA: ++clauses; break;
      default: break;
    }
    prefix = (t->getType() == L::NOT || t->getType() == L::BANG) ? prefix + 1 : 0;
    if (depth + prefix > kMaxNesting) {
      return too_much(t, offsets, sink, "filter nested more than " + std::to_string(kMaxNesting) + " levels deep",
                      DiagId::JqlSyntax);
    }
    if (clauses > kMaxChainLength) {
      return too_much(t, offsets, sink, "filter longer than " + std::to_string(kMaxChainLength) + " clauses",
                      DiagId::JqlSyntax);
    }
  }
  return true;
}

}  // namespace twinsync::parse
