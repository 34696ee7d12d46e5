// groovy_parser_expr.cpp — expressions of the Groovy subset, by precedence climbing. Every
// recursion that the input can repeat passes a DepthGuard, and every node counts towards the
// statement's budget, so the tree is bounded whatever the input.
#include <array>
#include <cctype>
#include <utf8.h>

#include "compiler/import/groovy_parser.h"
#include "compiler/import/groovy_parser_impl.h"
#include "compiler/support/encoding.h"

namespace twinsync::groovy {
namespace {

// Binary operators from the loosest level to the tightest (Groovy's order); `as` is handled at
// the relational level on its own, since a type follows it.
const std::array<std::vector<std::string_view>, 9> kLevels = {{
    {"||"},
    {"&&"},
    {"|", "^", "&"},
    {"==", "!=", "<=>", "=~", "==~"},
    {"<", "<=", ">", ">=", "in", "instanceof"},
    {"<<", ">>", ".."},
    {"+", "-"},
    {"*", "/", "%"},
    {"**"},
}};
constexpr int kRelationalLevel = 4;

bool is_level_op(const Token& t, int level) {
  if (t.kind != Tok::Op && !(t.kind == Tok::Ident && (t.text == "in" || t.text == "instanceof"))) return false;
  for (std::string_view op : kLevels[level]) {
    if (t.text == op) return true;
  }
  return false;
}

void append_code_point(std::string& out, uint32_t cp) {
  if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
  utf8::append(static_cast<char32_t>(cp), std::back_inserter(out));
}

// One escape at raw[i] (a backslash); appends what it stands for and moves i past it.
void unescape(std::string& out, std::string_view raw, size_t& i) {
  const char c = i + 1 < raw.size() ? raw[i + 1] : '\\';
  i += 2;
  switch (c) {
    case 'n': out += '\n'; return;
    case 't': out += '\t'; return;
    case 'r': out += '\r'; return;
    case 'b': out += '\b'; return;
    case 'f': out += '\f'; return;
    case '\n': return;  // a continued line
    case 'u': {
      uint32_t cp = 0;
      size_t n = 0;
      for (; n < 4 && i + n < raw.size() && std::isxdigit(static_cast<unsigned char>(raw[i + n])); ++n) {
        cp = cp * 16 + static_cast<uint32_t>(hex_digit(raw[i + n]));
      }
      i += n;
      append_code_point(out, n == 4 ? cp : 0xFFFD);
      return;
    }
    default: out += c; return;  // \\ \' \" \$ and anything else: the character itself
  }
}

bool name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool name_char(char c) { return name_start(c) || std::isdigit(static_cast<unsigned char>(c)); }

}  // namespace

ExprPtr Parser::node(ExprKind kind, Span span) {
  if (++nodes_ > kMaxNodes) {
    throw ParseFail{cur().span, "a statement longer than " + std::to_string(kMaxNodes) + " operators and values"};
  }
  auto e = std::make_unique<Expr>();
  e->kind = kind;
  e->span = span;
  return e;
}

ExprPtr Parser::whole_expression() {
  skip_newlines();
  ExprPtr e = expression();
  skip_newlines();
  if (cur().kind != Tok::End) fail("expected `}` after the interpolated expression");
  return e;
}

// Ternary and elvis, the loosest expressions; both associate to the right.
ExprPtr Parser::expression() {
  DepthGuard guard(*this);
  ExprPtr cond = binary(0);
  if (accept_op("?:")) {
    skip_newlines();
    ExprPtr e = node(ExprKind::Elvis, {});
    e->items.push_back(std::move(cond));
    e->items.push_back(expression());
    e->span = e->items[0]->span.to(e->items[1]->span);
    return e;
  }
  if (!accept_op("?")) return cond;
  skip_newlines();
  ExprPtr e = node(ExprKind::Ternary, {});
  e->items.push_back(std::move(cond));
  e->items.push_back(expression());
  skip_newlines();
  expect_op(":", "in `? :`");
  skip_newlines();
  e->items.push_back(expression());
  e->span = e->items[0]->span.to(e->items[2]->span);
  return e;
}

ExprPtr Parser::binary(int level) {
  if (level == static_cast<int>(kLevels.size())) return unary();
  ExprPtr left = binary(level + 1);
  for (;;) {
    if (level == kRelationalLevel && at_word("as")) {
      advance();
      if (cur().kind != Tok::Ident) fail("expected a type after `as`");
      ExprPtr e = node(ExprKind::Cast, left->span.to(cur().span));
      e->text = advance().text;
      e->items.push_back(std::move(left));
      left = std::move(e);
      continue;
    }
    if (!is_level_op(cur(), level)) return left;
    ExprPtr e = node(ExprKind::Binary, {});
    e->text = advance().text;
    skip_newlines();
    e->items.push_back(std::move(left));
    e->items.push_back(binary(level + 1));
    e->span = e->items[0]->span.to(e->items[1]->span);
    left = std::move(e);
  }
}

ExprPtr Parser::unary() {
  if (at_op("!") || at_op("-") || at_op("+")) {
    DepthGuard guard(*this);
    const Token& op = advance();
    ExprPtr e = node(ExprKind::Unary, op.span);
    e->text = op.text;
    e->items.push_back(unary());
    e->span = e->span.to(e->items[0]->span);
    return e;
  }
  return postfix(primary());
}

// Members, indexes, calls and a trailing closure, left to right. A line that starts with `.`
// continues the one before it.
ExprPtr Parser::postfix(ExprPtr e) {
  for (;;) {
    if (cur().kind == Tok::Newline) {
      size_t next = pos_;
      while (raw(next).kind == Tok::Newline || raw(next).kind == Tok::Comment) ++next;
      if (!(raw(next).kind == Tok::Op && (raw(next).text == "." || raw(next).text == "?."))) return e;
      pos_ = next;
    }
    if (at_op(".") || at_op("?.") || at_op("*.")) {
      const std::string op = advance().text;
      const Token& name = cur();
      if (name.kind != Tok::Ident && name.kind != Tok::String) fail("expected a name after `" + op + "`");
      ExprPtr m = node(ExprKind::Member, e->span.to(name.span));
      m->text = name.text;
      if (name.kind == Tok::String) {
        ExprPtr s = string_literal(name);
        if (s->parts.size() > 1 || (s->parts.size() == 1 && s->parts[0].code)) fail("a member name cannot be interpolated");
        m->text = s->parts.empty() ? "" : s->parts[0].text;
      }
      advance();
      m->safe = op == "?.";
      m->spread = op == "*.";
      m->object = std::move(e);
      e = std::move(m);
    } else if (at_op("[")) {
      DepthGuard guard(*this);
      advance();
      ExprPtr i = node(ExprKind::Index, {});
      i->items.push_back(expression());
      i->span = e->span.to(cur().span);
      expect_op("]", "after the index");
      i->object = std::move(e);
      e = std::move(i);
    } else if (at_op("(")) {
      ExprPtr c = node(ExprKind::Call, {});
      c->items = arguments();
      c->span = e->span.to(raw(pos_ - 1).span);
      c->object = std::move(e);
      e = std::move(c);
    } else if (at_op("{") && (e->kind == ExprKind::Call || e->kind == ExprKind::Member || e->kind == ExprKind::Name)) {
      ExprPtr body = closure();
      if (e->kind != ExprKind::Call) {
        ExprPtr c = node(ExprKind::Call, e->span);
        c->object = std::move(e);
        e = std::move(c);
      }
      e->span = e->span.to(body->span);
      e->closure = std::move(body);
    } else {
      return e;
    }
  }
}

std::vector<ExprPtr> Parser::arguments() {
  DepthGuard guard(*this);
  expect_op("(", "before the arguments");
  std::vector<ExprPtr> args;
  while (!at_op(")")) {
    if (cur().kind == Tok::Ident && raw(next_code(next_code(pos_) + 1)).text == ":") fail("named arguments are not supported");
    args.push_back(expression());
    if (!accept_op(",")) break;
  }
  expect_op(")", "after the arguments");
  return args;
}

ExprPtr Parser::primary() {
  skip_newlines();
  const Token& t = cur();
  switch (t.kind) {
    case Tok::Ident:
      if (t.text == "new") return new_object();
      if (t.text == "true" || t.text == "false" || t.text == "null") {
        ExprPtr e = node(t.text == "null" ? ExprKind::Null : ExprKind::Bool, t.span);
        e->text = advance().text;
        return e;
      }
      break;
    case Tok::String: {
      ExprPtr e = string_literal(t);
      advance();
      return e;
    }
    case Tok::Number: {
      ExprPtr e = node(ExprKind::Number, t.span);
      e->text = advance().text;
      return e;
    }
    case Tok::Op:
      if (t.text == "(") {
        DepthGuard guard(*this);
        advance();
        ExprPtr e = expression();
        expect_op(")", "to close `(`");
        return e;
      }
      if (t.text == "[") return list_or_map();
      if (t.text == "{") return closure();
      fail("expected a value");
    default:
      fail("expected a value");
  }
  ExprPtr e = node(ExprKind::Name, t.span);
  e->text = advance().text;
  return e;
}

// `[a, b]`, `[k: v, …]` (a bare name as a key is a string, as in Groovy), `[]` and `[:]`.
ExprPtr Parser::list_or_map() {
  DepthGuard guard(*this);
  const Span open = advance().span;
  ExprPtr e = node(ExprKind::List, open);
  if (accept_op(":")) {
    e->kind = ExprKind::Map;
  } else {
    while (!at_op("]")) {
      const bool bare_key = cur().kind == Tok::Ident && raw(next_code(next_code(pos_) + 1)).text == ":";
      ExprPtr item;
      if (bare_key) {
        item = node(ExprKind::String, cur().span);
        item->parts.push_back({advance().text, nullptr});
      } else {
        item = expression();
      }
      if (accept_op(":")) {
        if (e->kind == ExprKind::List && !e->items.empty()) fail("a list cannot have keys");
        e->kind = ExprKind::Map;
        e->keys.push_back(std::move(item));
        item = expression();
      } else if (e->kind == ExprKind::Map) {
        fail("expected `:` and a value in the map");
      }
      e->items.push_back(std::move(item));
      if (!accept_op(",")) break;
    }
  }
  e->span = open.to(cur().span);
  expect_op("]", "to close `[`");
  return e;
}

// A closure is kept whole and untranslated: its braces are balanced, its inside is not parsed.
ExprPtr Parser::closure() {
  const Span open = advance().span;
  int depth = 1;
  while (depth > 0) {
    const Token& t = raw(pos_);
    if (t.kind == Tok::End) fail("missing `}` to close the closure");
    if (t.kind == Tok::Op && t.text == "{") ++depth;
    if (t.kind == Tok::Op && t.text == "}") --depth;
    ++pos_;
  }
  return node(ExprKind::Closure, open.to(raw(pos_ - 1).span));
}

ExprPtr Parser::new_object() {
  const Span start = advance().span;  // new
  if (cur().kind != Tok::Ident) fail("expected a type after `new`");
  std::string type = advance().text;
  while (at_op(".")) {
    advance();
    if (cur().kind != Tok::Ident) fail("expected a name after `.`");
    type += "." + advance().text;
  }
  ExprPtr e = node(ExprKind::New, start);
  e->text = type;
  if (at_op("(")) e->items = arguments();
  e->span = start.to(raw(pos_ - 1).span);
  return e;
}

// The parts of a string: text with its escapes undone and, in a double-quoted string, `${code}`
// and `$name.name` interpolations parsed as expressions at their own place in the file.
ExprPtr Parser::string_literal(const Token& t) {
  ExprPtr e = node(ExprKind::String, t.span);
  const std::string_view raw = t.text;
  const uint32_t quote = (t.span.end - t.span.begin - static_cast<uint32_t>(raw.size())) / 2;
  const uint32_t body = t.span.begin + quote;
  std::string text;
  for (size_t i = 0; i < raw.size();) {
    if (raw[i] == '\\') {
      unescape(text, raw, i);
    } else if (t.interpolates && raw[i] == '$' && i + 1 < raw.size() && (raw[i + 1] == '{' || name_start(raw[i + 1]))) {
      if (!text.empty()) e->parts.push_back({std::move(text), nullptr});
      text.clear();
      interpolation(*e, t, raw, body, i);
    } else {
      text += raw[i++];
    }
  }
  if (!text.empty()) e->parts.push_back({std::move(text), nullptr});
  return e;
}

// `${code}` or `$name.name` at raw[i]; moves i past it.
void Parser::interpolation(Expr& s, const Token& t, std::string_view raw, uint32_t body, size_t& i) {
  DepthGuard guard(*this);
  if (raw[i + 1] != '{') {
    const size_t start = i + 1;
    size_t end = start;
    while (end < raw.size() && (name_char(raw[end]) || (raw[end] == '.' && end + 1 < raw.size() && name_start(raw[end + 1])))) ++end;
    Parser sub(file_, lex(raw.substr(start, end - start), body + static_cast<uint32_t>(start)), sink_, depth_);
    s.parts.push_back({"", sub.whole_expression()});
    i = end;
    return;
  }
  int depth = 0;
  size_t close = i + 1;
  for (; close < raw.size(); ++close) {
    if (raw[close] == '{') ++depth;
    if (raw[close] == '}' && --depth == 0) break;
  }
  if (close >= raw.size()) throw ParseFail{t.span, "unterminated `${` in the string"};
  const size_t start = i + 2;
  Parser sub(file_, lex(raw.substr(start, close - start), body + static_cast<uint32_t>(start)), sink_, depth_);
  s.parts.push_back({"", sub.whole_expression()});
  i = close + 1;
}

}  // namespace twinsync::groovy
