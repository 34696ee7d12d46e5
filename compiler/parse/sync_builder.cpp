// sync_builder.cpp — the ANTLR tree of a .sync file to the AST (declarations and statements).
#include "compiler/parse/sync_builder.h"

#include "compiler/parse/parse.h"

namespace twinsync::parse {

using ast::ExprKind;

Span SyncBuilder::span(antlr4::Token* token) const {
  if (!token || token->getType() == antlr4::Token::EOF) return {offsets_.end(), offsets_.end()};
  return {offsets_.byte(token->getStartIndex()), offsets_.byte(token->getStopIndex() + 1)};
}

Span SyncBuilder::span(antlr4::tree::TerminalNode* node) const {
  return node ? span(node->getSymbol()) : Span{};
}

Span SyncBuilder::span(antlr4::ParserRuleContext* ctx) const {
  if (!ctx || !ctx->getStart()) return {};
  const Span first = span(ctx->getStart());
  auto* stop = ctx->getStop();
  if (!stop || stop->getTokenIndex() < ctx->getStart()->getTokenIndex()) return {first.begin, first.begin};
  return first.to(span(stop));
}

std::string SyncBuilder::name(P::NameContext* ctx) const { return ctx ? ctx->getText() : std::string(); }

bool SyncBuilder::broken(antlr4::tree::ParseTree* tree) const {
  if (!tree) return true;
  if (clean_) return false;
  if (dynamic_cast<antlr4::tree::ErrorNode*>(tree)) return true;
  if (auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(tree); ctx && ctx->exception) return true;
  for (auto* child : tree->children) {
    if (broken(child)) return true;
  }
  return false;
}

ast::File SyncBuilder::build(P::FileContext* tree) {
  ast::File out;
  for (auto* d : tree->decl()) decl(d, out);
  return out;
}

void SyncBuilder::decl(P::DeclContext* ctx, ast::File& out) {
  if (auto* c = ctx->ruleBlock()) {
    // Rule blocks keep their good statements even when some are broken.
    if (c->block()) out.blocks.push_back(rule_block(c));
    return;
  }
  if (broken(ctx)) return;
  if (auto* c = ctx->connectionDecl()) out.connections.push_back(connection(c));
  if (auto* c = ctx->useDecl()) out.uses.push_back({name(c->name()), span(c->name())});
  if (auto* c = ctx->customDecl()) out.customs.push_back(custom(c));
  if (auto* c = ctx->mapDecl()) out.maps.push_back(map(c));
  if (auto* c = ctx->mappingDecl()) out.mappings.push_back(mapping(c));
  if (auto* c = ctx->triggerDecl()) out.triggers.push_back(trigger(c));
  if (auto* c = ctx->nodeDecl()) {
    ast::NodeDecl node;
    node.name = name(c->name());
    node.span = span(c);
    for (auto* s : c->setting()) node.settings.push_back(setting(s));
    out.nodes.push_back(std::move(node));
  }
}

ast::ConnectionDecl SyncBuilder::connection(P::ConnectionDeclContext* ctx) {
  ast::ConnectionDecl c;
  c.name = name(ctx->name());
  c.span = span(ctx);
  for (auto* s : ctx->setting()) c.settings.push_back(setting(s));
  return c;
}

ast::Setting SyncBuilder::setting(P::SettingContext* ctx) {
  ast::Setting s;
  s.name = name(ctx->name());
  s.span = span(ctx->name());
  if (ctx->expr()) s.value = expr(ctx->expr());
  for (auto* child : ctx->setting()) s.children.push_back(setting(child));
  return s;
}

ast::CustomDecl SyncBuilder::custom(P::CustomDeclContext* ctx) {
  ast::CustomDecl c;
  c.field = string_text(ctx->string());
  c.span = span(ctx);
  c.type_span = span(ctx->typeName());
  c.type_name = name(ctx->typeName()->name());
  if (auto* arg = ctx->typeName()->typeName()) c.type_arg = name(arg->name());
  return c;
}

ast::MapDecl SyncBuilder::map(P::MapDeclContext* ctx) {
  ast::MapDecl m;
  m.name = name(ctx->name());
  m.span = span(ctx);
  m.name_span = span(ctx->name());
  for (auto* e : ctx->mapEntry()) {
    ast::MapEntry entry;
    entry.left = literal_value(e->literal(0));
    entry.right = literal_value(e->literal(1));
    entry.left_span = span(e->literal(0));
    entry.right_span = span(e->literal(1));
    entry.span = span(e);
    entry.dir = e->BOTH() ? ast::Direction::Both : e->ARROW() ? ast::Direction::Out : ast::Direction::In;
    m.entries.push_back(std::move(entry));
  }
  return m;
}

ast::MappingField SyncBuilder::mapping_field(P::MappingFieldContext* ctx) {
  ast::MappingField f;
  f.span = span(ctx);
  if (ctx->CUSTOM()) {
    f.custom = true;
    f.name = string_text(ctx->string());
  } else {
    f.name = name(ctx->name());
  }
  return f;
}

ast::MappingDecl SyncBuilder::mapping(P::MappingDeclContext* ctx) {
  ast::MappingDecl m;
  m.span = span(ctx);
  for (auto* e : ctx->mappingEntry()) {
    ast::MappingEntry entry;
    entry.span = span(e);
    entry.local = mapping_field(e->mappingField(0));
    entry.remote = mapping_field(e->mappingField(1));
    entry.dir = e->BOTH() ? ast::Direction::Both : e->ARROW() ? ast::Direction::Out : ast::Direction::In;
    if (e->name()) {
      entry.map = name(e->name());
      entry.map_span = span(e->name());
    }
    missing_policies(e->missingPolicy(), entry);
    m.entries.push_back(std::move(entry));
  }
  return m;
}

// `on missing [outgoing|incoming] keep|default V|error "…"`: the seed's Visual editor sets the
// no-match behaviour per side, so a policy can name its direction; one without a direction
// holds for each direction that no policy names.
void SyncBuilder::missing_policies(const std::vector<P::MissingPolicyContext*>& policies, ast::MappingEntry& entry) {
  ast::Missing both;
  for (auto* p : policies) {
    ast::Missing m;
    m.span = span(p);
    if (p->KEEP()) {
      m.policy = ast::MissingPolicy::Keep;
    } else if (p->DEFAULT()) {
      m.policy = ast::MissingPolicy::Default;
      m.default_value = literal_value(p->literal());
    } else {
      m.policy = ast::MissingPolicy::Error;
      if (p->string()) m.error_message = string_text(p->string());
    }
    if ((p->OUTGOING() && entry.dir == ast::Direction::In) || (p->INCOMING() && entry.dir == ast::Direction::Out)) {
      sink_.report(DiagId::PolicyDirection, m.span,
                   std::string("this mapping is ") + (entry.dir == ast::Direction::In ? "incoming" : "outgoing") +
                       " only; the policy is for the other direction");
      continue;
    }
    ast::Missing& slot = p->OUTGOING() ? entry.out : p->INCOMING() ? entry.in : both;
    if (slot.policy != ast::MissingPolicy::None) {
      sink_.report(DiagId::Duplicate, m.span, "the no-match policy is set twice for one direction")
          .notes.push_back({"first set here", slot.span});
      continue;
    }
    slot = std::move(m);
  }
  if (entry.out.policy == ast::MissingPolicy::None) entry.out = both;
  if (entry.in.policy == ast::MissingPolicy::None) entry.in = both;
}

ast::TriggerDecl SyncBuilder::trigger(P::TriggerDeclContext* ctx) {
  ast::TriggerDecl t;
  t.span = span(ctx);
  t.name = name(ctx->name(0));
  t.name_span = span(ctx->name(0));
  t.entity = name(ctx->name(1));
  t.entity_span = span(ctx->name(1));
  if (ctx->jql()) {
    t.jql_span = span(ctx->jql());
    t.jql = std::string(file_.slice(t.jql_span));
    t.query = parse_jql(file_, t.jql_span, sink_);
  } else {
    t.jql_span = span(ctx->WHERE());
  }
  if (ctx->string()) t.note = string_text(ctx->string());
  t.inactive = ctx->INACTIVE() != nullptr;
  for (auto* opt : ctx->triggerOption()) {
    if (opt->string()) t.note = string_text(opt->string());
    if (opt->INACTIVE()) t.inactive = true;
  }
  return t;
}

ast::RuleBlock SyncBuilder::rule_block(P::RuleBlockContext* ctx) {
  ast::RuleBlock b;
  b.kind = ctx->OUTGOING() ? ast::BlockKind::Outgoing : ast::BlockKind::Incoming;
  b.span = span(ctx);
  b.body = block(ctx->block());
  b.incomplete = broken(ctx->block());
  return b;
}

std::vector<ast::StmtPtr> SyncBuilder::block(P::BlockContext* ctx) {
  std::vector<ast::StmtPtr> out;
  if (!ctx) return out;
  for (auto* s : ctx->stmt()) {
    if (auto st = stmt(s)) out.push_back(std::move(st));
  }
  return out;
}

ast::StmtPtr SyncBuilder::stmt(P::StmtContext* ctx) {
  if (dynamic_cast<P::EmptyStmtContext*>(ctx)) return nullptr;
  if (auto* c = dynamic_cast<P::IfStmtContext*>(ctx)) {
    // An `if` with a broken condition is dropped whole; broken statements inside its blocks
    // are dropped one by one.
    if (broken(c->expr())) return nullptr;
    return if_stmt(c, c->expr(), c->block(0), c->ifTail(), c->block().size() > 1 ? c->block(1) : nullptr);
  }
  if (broken(ctx)) return nullptr;
  auto s = std::make_unique<ast::Stmt>();
  s->span = span(ctx);
  if (auto* c = dynamic_cast<P::AssignStmtContext*>(ctx)) {
    s->kind = ast::StmtKind::Assign;
    s->target = target(c->target());
    s->value = expr(c->expr());
    if (auto* e = c->orElse()) {
      s->or_else = e->KEEP() ? ast::OrElse::Keep : e->SKIP_() ? ast::OrElse::Skip : ast::OrElse::Error;
      if (e->expr()) s->or_else_message = expr(e->expr());
    }
  } else if (auto* let = dynamic_cast<P::LetStmtContext*>(ctx)) {
    s->kind = ast::StmtKind::Let;
    s->name = name(let->name());
    s->name_span = span(let->name());
    s->value = expr(let->expr());
  } else if (dynamic_cast<P::SkipStmtContext*>(ctx)) {
    s->kind = ast::StmtKind::Skip;
  } else if (auto* err = dynamic_cast<P::ErrorStmtContext*>(ctx)) {
    s->kind = ast::StmtKind::Error;
    s->value = expr(err->expr());
  } else {
    return nullptr;
  }
  return s;
}

ast::StmtPtr SyncBuilder::if_stmt(antlr4::ParserRuleContext* ctx, P::ExprContext* cond, P::BlockContext* then,
                                  P::IfTailContext* tail, P::BlockContext* else_block) {
  auto s = std::make_unique<ast::Stmt>();
  s->kind = ast::StmtKind::If;
  s->span = span(ctx);
  s->value = expr(cond);
  s->then_body = block(then);
  if (tail && !broken(tail->expr())) {
    s->else_body.push_back(if_stmt(tail, tail->expr(), tail->block(0), tail->ifTail(),
                                   tail->block().size() > 1 ? tail->block(1) : nullptr));
  } else if (else_block) {
    s->else_body = block(else_block);
  }
  return s;
}

ast::ExprPtr SyncBuilder::target(P::TargetContext* ctx) {
  // A target is a chain of members and indexes on a root name; build it as an expression.
  auto names = ctx->name();
  auto root = make(ExprKind::Name, ctx);
  root->name = name(names[0]);
  root->span = root->name_span = span(names[0]);
  ast::ExprPtr current = std::move(root);
  size_t next_name = 1, next_index = 0;
  for (auto* child : ctx->children) {
    auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child);
    if (!term) continue;
    const size_t type = term->getSymbol()->getType();
    if (type == P::DOT && next_name < names.size()) {
      auto m = make(ExprKind::Member, ctx);
      m->name = name(names[next_name]);
      m->name_span = span(names[next_name]);
      m->span = current->span.to(m->name_span);
      ++next_name;
      m->args.push_back(std::move(current));
      current = std::move(m);
    } else if (type == P::LBRACK && next_index < ctx->expr().size()) {
      auto ix = make(ExprKind::Index, ctx);
      auto key = expr(ctx->expr(next_index++));
      ix->span = current->span.to(key->span);
      ix->span.end += 1;  // the closing bracket
      ix->args.push_back(std::move(current));
      ix->args.push_back(std::move(key));
      current = std::move(ix);
    }
  }
  return current;
}

}  // namespace twinsync::parse
