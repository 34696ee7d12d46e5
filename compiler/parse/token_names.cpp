// token_names.cpp — names for tokens in syntax errors, from the grammars' vocabularies.
#include "compiler/parse/token_names.h"

#include "SyncLexer.h"
#include "JqlLexer.h"

namespace twinsync::parse {
namespace {

using grammar::JqlLexer;
using grammar::SyncLexer;

std::string quoted(std::string s) {
  if (s.size() >= 2 && s.front() == '\'' && s.back() == '\'') s = s.substr(1, s.size() - 2);
  return "`" + s + "`";
}

std::string found_text(const std::string& text) {
  if (text.empty()) return "";
  std::string t = text.size() > 30 ? text.substr(0, 30) + "…" : text;
  return " `" + t + "`";
}

}  // namespace

std::string sync_token_name(const antlr4::dfa::Vocabulary& vocab, size_t type, const std::string& text) {
  switch (type) {
    case SyncLexer::IDENT: return "name" + found_text(text);
    case SyncLexer::NUMBER: return "number" + found_text(text);
    case SyncLexer::STR_BEGIN: return "string";
    case SyncLexer::STR_END: return "end of string";
    case SyncLexer::STR_NEWLINE: return "line break inside a string";
    case SyncLexer::STR_TEXT:
    case SyncLexer::STR_ESCAPE: return "string text";
    case SyncLexer::STR_INTERP: return "`{` in a string";
    case SyncLexer::JQL_WORD:
    case SyncLexer::JQL_STRING:
    case SyncLexer::JQL_LPAREN:
    case SyncLexer::JQL_RPAREN: return "JQL filter" + found_text(text);
    case SyncLexer::UNKNOWN: return "character" + found_text(text);
    // Tokens that share their text with another mode's token have no literal name in ANTLR.
    case SyncLexer::LPAREN: return "`(`";
    case SyncLexer::RPAREN: return "`)`";
    case SyncLexer::LBRACE: return "`{`";
    case SyncLexer::NOTE: return "`note`";
    case SyncLexer::INACTIVE: return "`inactive`";
    default: break;
  }
  const std::string literal = vocab.getLiteralName(type);
  if (!literal.empty()) return quoted(literal);
  return vocab.getDisplayName(type);
}

std::string jql_token_name(const antlr4::dfa::Vocabulary& vocab, size_t type, const std::string& text) {
  switch (type) {
    case JqlLexer::WORD: return "word" + found_text(text);
    case JqlLexer::NUMBER: return "number" + found_text(text);
    case JqlLexer::STRING: return "string" + found_text(text);
    case JqlLexer::UNKNOWN: return "character" + found_text(text);
    default: break;
  }
  const std::string literal = vocab.getLiteralName(type);
  if (!literal.empty()) return quoted(literal);
  // Case-insensitive keywords have no literal name; show them as Jira writes them.
  return "`" + vocab.getSymbolicName(type) + "`";
}

}  // namespace twinsync::parse
