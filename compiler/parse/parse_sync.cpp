// parse_sync.cpp — .sync text to ast::File through the ANTLR parser of grammar/Sync*.g4.
#include "SyncLexer.h"
#include "SyncParser.h"
#include "compiler/parse/antlr_errors.h"
#include "compiler/parse/limits.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/sync_builder.h"
#include "compiler/parse/token_names.h"

namespace twinsync::parse {

ast::File parse_sync(const SourceFile& file, DiagnosticSink& sink) {
  const Span whole{0, static_cast<uint32_t>(file.text().size())};
  if (!check_utf8(file, whole, sink)) return {};
  CodePointOffsets offsets(file.text(), 0);
  antlr4::ANTLRInputStream input(file.text());
  grammar::SyncLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  SyntaxErrorListener lex_listener(sink, DiagId::SyntaxError, offsets, [](size_t, const std::string& s) { return s; });
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lex_listener);
  if (!check_sync_limits(tokens, offsets, sink)) return {};
  grammar::SyncParser parser(&tokens);
  const auto& vocab = parser.getVocabulary();
  SyntaxErrorListener listener(sink, DiagId::SyntaxError, offsets,
                               [&vocab](size_t t, const std::string& s) { return sync_token_name(vocab, t, s); });
  const size_t errors_before = sink.error_count();
  grammar::SyncParser::FileContext* tree = parse_two_stage(parser, tokens, listener, [](grammar::SyncParser& p) { return p.file(); });
  return SyncBuilder(file, offsets, sink, sink.error_count() == errors_before).build(tree);
}

}  // namespace twinsync::parse
