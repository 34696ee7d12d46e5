// groovy_lexer.cpp — the tokenizer of the Groovy subset. One pass, no backtracking: every loop
// advances at least one byte, so no input can make it hang.
#include "compiler/import/groovy_lexer.h"

#include <array>
#include <cctype>

namespace twinsync::groovy {
namespace {

// Longest first, so that `?.` wins over `?` and `==~` over `==`.
constexpr std::array<std::string_view, 24> kLongOps = {
    "==~", "<=>", "?.", "*.", "?:", "=~", "==", "!=", "<=", ">=", "&&", "||",
    "++",  "--",  "+=", "-=", "*=", "/=", "->", "..", "<<", ">>", "**", "::"};
constexpr std::string_view kShortOps = "()[]{}.,:;=+-*/%<>!?&|^~@";

bool ident_start(unsigned char c) { return std::isalpha(c) || c == '_' || c == '$' || c >= 0x80; }
bool ident_char(unsigned char c) { return ident_start(c) || std::isdigit(c); }

class Lexer {
 public:
  Lexer(std::string_view text, uint32_t base) : text_(text), base_(base) {}

  std::vector<Token> run() {
    while (pos_ < text_.size()) step();
    push(Tok::End, pos_, pos_);
    return std::move(out_);
  }

 private:
  void step() {
    const unsigned char c = text_[pos_];
    if (c == '\n') return newline();
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f') return void(++pos_);
    if (c == '\\' && peek(1) == '\n') return void(pos_ += 2);  // a continued line
    if (c == '#' && pos_ == 0 && peek(1) == '!') return skip_to_line_end();  // #!/usr/bin/groovy
    if (c == '/' && peek(1) == '/') return line_comment();
    if (c == '/' && peek(1) == '*') return block_comment();
    if (c == '"' || c == '\'') return string(c);
    if (std::isdigit(c)) return number();
    if (ident_start(c)) return ident();
    op();
  }

  char peek(size_t ahead) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

  void push(Tok kind, size_t begin, size_t end, std::string text = {}) {
    Token t;
    t.kind = kind;
    t.span = {static_cast<uint32_t>(base_ + begin), static_cast<uint32_t>(base_ + end)};
    t.text = text.empty() && kind != Tok::String && kind != Tok::Comment ? std::string(text_.substr(begin, end - begin))
                                                                          : std::move(text);
    if (kind != Tok::Newline && kind != Tok::Comment) line_has_token_ = true;
    out_.push_back(std::move(t));
  }

  // Inside ( ) and [ ] a line break is white space, as in Groovy.
  void newline() {
    if (brackets_.empty() || brackets_.back() == '{') push(Tok::Newline, pos_, pos_ + 1);
    line_has_token_ = false;
    ++pos_;
  }

  void skip_to_line_end() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  void line_comment() {
    const size_t begin = pos_;
    const bool own_line = !line_has_token_;
    skip_to_line_end();
    push(Tok::Comment, begin, pos_, std::string(text_.substr(begin + 2, pos_ - begin - 2)));
    out_.back().own_line = own_line;
  }

  void block_comment() {
    const size_t begin = pos_;
    const bool own_line = !line_has_token_;
    const size_t close = text_.find("*/", pos_ + 2);
    pos_ = close == std::string_view::npos ? text_.size() : close + 2;
    const size_t body_end = close == std::string_view::npos ? text_.size() : close;
    push(Tok::Comment, begin, pos_, std::string(text_.substr(begin + 2, body_end - begin - 2)));
    out_.back().own_line = own_line;
  }

  // '…', "…", '''…''', """…""": the raw text between the quotes. A line break ends a
  // single-quoted string unterminated (Bad); a triple-quoted one may span lines.
  void string(char quote) {
    const size_t begin = pos_;
    const bool triple = peek(1) == quote && peek(2) == quote;
    const size_t open = triple ? 3 : 1;
    pos_ += open;
    const size_t body = pos_;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '\\') {
        pos_ += 2;
        continue;
      }
      if (c == '\n' && !triple) break;
      if (c == quote && (!triple || (peek(1) == quote && peek(2) == quote))) {
        const size_t body_end = pos_;
        pos_ += open;
        push(Tok::String, begin, pos_, std::string(text_.substr(body, body_end - body)));
        out_.back().interpolates = quote == '"';
        return;
      }
      ++pos_;
    }
    pos_ = std::min(pos_, text_.size());
    push(Tok::Bad, begin, pos_, "unterminated string");
  }

  void number() {
    const size_t begin = pos_;
    while (std::isdigit(static_cast<unsigned char>(peek(0)))) ++pos_;
    if (peek(0) == '.' && std::isdigit(static_cast<unsigned char>(peek(1)))) {
      ++pos_;
      while (std::isdigit(static_cast<unsigned char>(peek(0)))) ++pos_;
    }
    if ((peek(0) == 'e' || peek(0) == 'E') &&
        (std::isdigit(static_cast<unsigned char>(peek(1))) || ((peek(1) == '-' || peek(1) == '+') && std::isdigit(static_cast<unsigned char>(peek(2)))))) {
      pos_ += 2;
      while (std::isdigit(static_cast<unsigned char>(peek(0)))) ++pos_;
    }
    const size_t digits_end = pos_;
    // Groovy's type suffixes (10L, 2.5G, 1d) say nothing the rule language needs.
    if (std::string_view("lLgGdDfFiI").find(peek(0)) != std::string_view::npos && peek(0) != '\0') ++pos_;
    push(Tok::Number, begin, pos_, std::string(text_.substr(begin, digits_end - begin)));
  }

  void ident() {
    const size_t begin = pos_;
    while (pos_ < text_.size() && ident_char(static_cast<unsigned char>(text_[pos_]))) ++pos_;
    push(Tok::Ident, begin, pos_);
  }

  void op() {
    for (std::string_view o : kLongOps) {
      if (text_.substr(pos_, o.size()) == o) {
        push(Tok::Op, pos_, pos_ + o.size());
        pos_ += o.size();
        return;
      }
    }
    const char c = text_[pos_];
    if (kShortOps.find(c) == std::string_view::npos) {
      push(Tok::Bad, pos_, pos_ + 1, "unexpected character");
      ++pos_;
      return;
    }
    track_brackets(c);
    push(Tok::Op, pos_, pos_ + 1);
    ++pos_;
  }

  void track_brackets(char c) {
    if (c == '(' || c == '[' || c == '{') {
      brackets_.push_back(c);
    } else if ((c == ')' || c == ']' || c == '}') && !brackets_.empty()) {
      brackets_.pop_back();
    }
  }

  std::string_view text_;
  uint32_t base_;
  size_t pos_ = 0;
  bool line_has_token_ = false;
  std::string brackets_;  // the open ( [ { in order
  std::vector<Token> out_;
};

}  // namespace

std::vector<Token> lex(std::string_view text, uint32_t base) { return Lexer(text, base).run(); }

}  // namespace twinsync::groovy
