// groovy_parser.cpp — statements of the Groovy subset: assignments, `def`, calls, if/else and
// comments. A statement that does not parse is reported, skipped as a whole (brackets
// balanced) and kept as Unparsed, so one mistake never hides the rest of the script.
#include <set>
#include <utf8.h>

#include "compiler/import/groovy_parser.h"
#include "compiler/import/groovy_parser_impl.h"

namespace twinsync::groovy {
namespace {

// Statements Exalate scripts may hold but the rule language has no form for; the translator
// names them, the parser only skips over them.
const std::set<std::string, std::less<>> kUnsupportedKeywords = {
    "for", "while", "do", "return", "throw", "try", "switch", "break", "continue", "class",
    "import", "package", "assert", "synchronized", "static", "final"};

// Types a declaration may start with instead of `def` (`String name = …`).
const std::set<std::string, std::less<>> kDeclTypes = {
    "String", "Integer", "int", "long", "Long", "double", "Double", "boolean", "Boolean",
    "Map", "List", "Object", "BigDecimal", "var"};

}  // namespace

DepthGuard::DepthGuard(Parser& parser) : p(parser) {
  if (++p.depth_ > kMaxDepth) {
    --p.depth_;
    throw ParseFail{p.cur().span, "nesting deeper than " + std::to_string(kMaxDepth) + " levels"};
  }
}

Parser::Parser(const SourceFile& file, std::vector<Token> tokens, DiagnosticSink& sink, int depth)
    : file_(file), tokens_(std::move(tokens)), sink_(sink), depth_(depth) {}

size_t Parser::next_code(size_t from) const {
  while (from < tokens_.size() && tokens_[from].kind == Tok::Comment) ++from;
  return from;
}

const Token& Parser::advance() {
  pos_ = next_code(pos_);
  const Token& t = raw(pos_);
  if (t.kind != Tok::End) ++pos_;
  return t;
}

bool Parser::accept_op(std::string_view op) {
  if (!at_op(op)) return false;
  advance();
  return true;
}

void Parser::expect_op(std::string_view op, const char* what) {
  if (!accept_op(op)) fail(std::string("expected `") + std::string(op) + "` " + what);
}

void Parser::skip_newlines() {
  while (cur().kind == Tok::Newline) advance();
}

void Parser::fail(const std::string& message) const {
  const Token& t = cur();
  std::string found = t.kind == Tok::End       ? "the end of the file"
                      : t.kind == Tok::Newline ? "the end of the line"
                      : t.kind == Tok::Bad     ? t.text
                                               : "`" + t.text + "`";
  if (t.kind == Tok::String) found = "a string";
  throw ParseFail{t.span, message + ", found " + found};
}

Block Parser::script() { return statements(false); }

// Statements up to the end of the file, or up to the `}` that closes a block (not consumed).
Block Parser::statements(bool in_braces) {
  Block out;
  for (;;) {
    while (raw(pos_).kind == Tok::Newline || (raw(pos_).kind == Tok::Op && raw(pos_).text == ";")) ++pos_;
    const Token& t = raw(pos_);
    if (t.kind == Tok::End) {
      if (in_braces) throw ParseFail{t.span, "missing `}` before the end of the file"};
      return out;
    }
    if (in_braces && t.kind == Tok::Op && t.text == "}") return out;
    out.push_back(statement());
  }
}

StmtPtr Parser::statement() {
  const Token& first = raw(pos_);
  if (first.kind == Tok::Comment) {
    auto s = std::make_unique<Stmt>();
    s->kind = StmtKind::Comment;
    s->span = first.span;
    s->text = first.text;
    s->block_comment = file_.slice(first.span).substr(0, 2) == "/*";
    ++pos_;
    return s;
  }
  const size_t start = pos_;
  try {
    return statement_body(start);
  } catch (const ParseFail& f) {
    return unparsed(start, f);
  }
}

StmtPtr Parser::statement_body(size_t start) {
  DepthGuard guard(*this);
  nodes_ = 0;
  const Token& t = raw(start);
  if (t.kind == Tok::Ident) {
    if (t.text == "if") return if_statement();
    if (t.text == "def") return def_statement(false);
    if (kUnsupportedKeywords.count(t.text)) return unsupported(t.text);
    const Token& after = raw(next_code(start + 1));
    if (kDeclTypes.count(t.text) && after.kind == Tok::Ident) return def_statement(true);
  }
  return simple_statement();
}

StmtPtr Parser::unparsed(size_t start, const ParseFail& f) {
  sink_.report(DiagId::GroovySyntax, f.span, f.message);
  pos_ = start;
  skip_statement();
  auto s = std::make_unique<Stmt>();
  s->kind = StmtKind::Unparsed;
  s->span = {raw(start).span.begin, pos_ > start ? raw(pos_ - 1).span.end : raw(start).span.end};
  return s;
}

// From the statement's first token to its end: a line break or `;` outside brackets, or the `}`
// of the enclosing block; a `}` that closes the statement's own block ends it unless `else`,
// `catch` or `finally` follows. Always moves past at least one token.
void Parser::skip_statement() {
  const size_t start = pos_;
  int depth = 0;
  for (;;) {
    const Token& t = raw(pos_);
    if (t.kind == Tok::End) break;
    const bool op = t.kind == Tok::Op;
    if (depth == 0 && (t.kind == Tok::Newline || (op && (t.text == ";" || t.text == "}")))) {
      if (pos_ == start && op && t.text == "}") ++pos_;  // a stray `}` at the top level
      break;
    }
    ++pos_;
    if (op && (t.text == "(" || t.text == "[" || t.text == "{")) ++depth;
    if (op && (t.text == ")" || t.text == "]") && depth > 0) --depth;
    if (op && t.text == "}" && --depth == 0) {
      size_t next = pos_;
      while (raw(next).kind == Tok::Newline) ++next;
      const Token& n = raw(next);
      if (!(n.kind == Tok::Ident && (n.text == "else" || n.text == "catch" || n.text == "finally"))) break;
    }
  }
}

StmtPtr Parser::if_statement() {
  auto s = std::make_unique<Stmt>();
  s->kind = StmtKind::If;
  const Span start = advance().span;  // if
  expect_op("(", "after `if`");
  s->value = expression();
  expect_op(")", "after the condition");
  s->then_body = body();
  size_t next = pos_;
  while (raw(next).kind == Tok::Newline) ++next;
  if (raw(next).kind == Tok::Ident && raw(next).text == "else") {
    pos_ = next + 1;
    s->has_else = true;
    skip_newlines();
    if (at_word("if")) {
      pos_ = next_code(pos_);
      s->else_body.push_back(statement());
    } else {
      s->else_body = body();
    }
  }
  s->span = {start.begin, raw(pos_ - 1).span.end};
  return s;
}

// `{ statements }`, or a single statement (`if (x) issue.summary = "y"`).
Block Parser::body() {
  skip_newlines();
  if (!accept_op("{")) {
    pos_ = next_code(pos_);
    if (cur().kind == Tok::End) fail("expected a statement");
    Block one;
    one.push_back(statement());
    return one;
  }
  Block b = statements(true);
  expect_op("}", "to close the block");
  return b;
}

StmtPtr Parser::def_statement(bool typed) {
  auto s = std::make_unique<Stmt>();
  s->kind = StmtKind::Def;
  const Span start = advance().span;  // def, or the type
  if (!typed && cur().kind == Tok::Ident && raw(next_code(pos_ + 1)).kind == Tok::Ident) advance();  // def String x
  if (cur().kind != Tok::Ident) fail("expected a name after `def`");
  s->text = advance().text;
  if (!accept_op("=")) fail("expected `=` and a value: a declaration without one is not supported");
  skip_newlines();
  s->value = expression();
  s->span = {start.begin, raw(pos_ - 1).span.end};
  end_of_statement(*s);
  return s;
}

StmtPtr Parser::simple_statement() {
  auto s = std::make_unique<Stmt>();
  ExprPtr e = expression();
  const Token& t = cur();
  if (t.kind == Tok::Op && (t.text == "=" || t.text == "+=" || t.text == "-=" || t.text == "*=" || t.text == "/=")) {
    s->kind = StmtKind::Assign;
    s->text = advance().text;
    skip_newlines();
    s->target = std::move(e);
    s->value = expression();
    s->span = s->target->span.to(s->value->span);
  } else {
    s->kind = StmtKind::Expr;
    s->span = e->span;
    s->value = std::move(e);
  }
  end_of_statement(*s);
  return s;
}

StmtPtr Parser::unsupported(const std::string& keyword) {
  auto s = std::make_unique<Stmt>();
  s->kind = StmtKind::Unsupported;
  s->text = keyword;
  const size_t start = pos_;
  skip_statement();
  s->span = {raw(start).span.begin, raw(pos_ - 1).span.end};
  return s;
}

// A statement ends at a line break, `;`, the `}` of its block, an `else` or the end of the file; a
// comment after it on the same line stays with it.
void Parser::end_of_statement(Stmt& s) {
  if (raw(pos_).kind == Tok::Comment && !raw(pos_).own_line) s.trailing = raw(pos_++).text;
  const Token& t = raw(pos_);
  if (t.kind == Tok::Newline || t.kind == Tok::End) return;
  if (t.kind == Tok::Op && (t.text == ";" || t.text == "}")) return;
  if (t.kind == Tok::Ident && t.text == "else") return;  // if (a) x = 1 else x = 2
  fail("expected the end of the statement");
}

Block parse_script(const SourceFile& file, DiagnosticSink& sink) {
  const std::string& text = file.text();
  if (auto bad = utf8::find_invalid(text.begin(), text.end()); bad != text.end()) {
    const auto at = static_cast<uint32_t>(bad - text.begin());
    sink.report(DiagId::InvalidUtf8, {at, at + 1}, "the script is not valid UTF-8");
    return {};
  }
  Parser p(file, lex(text), sink);
  return p.script();
}

}  // namespace twinsync::groovy
