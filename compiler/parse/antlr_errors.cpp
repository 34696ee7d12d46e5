// antlr_errors.cpp — rewords ANTLR's "mismatched input … expecting {…}" into plain messages.
#include "compiler/parse/antlr_errors.h"

namespace twinsync::parse {
namespace {

std::string describe_expected(antlr4::Parser* parser, const TokenNamer& namer, bool at_eof) {
  const antlr4::misc::IntervalSet expected = parser->getExpectedTokens();
  std::vector<std::string> names;
  for (size_t t : expected.toList()) {
    if (t == antlr4::Token::EOF) {
      names.push_back("end of file");
    } else {
      names.push_back(namer(t, ""));
    }
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  if (names.empty()) return "";
  if (names.size() > 6) {
    // A long list helps no one; at the end of the file the likely cause is an unclosed block.
    if (at_eof && std::find(names.begin(), names.end(), "`}`") != names.end()) return "expected `}` to close a block";
    return "";
  }
  std::string out = names.size() == 1 ? "expected " : "expected one of ";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += i + 1 == names.size() ? " or " : ", ";
    out += names[i];
  }
  return out;
}

}  // namespace

void SyntaxErrorListener::syntaxError(antlr4::Recognizer* recognizer, antlr4::Token* offending,
                                      size_t, size_t, const std::string& msg, std::exception_ptr) {
  uint32_t begin = offsets_.byte(0), end = begin;
  std::string found;
  if (offending) {
    const auto start = offending->getStartIndex();
    const auto stop = offending->getStopIndex();
    if (offending->getType() == antlr4::Token::EOF) {
      begin = end = offsets_.end();
      found = end_name_;
    } else {
      begin = offsets_.byte(start);
      end = offsets_.byte(stop + 1);
      found = namer_(offending->getType(), offending->getText());
    }
  }
  // One error per position: ANTLR's recovery can report the same spot twice.
  if (begin == last_offset_) return;
  last_offset_ = begin;

  std::string message;
  auto* parser = dynamic_cast<antlr4::Parser*>(recognizer);
  if (parser && offending) {
    const std::string expected = describe_expected(parser, namer_, offending->getType() == antlr4::Token::EOF);
    message = "unexpected " + found;
    if (!expected.empty()) message += ", " + expected;
  } else {
    // Lexer errors: our lexers have a catch-all token, so this is rare.
    message = msg;
  }
  sink_.report(id_, {begin, end}, message);
}

}  // namespace twinsync::parse
