// check_decls.cpp — declarations: value maps, custom fields, triggers, settings (with the
// inline-secret check), and maps nobody uses.
#include <re2/re2.h>

#include <map>
#include <set>

#include "compiler/check/checker_state.h"
#include "compiler/schema/comment_format.h"

namespace twinsync::check {
namespace {

// Value map entries are literals, so a side's type is text, number, bool or null.
const Type* literal_type(const Value& v) {
  switch (v.tag()) {
    case Tag::String: return types::text();
    case Tag::Number: return types::number();
    case Tag::Bool: return types::boolean();
    default: return types::null();
  }
}

// Joins the type of one side of a map's entries; reports a mix of types.
void join_side(State& st, const Type*& side, const Value& v, Span span, const std::string& map) {
  const Type* t = literal_type(v);
  // A null entry (`null -> "None"`) does not fix the side's type; the first typed entry does.
  if (!side || side->kind == TypeKind::Null) {
    side = t;
  } else if (!types::join(side, t)) {
    st.report(DiagId::MapValueTypes, span,
              "value map `" + map + "` mixes `" + side->name() + "` and `" + t->name() + "` values");
  }
}

std::string upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

bool is_secret_name(const std::string& name) {
  static const std::set<std::string> names = {"token", "apiToken", "api_token", "secret", "password", "passwd",
                                              "privateKey", "clientSecret", "sharedSecret", "bearer", "adminToken",
                                              "masterKey", "webhookSecret"};
  return names.count(name) > 0;
}

bool is_secret_reference(const ast::Expr* e) {
  return e && e->kind == ast::ExprKind::Call && (e->name == "env" || e->name == "file") && e->args.size() == 1 &&
         e->args[0]->kind == ast::ExprKind::Literal && e->args[0]->literal.is_string();
}

void check_setting_list(State& st, std::vector<ast::Setting>& settings, const std::set<std::string>* known,
                        const std::string& where);

void check_setting(State& st, ast::Setting& s) {
  // Settings are data for the runtime, not expressions: literals, bare names, and env() or
  // file() for secrets. commentFormat alone may be a template, which parses as interpolation.
  if (is_secret_name(s.name)) {
    if (s.value && !is_secret_reference(s.value.get())) {
      st.report(DiagId::InlineSecret, s.value->span, "`" + s.name + "` is written inline; secrets must not live in rule files")
          .help = "read it from the environment or a file only its owner can read: " + s.name +
                  " env(\"TWINSYNC_" + upper(s.name) + "\") or " + s.name + " file(\"/etc/twinsync/" + s.name + "\")";
    }
  } else if (s.value && s.value->kind == ast::ExprKind::Call) {
    if (!is_secret_reference(s.value.get())) {
      st.report(DiagId::UnknownFunction, s.value->name_span, "settings take literals, env(\"NAME\") or file(\"path\")");
    }
  } else if (s.value && s.value->kind != ast::ExprKind::Literal && s.value->kind != ast::ExprKind::Name &&
             !(s.name == "commentFormat" && s.value->kind == ast::ExprKind::Interp)) {
    st.report(DiagId::TypeMismatch, s.value->span, "a setting's value must be a literal");
  }
  check_setting_list(st, s.children, nullptr, s.name);
}

void check_setting_list(State& st, std::vector<ast::Setting>& settings, const std::set<std::string>* known,
                        const std::string& where) {
  std::map<std::string, Span> seen;
  for (ast::Setting& s : settings) {
    if (known && !known->count(s.name)) {
      std::vector<std::string> names(known->begin(), known->end());
      st.report(DiagId::UnknownSetting, s.span, "no setting `" + s.name + "` in " + where).help = did_you_mean(s.name, names);
    }
    if (auto it = seen.find(s.name); it != seen.end()) {
      st.report(DiagId::Duplicate, s.span, "`" + s.name + "` is set twice").notes.push_back({"first set here", it->second});
    }
    seen.emplace(s.name, s.span);
    check_setting(st, s);
  }
}

// Atlassian API tokens and bearer headers pasted anywhere (a note, a default value, a message).
void scan_text(State& st, const Value& v, Span span) {
  static const RE2 token(R"(ATATT[0-9A-Za-z_\-=]{20,}|Bearer\s+[0-9A-Za-z._\-]{20,})");
  if (v.is_string() && RE2::PartialMatch(v.as_string(), token)) {
    st.report(DiagId::InlineSecret, span, "this text looks like an API token; secrets must not live in rule files")
        .help = "remove it, and revoke the token if it was ever shared";
  }
}

void scan_for_tokens(State& st, const ast::Expr& e) {
  if (e.kind == ast::ExprKind::Literal) scan_text(st, e.literal, e.span);
  for (const auto& a : e.args) scan_for_tokens(st, *a);
}

void scan_body(State& st, const std::vector<ast::StmtPtr>& body) {
  for (const auto& s : body) {
    for (const ast::Expr* e : {s->target.get(), s->value.get(), s->or_else_message.get()}) {
      if (e) scan_for_tokens(st, *e);
    }
    scan_body(st, s->then_body);
    scan_body(st, s->else_body);
  }
}

// commentFormat: the header synced comments are posted under; the runtime must be able to
// find the body in it again, so the shape is checked here, where the author can fix it.
void check_comment_format(State& st, const std::vector<ast::Setting>& settings) {
  for (const ast::Setting& s : settings) {
    if (s.name != "commentFormat" || !s.value) continue;
    const std::optional<std::string> format = ast::template_text(*s.value);
    if (!format) {
      st.report(DiagId::BadSettingValue, s.value->span, "commentFormat is a text with {author} and {body} in it")
          .help = "e.g. commentFormat \"{author} commented:\\n{body}\"";
      continue;
    }
    const std::string problem = comment_format_problem(*format);
    if (!problem.empty()) {
      st.report(DiagId::BadSettingValue, s.value->span, "commentFormat: " + problem).help =
          "write {author} for the original author's name and {body} for the comment, e.g. \"{author} commented:\\n{body}\"";
    }
  }
}

}  // namespace

void check_maps(State& st, ast::File& file) {
  std::map<std::string, Span> names;
  for (const ast::MapDecl& m : file.maps) {
    if (auto it = names.find(m.name); it != names.end()) {
      st.report(DiagId::Duplicate, m.name_span, "value map `" + m.name + "` is declared twice")
          .notes.push_back({"first declared here", it->second});
      continue;
    }
    names.emplace(m.name, m.name_span);
    MapInfo info{&m};
    std::map<std::string, Span> out_keys, in_keys;
    for (const ast::MapEntry& e : m.entries) {
      join_side(st, info.left_type, e.left, e.left_span, m.name);
      join_side(st, info.right_type, e.right, e.right_span, m.name);
      // `a -> b` and `a <-> b` serve outgoing lookups (by a); `a <- b` and `a <-> b` incoming ones
      // (by b). A repeated key is found by its debug form, which keeps "1" and 1 apart as
      // map.get does.
      if (e.dir != ast::Direction::In) {
        info.has_out = true;
        auto [it, fresh] = out_keys.emplace(e.left.debug(), e.left_span);
        if (!fresh) {
          st.report(DiagId::DuplicateMapKey, e.left_span, e.left.debug() + " already maps outgoing; the first entry wins")
              .notes.push_back({"first entry", it->second});
        }
      }
      if (e.dir != ast::Direction::Out) {
        info.has_in = true;
        auto [it, fresh] = in_keys.emplace(e.right.debug(), e.right_span);
        if (!fresh) {
          st.report(DiagId::DuplicateMapKey, e.right_span, e.right.debug() + " already maps incoming; the first entry wins")
              .notes.push_back({"first entry", it->second});
        }
      }
    }
    st.maps.push_back(info);
  }
}

void check_customs(State& st, ast::File& file) {
  std::map<std::string, Span> seen;
  for (ast::CustomDecl& c : file.customs) {
    const Type* arg = nullptr;
    if (!c.type_arg.empty()) arg = types::from_name(c.type_arg);
    c.type = types::from_name(c.type_name, arg);
    if (!c.type || (!c.type_arg.empty() && !arg)) {
      static const std::vector<std::string> names = {"text", "number", "bool", "date", "datetime", "user",
                                                     "select", "multiselect", "users", "labels", "list"};
      st.report(DiagId::UnknownType, c.type_span, "no type `" + c.type_name + (c.type_arg.empty() ? "" : "<" + c.type_arg + ">") + "`")
          .help = did_you_mean(c.type_arg.empty() || arg ? c.type_name : c.type_arg, names);
      // An unknown type becomes any, so the field's uses are not reported a second time.
      c.type = types::any();
    }
    if (auto it = seen.find(c.field); it != seen.end()) {
      st.report(DiagId::Duplicate, c.span, "custom field \"" + c.field + "\" is declared twice")
          .notes.push_back({"first declared here", it->second});
    }
    seen.emplace(c.field, c.span);
    // A declaration overrides what the tracker's field list said about the same field.
    st.schema.custom_fields[c.field] = c.type;
  }
}

void check_triggers(State& st, ast::File& file) {
  std::map<std::string, Span> seen;
  for (const ast::TriggerDecl& t : file.triggers) {
    if (auto it = seen.find(t.name); it != seen.end()) {
      st.report(DiagId::DuplicateTrigger, t.name_span, "a trigger named `" + t.name + "` already exists")
          .notes.push_back({"first declared here", it->second});
    }
    seen.emplace(t.name, t.name_span);
    if (t.entity != "issue") {
      st.report(DiagId::UnknownName, t.entity_span, "triggers watch `issue`, not `" + t.entity + "`");
    }
    if (t.jql.empty()) {
      st.report(DiagId::JqlSyntax, t.jql_span, "trigger `" + t.name + "` has no filter after `where`");
    }
  }
}

void check_settings(State& st, ast::File& file) {
  static const std::set<std::string> connection_keys = {"local",    "remote",   "description",  "project",
                                                        "conflict", "syncBack", "commentFormat"};
  if (file.connections.size() > 1) {
    st.report(DiagId::DuplicateBlock, file.connections[1].span, "a rule file describes one connection")
        .notes.push_back({"the first is here", file.connections[0].span});
  }
  for (ast::ConnectionDecl& c : file.connections) {
    check_setting_list(st, c.settings, &connection_keys, "a connection");
    check_comment_format(st, c.settings);
  }
  for (ast::NodeDecl& n : file.nodes) check_setting_list(st, n.settings, nullptr, "a node");
  for (const ast::RuleBlock& b : file.blocks) scan_body(st, b.body);
  for (const ast::MapDecl& m : file.maps) {
    for (const ast::MapEntry& e : m.entries) {
      scan_text(st, e.left, e.left_span);
      scan_text(st, e.right, e.right_span);
    }
  }
  // At most one block of each kind: a second would replace the first's code. The spans cover
  // the keyword (`outgoing` and `incoming` are both eight letters).
  std::optional<Span> seen[2];
  for (const ast::RuleBlock& b : file.blocks) {
    auto& first = seen[static_cast<int>(b.kind)];
    if (first) {
      st.report(DiagId::DuplicateBlock, {b.span.begin, b.span.begin + 8},
                std::string("the ") + (b.kind == ast::BlockKind::Outgoing ? "outgoing" : "incoming") + " block is declared twice")
          .notes.push_back({"first declared here", *first});
    } else {
      first = Span{b.span.begin, b.span.begin + 8};
    }
  }
}

void check_unused_maps(State& st) {
  for (const MapInfo& m : st.maps) {
    if (!m.used_in && !m.used_out) {
      st.report(DiagId::UnusedMap, m.decl->name_span, "value map `" + m.decl->name + "` is never used");
    }
  }
}

}  // namespace twinsync::check
