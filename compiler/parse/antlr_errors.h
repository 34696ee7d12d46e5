// antlr_errors.h — turns ANTLR's syntax errors into our diagnostics with reworded messages.
// Included only by the files of compiler/parse, which are the only ones that see ANTLR.
#pragma once

#include <antlr4-runtime.h>

#include <functional>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/parse/code_points.h"

namespace twinsync::parse {

/// Names a token type for messages: "`}`", "a name", "a string".
using TokenNamer = std::function<std::string(size_t token_type, const std::string& text)>;

/// Collects syntax errors into a DiagnosticSink, with positions mapped to file byte offsets.
class SyntaxErrorListener : public antlr4::BaseErrorListener {
 public:
  /// `end_name` says what the end of the input is: "end of file", "end of the filter".
  SyntaxErrorListener(DiagnosticSink& sink, DiagId id, const CodePointOffsets& offsets, TokenNamer namer,
                      std::string end_name = "end of file")
      : sink_(sink), id_(id), offsets_(offsets), namer_(std::move(namer)), end_name_(std::move(end_name)) {}

  void syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending, size_t line,
                   size_t column, const std::string& msg, std::exception_ptr e) override;

 private:
  DiagnosticSink& sink_;
  DiagId id_;
  const CodePointOffsets& offsets_;
  TokenNamer namer_;
  std::string end_name_;
  uint32_t last_offset_ = UINT32_MAX;
};

/// Parses in ANTLR's fast SLL mode first; only input that needs full LL prediction (or has a
/// syntax error) is parsed a second time in LL mode, with error reporting and recovery.
template <typename Parser, typename Rule>
auto parse_two_stage(Parser& parser, antlr4::CommonTokenStream& tokens, SyntaxErrorListener& listener, Rule rule) {
  using antlr4::atn::ParserATNSimulator;
  using antlr4::atn::PredictionMode;
  parser.removeErrorListeners();
  parser.template getInterpreter<ParserATNSimulator>()->setPredictionMode(PredictionMode::SLL);
  parser.setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
  try {
    return rule(parser);
  } catch (const antlr4::ParseCancellationException&) {
  }
  tokens.seek(0);
  parser.reset();
  parser.addErrorListener(&listener);
  parser.setErrorHandler(std::make_shared<antlr4::DefaultErrorStrategy>());
  parser.template getInterpreter<ParserATNSimulator>()->setPredictionMode(PredictionMode::LL);
  return rule(parser);
}

}  // namespace twinsync::parse
