// parse_jql.cpp — JQL text to jql::Query through the ANTLR parser of grammar/Jql.g4.
#include <utf8.h>

#include "JqlLexer.h"
#include "JqlParser.h"
#include "compiler/parse/antlr_errors.h"
#include "compiler/parse/limits.h"
#include "compiler/parse/parse.h"
#include "compiler/parse/token_names.h"
#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"

namespace twinsync::parse {
namespace {

using grammar::JqlParser;

// Removes quotes and backslash escapes: "a \"b\"" -> a "b"; bare words may carry escapes too.
std::string unescape(std::string_view raw, bool& quoted) {
  quoted = raw.size() >= 2 && (raw.front() == '"' || raw.front() == '\'') && raw.back() == raw.front();
  if (quoted) raw = raw.substr(1, raw.size() - 2);
  std::string out;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] != '\\' || i + 1 == raw.size()) {
      out += raw[i];
      continue;
    }
    const char c = raw[++i];
    switch (c) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      default: out += c;
    }
  }
  return out;
}

class JqlBuilder {
 public:
  explicit JqlBuilder(const CodePointOffsets& offsets) : offsets_(offsets) {}

  jql::Query query(JqlParser::QueryContext* ctx) {
    jql::Query q;
    q.span = span(ctx);
    if (ctx->clause()) q.where = clause(ctx->clause());
    if (auto* ob = ctx->orderBy()) {
      for (auto* key : ob->sortKey()) {
        jql::SortKey k;
        if (key->field()) k.field = field(key->field());
        k.descending = key->DESC() != nullptr;
        q.order_by.push_back(std::move(k));
      }
    }
    return q;
  }

 private:
  Span span(antlr4::ParserRuleContext* ctx) const {
    const auto* start = ctx->getStart();
    const auto* stop = ctx->getStop();
    const uint32_t b = offsets_.byte(start->getStartIndex());
    if (!stop || stop->getStopIndex() + 1 < start->getStartIndex() || stop->getType() == antlr4::Token::EOF) {
      return {b, b};
    }
    return {b, offsets_.byte(stop->getStopIndex() + 1)};
  }

  std::unique_ptr<jql::Clause> make(jql::Clause::Kind kind, antlr4::ParserRuleContext* ctx) {
    auto c = std::make_unique<jql::Clause>();
    c->kind = kind;
    c->span = span(ctx);
    return c;
  }

  // AND and OR chains are flattened: a AND b AND c is one clause with three children.
  void flatten(jql::Clause& into, std::unique_ptr<jql::Clause> child) {
    if (child->kind == into.kind) {
      for (auto& g : child->children) into.children.push_back(std::move(g));
    } else {
      into.children.push_back(std::move(child));
    }
  }

  std::unique_ptr<jql::Clause> clause(JqlParser::ClauseContext* ctx) {
    if (auto* c = dynamic_cast<JqlParser::AndClauseContext*>(ctx)) return binary(jql::Clause::And, c, c->clause());
    if (auto* c = dynamic_cast<JqlParser::OrClauseContext*>(ctx)) return binary(jql::Clause::Or, c, c->clause());
    if (auto* c = dynamic_cast<JqlParser::NotClauseContext*>(ctx)) {
      auto out = make(jql::Clause::Not, c);
      if (c->clause()) out->children.push_back(clause(c->clause()));
      return out;
    }
    if (auto* c = dynamic_cast<JqlParser::ParenClauseContext*>(ctx)) {
      if (c->clause()) return clause(c->clause());
      return make(jql::Clause::And, c);
    }
    if (auto* c = dynamic_cast<JqlParser::CompareClauseContext*>(ctx)) {
      auto out = make(jql::Clause::Compare, c);
      out->field = field(c->field());
      out->op = op(c->op());
      if (c->operand()) out->operand = operand(c->operand());
      return out;
    }
    if (auto* c = dynamic_cast<JqlParser::EmptyClauseContext*>(ctx)) {
      auto out = make(c->NOT() ? jql::Clause::IsNotEmpty : jql::Clause::IsEmpty, c);
      out->field = field(c->field());
      return out;
    }
    if (auto* c = dynamic_cast<JqlParser::WasClauseContext*>(ctx)) {
      auto out = make(jql::Clause::Was, c);
      out->field = field(c->field());
      out->was_not = c->NOT() != nullptr;
      out->was_in = c->IN() != nullptr;
      if (c->operand()) out->operand = operand(c->operand());
      for (auto* h : c->historyPredicate()) out->history.push_back(history(h));
      return out;
    }
    if (auto* c = dynamic_cast<JqlParser::ChangedClauseContext*>(ctx)) {
      auto out = make(jql::Clause::Changed, c);
      out->field = field(c->field());
      for (auto* h : c->historyPredicate()) out->history.push_back(history(h));
      return out;
    }
    auto* c = dynamic_cast<JqlParser::FunctionClauseContext*>(ctx);
    auto out = make(jql::Clause::FunctionCall, ctx);
    if (c && c->functionCall()) out->function = function(c->functionCall());
    return out;
  }

  std::unique_ptr<jql::Clause> binary(jql::Clause::Kind kind, antlr4::ParserRuleContext* ctx,
                                      const std::vector<JqlParser::ClauseContext*>& parts) {
    auto out = make(kind, ctx);
    for (auto* p : parts) flatten(*out, clause(p));
    return out;
  }

  jql::Field field(JqlParser::FieldContext* ctx) {
    jql::Field f;
    if (!ctx) return f;
    f.span = span(ctx);
    if (auto* byId = dynamic_cast<JqlParser::CustomFieldByIdContext*>(ctx)) {
      f.name = byId->getText();
      // A number too large for an id names no field: left unset, the checker says so.
      if (byId->NUMBER()) {
        if (auto id = parse_int<long>(byId->NUMBER()->getText())) f.custom_id = *id;
      }
      return f;
    }
    auto* named = dynamic_cast<JqlParser::NamedFieldContext*>(ctx);
    if (named && named->name()) f.name = unescape(named->name()->getText(), f.quoted);
    if (named && named->propertyPath()) f.property = named->propertyPath()->getText();
    // customfield_10010 is the id form Jira's REST API uses.
    if (!f.quoted && f.name.rfind("customfield_", 0) == 0) {
      if (auto id = parse_int<long>(std::string_view(f.name).substr(12))) f.custom_id = *id;
    }
    return f;
  }

  jql::Op op(JqlParser::OpContext* ctx) {
    if (!ctx) return jql::Op::Eq;
    if (ctx->NOT() && ctx->IN()) return jql::Op::NotIn;
    if (ctx->IN()) return jql::Op::In;
    if (ctx->NEQ()) return jql::Op::Ne;
    if (ctx->LE()) return jql::Op::Le;
    if (ctx->GE()) return jql::Op::Ge;
    if (ctx->LT()) return jql::Op::Lt;
    if (ctx->GT()) return jql::Op::Gt;
    if (ctx->NTILDE()) return jql::Op::NotContains;
    if (ctx->TILDE()) return jql::Op::Contains;
    return jql::Op::Eq;
  }

  jql::Operand operand(JqlParser::OperandContext* ctx) {
    jql::Operand o;
    o.span = span(ctx);
    if (ctx->EMPTY() || ctx->NULL_()) {
      o.kind = jql::Operand::Empty;
      return o;
    }
    if (ctx->value().size() == 1 && !ctx->LPAREN()) {
      o.values.push_back(value(ctx->value(0)));
      return o;
    }
    o.kind = jql::Operand::List;
    for (auto* v : ctx->value()) o.values.push_back(value(v));
    return o;
  }

  jql::Value value(JqlParser::ValueContext* ctx) {
    if (ctx->functionCall()) return function(ctx->functionCall());
    return literal(ctx->literal());
  }

  jql::Value literal(JqlParser::LiteralContext* ctx) {
    jql::Value v;
    if (!ctx) return v;
    v.span = span(ctx);
    v.text = unescape(ctx->getText(), v.quoted);
    return v;
  }

  jql::Value function(JqlParser::FunctionCallContext* ctx) {
    jql::Value v;
    v.kind = jql::Value::Function;
    v.span = span(ctx);
    bool quoted = false;
    if (ctx->name()) v.text = unescape(ctx->name()->getText(), quoted);
    for (auto* a : ctx->argument()) {
      v.args.push_back(a->functionCall() ? function(a->functionCall()) : literal(a->literal()));
    }
    return v;
  }

  jql::HistoryPredicate history(JqlParser::HistoryPredicateContext* ctx) {
    jql::HistoryPredicate h;
    if (ctx->getStart()) h.word = ctx->getStart()->getText();
    for (auto* v : ctx->value()) h.values.push_back(value(v));
    h.parenthesised = ctx->LPAREN() != nullptr;
    h.span = span(ctx);
    return h;
  }

  const CodePointOffsets& offsets_;
};

}  // namespace

bool check_utf8(const SourceFile& file, Span span, DiagnosticSink& sink) {
  const std::string_view text = file.slice(span);
  auto bad = utf8::find_invalid(text.begin(), text.end());
  if (bad == text.end()) return true;
  const auto at = span.begin + static_cast<uint32_t>(bad - text.begin());
  sink.report(DiagId::InvalidUtf8, {at, at + 1},
              "byte 0x" + hex_encode(std::string(1, *bad)) + " is not valid UTF-8; save the file as UTF-8");
  return false;
}

std::optional<jql::Query> parse_jql(const SourceFile& file, Span span, DiagnosticSink& sink) {
  if (!check_utf8(file, span, sink)) return std::nullopt;
  const std::string_view text = file.slice(span);
  const size_t before = sink.error_count();
  CodePointOffsets offsets(text, span.begin);
  antlr4::ANTLRInputStream input{std::string(text)};
  grammar::JqlLexer lexer(&input);
  antlr4::CommonTokenStream tokens(&lexer);
  SyntaxErrorListener lex_listener(sink, DiagId::JqlSyntax, offsets, [](size_t, const std::string& s) { return s; });
  lexer.removeErrorListeners();
  lexer.addErrorListener(&lex_listener);
  if (!check_jql_limits(tokens, offsets, sink)) return std::nullopt;
  JqlParser parser(&tokens);
  const auto& vocab = parser.getVocabulary();
  SyntaxErrorListener listener(sink, DiagId::JqlSyntax, offsets,
                               [&vocab](size_t t, const std::string& s) { return jql_token_name(vocab, t, s); },
                               "end of the filter");
  JqlParser::QueryContext* tree = parse_two_stage(parser, tokens, listener, [](JqlParser& p) { return p.query(); });
  if (sink.error_count() != before) return std::nullopt;
  return JqlBuilder(offsets).query(tree);
}

}  // namespace twinsync::parse
