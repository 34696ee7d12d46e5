// sync_builder_expr.cpp — the ANTLR tree of expressions, strings and literals to the AST.
#include <cmath>

#include "compiler/parse/sync_builder.h"
#include "compiler/support/numbers.h"

namespace twinsync::parse {

using ast::BinaryOp;
using ast::ExprKind;

ast::ExprPtr SyncBuilder::make(ExprKind kind, antlr4::ParserRuleContext* ctx) {
  auto e = std::make_unique<ast::Expr>();
  e->kind = kind;
  e->span = span(ctx);
  return e;
}

ast::ExprPtr SyncBuilder::expr(P::ExprContext* ctx) {
  if (auto* c = dynamic_cast<P::PrimaryExprContext*>(ctx)) return primary(c->primary());
  if (auto* c = dynamic_cast<P::MemberExprContext*>(ctx)) {
    auto e = make(ExprKind::Member, c);
    e->name = name(c->name());
    e->name_span = span(c->name());
    e->args.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::SafeMemberExprContext*>(ctx)) {
    auto e = make(ExprKind::SafeMember, c);
    e->name = name(c->name());
    e->name_span = span(c->name());
    e->args.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::IndexExprContext*>(ctx)) {
    auto e = make(ExprKind::Index, c);
    e->args.push_back(expr(c->expr(0)));
    e->args.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::NegExprContext*>(ctx)) {
    // -3 is a literal, so that map entries and defaults can be negative numbers.
    auto inner = expr(c->expr());
    if (inner->kind == ExprKind::Literal && inner->literal.is_number()) {
      inner->literal = Value::number(-inner->literal.as_number());
      inner->span = span(c);
      return inner;
    }
    auto e = make(ExprKind::Neg, c);
    e->args.push_back(std::move(inner));
    return e;
  }
  if (auto* c = dynamic_cast<P::NotExprContext*>(ctx)) {
    auto e = make(ExprKind::Not, c);
    e->args.push_back(expr(c->expr()));
    return e;
  }
  if (auto* c = dynamic_cast<P::InExprContext*>(ctx)) {
    auto e = make(ExprKind::In, c);
    e->negated = c->NOT() != nullptr;
    e->args.push_back(expr(c->expr(0)));
    e->args.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::CoalesceExprContext*>(ctx)) {
    auto e = make(ExprKind::Coalesce, c);
    e->args.push_back(expr(c->expr(0)));
    e->args.push_back(expr(c->expr(1)));
    return e;
  }
  if (auto* c = dynamic_cast<P::WhereExprContext*>(ctx)) {
    auto e = make(ExprKind::Where, c);
    e->args.push_back(expr(c->expr(0)));
    e->args.push_back(expr(c->expr(1)));
    return e;
  }
  // The binary operators.
  auto binary = [&](antlr4::ParserRuleContext* c, P::ExprContext* l, P::ExprContext* r, BinaryOp op) {
    auto e = make(ExprKind::Binary, c);
    e->op = op;
    e->args.push_back(expr(l));
    e->args.push_back(expr(r));
    return e;
  };
  if (auto* c = dynamic_cast<P::AndExprContext*>(ctx)) return binary(c, c->expr(0), c->expr(1), BinaryOp::And);
  if (auto* c = dynamic_cast<P::OrExprContext*>(ctx)) return binary(c, c->expr(0), c->expr(1), BinaryOp::Or);
  if (auto* c = dynamic_cast<P::MulExprContext*>(ctx)) {
    const BinaryOp op = c->STAR() ? BinaryOp::Mul : c->SLASH() ? BinaryOp::Div : BinaryOp::Mod;
    return binary(c, c->expr(0), c->expr(1), op);
  }
  if (auto* c = dynamic_cast<P::AddExprContext*>(ctx)) {
    return binary(c, c->expr(0), c->expr(1), c->PLUS() ? BinaryOp::Add : BinaryOp::Sub);
  }
  if (auto* c = dynamic_cast<P::CompareExprContext*>(ctx)) {
    BinaryOp op = BinaryOp::Eq;
    if (c->NEQ()) op = BinaryOp::Ne;
    if (c->LT()) op = BinaryOp::Lt;
    if (c->LE()) op = BinaryOp::Le;
    if (c->GT()) op = BinaryOp::Gt;
    if (c->GE()) op = BinaryOp::Ge;
    return binary(c, c->expr(0), c->expr(1), op);
  }
  auto e = make(ExprKind::Literal, ctx);  // unreachable for trees without errors
  return e;
}

ast::ExprPtr SyncBuilder::primary(P::PrimaryContext* ctx) {
  if (auto* c = dynamic_cast<P::LiteralPrimaryContext*>(ctx)) return literal(c->literal());
  if (auto* c = dynamic_cast<P::CallPrimaryContext*>(ctx)) {
    auto e = make(ExprKind::Call, c);
    e->name = name(c->name());
    e->name_span = span(c->name());
    for (auto* a : c->expr()) e->args.push_back(expr(a));
    return e;
  }
  if (auto* c = dynamic_cast<P::NamePrimaryContext*>(ctx)) {
    auto e = make(ExprKind::Name, c);
    e->name = name(c->name());
    e->name_span = e->span;
    return e;
  }
  if (auto* c = dynamic_cast<P::ItemFieldPrimaryContext*>(ctx)) {
    auto e = make(ExprKind::ItemField, c);
    e->name = name(c->name());
    e->name_span = span(c->name());
    return e;
  }
  if (auto* c = dynamic_cast<P::ListPrimaryContext*>(ctx)) {
    auto e = make(ExprKind::List, c);
    for (auto* a : c->expr()) e->args.push_back(expr(a));
    return e;
  }
  auto* c = dynamic_cast<P::ParenPrimaryContext*>(ctx);
  auto inner = expr(c->expr());
  inner->span = span(c);  // carets under the parentheses too
  return inner;
}

Value SyncBuilder::number(antlr4::Token* token, bool negative) {
  const std::string text = token->getText();
  const double d = std::strtod(text.c_str(), nullptr);
  if (!std::isfinite(d)) {
    sink_.report(DiagId::BadNumber, span(token), "number `" + text + "` is too large");
    return Value::number(0);
  }
  return Value::number(negative ? -d : d);
}

Value SyncBuilder::literal_value(P::LiteralContext* ctx) {
  if (!ctx) return Value::null();
  if (ctx->string()) return Value::string(string_text(ctx->string()));
  if (ctx->NUMBER()) return number(ctx->NUMBER()->getSymbol(), ctx->MINUS() != nullptr);
  if (ctx->TRUE()) return Value::boolean(true);
  if (ctx->FALSE()) return Value::boolean(false);
  return Value::null();
}

ast::ExprPtr SyncBuilder::literal(P::LiteralContext* ctx) {
  if (ctx->string()) return string(ctx->string());
  auto e = make(ExprKind::Literal, ctx);
  e->literal = literal_value(ctx);
  return e;
}

namespace {

// Appends the code point of a \uXXXX escape as UTF-8.
void append_utf8(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

std::string decode_escape(const std::string& esc) {
  switch (esc[1]) {
    case 'n': return "\n";
    case 'r': return "\r";
    case 't': return "\t";
    case 'u': {
      std::string out;
      // The lexer lets only \u and four hex digits through.
      uint32_t cp = parse_int<uint32_t>(std::string_view(esc).substr(2), 16).value_or(0xFFFD);
      if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;  // lone surrogates are not text
      append_utf8(out, cp);
      return out;
    }
    default: return esc.substr(1);
  }
}

}  // namespace

ast::ExprPtr SyncBuilder::string(P::StringContext* ctx) {
  // Adjacent text pieces are merged into one literal; `{expr}` pieces become expressions.
  auto e = make(ExprKind::Interp, ctx);
  std::string pending;
  Span pending_span{};
  auto flush = [&] {
    if (pending_span.empty() && pending.empty()) return;
    auto lit = std::make_unique<ast::Expr>();
    lit->kind = ExprKind::Literal;
    lit->span = pending_span;
    lit->literal = Value::string(pending);
    e->args.push_back(std::move(lit));
    pending.clear();
    pending_span = {};
  };
  for (auto* part : ctx->stringPart()) {
    const Span ps = span(part);
    if (part->STR_TEXT()) {
      pending += part->getText();
      pending_span = pending_span.empty() ? ps : pending_span.to(ps);
    } else if (part->STR_ESCAPE()) {
      pending += decode_escape(part->getText());
      pending_span = pending_span.empty() ? ps : pending_span.to(ps);
    } else if (part->STR_BAD_ESCAPE()) {
      sink_.report(DiagId::BadEscape, ps, "unknown escape `" + part->getText() + "` in a string")
          .help = "the escapes are \\\" \\\\ \\{ \\} \\n \\r \\t and \\uXXXX";
    } else if (part->expr()) {
      flush();
      e->args.push_back(expr(part->expr()));
    }
  }
  if (ctx->STR_NEWLINE()) {
    sink_.report(DiagId::UnterminatedString, span(ctx->STR_BEGIN()), "string has no closing quote on its line")
        .help = "close it with `\"`, or write \\n for a line break inside it";
  }
  const bool only_text = e->args.empty() || (e->args.size() == 1 && e->args[0]->kind == ExprKind::Literal);
  if (only_text) {
    std::string text = pending;
    if (!e->args.empty()) text = std::string(e->args[0]->literal.as_string()) + pending;
    auto lit = make(ExprKind::Literal, ctx);
    lit->literal = Value::string(text);
    return lit;
  }
  flush();
  return e;
}

std::string SyncBuilder::string_text(P::StringContext* ctx) {
  if (!ctx) return {};
  auto e = string(ctx);
  if (e->kind == ExprKind::Literal) return std::string(e->literal.as_string());
  sink_.report(DiagId::TypeMismatch, e->span, "`{…}` is not allowed here: this string must be plain text");
  return {};
}

}  // namespace twinsync::parse
