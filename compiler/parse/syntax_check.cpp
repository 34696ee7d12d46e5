// syntax_check.cpp — runs the ANTLR parsers with our error listener and nothing else.
#include "compiler/parse/syntax_check.h"

#include "JqlLexer.h"
#include "JqlParser.h"
#include "SyncLexer.h"
#include "SyncParser.h"
#include "compiler/parse/antlr_errors.h"
#include "compiler/parse/token_names.h"

namespace twinsync::parse {

bool check_sync_syntax(const SourceFile& file, DiagnosticSink& sink) {
  const size_t before = sink.error_count();
  antlr4::ANTLRInputStream input(file.text());
  grammar::SyncLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  grammar::SyncParser parser(&tokens);
  const auto& vocab = parser.getVocabulary();
  SyntaxErrorListener listener(sink, DiagId::SyntaxError, 0,
                               [&vocab](size_t t, const std::string& s) { return sync_token_name(vocab, t, s); });
  lexer.removeErrorListeners();
  parser.removeErrorListeners();
  lexer.addErrorListener(&listener);
  parser.addErrorListener(&listener);
  parser.file();
  return sink.error_count() == before;
}

bool check_jql_syntax(const SourceFile& file, Span span, DiagnosticSink& sink) {
  const size_t before = sink.error_count();
  antlr4::ANTLRInputStream input(std::string(file.slice(span)));
  grammar::JqlLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  grammar::JqlParser parser(&tokens);
  const auto& vocab = parser.getVocabulary();
  SyntaxErrorListener listener(sink, DiagId::JqlSyntax, span.begin,
                               [&vocab](size_t t, const std::string& s) { return jql_token_name(vocab, t, s); });
  lexer.removeErrorListeners();
  parser.removeErrorListeners();
  lexer.addErrorListener(&listener);
  parser.addErrorListener(&listener);
  parser.query();
  return sink.error_count() == before;
}

}  // namespace twinsync::parse
