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

}  // namespace twinsync::parse
