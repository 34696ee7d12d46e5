// search_filter.cpp — INTERIM JQL matcher, to be replaced by compiler/jql. It takes what the
// Jira connector (polling, create markers) and the python client send: clauses on project,
// key/issuekey/id, issuetype, status, priority, resolution, labels, assignee, reporter
// (=, !=, in, not in, is [not] empty) and on updated/created (>=, >, <=, <, =, != with
// "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", a date, or "-5m", "-2h", "-1d", "-1w"), combined
// with AND, OR, NOT and parentheses, then ORDER BY updated|created|key|id ASC|DESC. Functions,
// text search (~), history (WAS, CHANGED) and other fields are refused with Jira's 400 wording.
#include "runtime/tracker/search_filter.h"

#include <cctype>
#include <chrono>
#include <date/date.h>
#include <optional>
#include <charconv>

#include "runtime/tracker/catalog.h"

namespace twinsync::tracker {

namespace {

enum class Field { Project, Key, IssueType, Status, Priority, Resolution, Labels, Assignee, Reporter, Updated, Created };

struct Clause {
  Field field;
  std::string op;                   // "=", "!=", ">=", ">", "<=", "<", "in", "not in", "empty", "not empty"
  std::vector<std::string> values;  // value clauses
  std::int64_t time = 0;            // date clauses, Unix ms
};

struct Node {
  enum Kind { And, Or, Not, Leaf } kind = Leaf;
  std::vector<Node> kids;
  Clause clause{};
};

struct OrderKey {
  enum Key { Updated, Created, IssueKey, Id } key;
  bool desc;
};

const std::pair<const char*, Field> kFields[] = {
    {"project", Field::Project},     {"key", Field::Key},           {"issuekey", Field::Key},
    {"id", Field::Key},              {"issuetype", Field::IssueType}, {"type", Field::IssueType},
    {"status", Field::Status},       {"priority", Field::Priority}, {"resolution", Field::Resolution},
    {"labels", Field::Labels},       {"assignee", Field::Assignee}, {"reporter", Field::Reporter},
    {"updated", Field::Updated},     {"updatedDate", Field::Updated}, {"created", Field::Created},
    {"createdDate", Field::Created},
};

Error jql_error(const std::string& message) { return make_error(message, "bad_jql"); }

struct Token {
  enum Kind { Word, String, Op, LParen, RParen, Comma, End } kind;
  std::string text;
};

Result<std::vector<Token>> tokenize(std::string_view s) {
  std::vector<Token> out;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
    } else if (c == '"' || c == '\'') {
      std::string text;
      size_t j = i + 1;
      for (; j < s.size() && s[j] != c; ++j) {
        if (s[j] == '\\' && j + 1 < s.size()) ++j;
        text += s[j];
      }
      if (j >= s.size()) return jql_error("Error in the JQL Query: The quoted string '" + text + "' has not been completed.");
      out.push_back({Token::String, text});
      i = j + 1;
    } else if (c == '(' || c == ')' || c == ',') {
      out.push_back({c == '(' ? Token::LParen : c == ')' ? Token::RParen : Token::Comma, std::string(1, c)});
      ++i;
    } else if (c == '=' || c == '!' || c == '<' || c == '>' || c == '~') {
      std::string op(1, c);
      if (i + 1 < s.size() && (s[i + 1] == '=' || (c == '!' && s[i + 1] == '~'))) op += s[i + 1];
      if (op == "!" || op == "~" || op == "!~") {
        return jql_error("Error in the JQL Query: The operator '" + op + "' is not supported by the tracker's interim JQL.");
      }
      out.push_back({Token::Op, op});
      i += op.size();
    } else {
      size_t j = i;
      while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) &&
             std::string_view("()=,!<>~\"'").find(s[j]) == std::string_view::npos) {
        ++j;
      }
      out.push_back({Token::Word, std::string(s.substr(i, j - i))});
      i = j;
    }
  }
  out.push_back({Token::End, ""});
  return out;
}

// Dates in the tracker's time zone (UTC), to the minute as in JQL.
std::optional<std::int64_t> parse_jql_time(const std::string& text, std::int64_t now) {
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
    std::int64_t n = 0;
    size_t i = 1;
    for (; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i) n = n * 10 + (text[i] - '0');
    if (i == 1 || i + 1 != text.size()) return std::nullopt;
    const std::int64_t unit = text[i] == 'm' ? 60'000 : text[i] == 'h' ? 3'600'000
                              : text[i] == 'd' ? 86'400'000 : text[i] == 'w' ? 604'800'000 : 0;
    if (unit == 0) return std::nullopt;
    return now + (text[0] == '-' ? -n : n) * unit;
  }
  // "yyyy/MM/dd HH:mm", "yyyy-MM-dd HH:mm", "yyyy/MM/dd", "yyyy-MM-dd"
  auto num = [&](size_t pos, size_t len, int& out) {
    if (pos + len > text.size()) return false;
    auto [p, ec] = std::from_chars(text.data() + pos, text.data() + pos + len, out);
    return ec == std::errc() && p == text.data() + pos + len;
  };
  int y = 0, mo = 0, d = 0, h = 0, mi = 0;
  const bool sep = text.size() >= 10 && (text[4] == '/' || text[4] == '-') && text[7] == text[4];
  if (!sep || !num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d)) return std::nullopt;
  if (text.size() != 10) {
    if (text.size() != 16 || text[10] != ' ' || text[13] != ':' || !num(11, 2, h) || !num(14, 2, mi)) return std::nullopt;
    if (h > 23 || mi > 59) return std::nullopt;
  }
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(mo)), date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  const std::int64_t days = date::sys_days(ymd).time_since_epoch().count();
  return (days * 1440 + h * 60 + mi) * 60'000;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::int64_t now) : t_(std::move(tokens)), now_(now) {}

  Result<SearchFilter::Query> parse();

 private:
  bool at_word(std::string_view w) const { return t_[p_].kind == Token::Word && iequal(t_[p_].text, w); }
  Error expected(const std::string& what) const {
    return jql_error("Error in the JQL Query: Expecting " + what + " but got '" + t_[p_].text + "'.");
  }

  Result<Node> or_expr(int depth) {
    auto first = and_expr(depth);
    if (!first || !at_word("or")) return first;
    Node n{Node::Or, {std::move(*first)}, {}};
    while (at_word("or")) {
      ++p_;
      auto next = and_expr(depth);
      if (!next) return next;
      n.kids.push_back(std::move(*next));
    }
    return n;
  }

  Result<Node> and_expr(int depth) {
    auto first = unary(depth);
    if (!first || !at_word("and")) return first;
    Node n{Node::And, {std::move(*first)}, {}};
    while (at_word("and")) {
      ++p_;
      auto next = unary(depth);
      if (!next) return next;
      n.kids.push_back(std::move(*next));
    }
    return n;
  }

  Result<Node> unary(int depth) {
    if (depth > 50) return jql_error("Error in the JQL Query: the query is nested too deeply.");
    if (at_word("not")) {
      ++p_;
      auto inner = unary(depth + 1);
      if (!inner) return inner;
      return Node{Node::Not, {std::move(*inner)}, {}};
    }
    if (t_[p_].kind == Token::LParen) {
      ++p_;
      auto inner = or_expr(depth + 1);
      if (!inner) return inner;
      if (t_[p_].kind != Token::RParen) return expected("')'");
      ++p_;
      return inner;
    }
    auto c = clause();
    if (!c) return c.error();
    return Node{Node::Leaf, {}, std::move(*c)};
  }

  Result<std::string> value() {
    const Token& t = t_[p_];
    if (t.kind != Token::Word && t.kind != Token::String) return expected("a value");
    if (t.kind == Token::Word && p_ + 1 < t_.size() && t_[p_ + 1].kind == Token::LParen) {
      return jql_error("Error in the JQL Query: the function '" + t.text + "' is not supported by the tracker's interim JQL.");
    }
    ++p_;
    return t.text;
  }

  Result<Clause> clause();
  Result<OrderKey> order_key();

  std::vector<Token> t_;
  size_t p_ = 0;
  std::int64_t now_;
};

Result<Clause> Parser::clause() {
  const Token f = t_[p_];
  if (f.kind != Token::Word && f.kind != Token::String) return expected("a field name");
  Clause c{};
  bool known = false;
  for (const auto& [name, field] : kFields) {
    if (iequal(f.text, name)) {
      c.field = field;
      known = true;
    }
  }
  if (!known) {
    return jql_error("Field '" + f.text + "' does not exist or is not supported by the tracker's interim JQL.");
  }
  ++p_;
  const bool dated = c.field == Field::Updated || c.field == Field::Created;
  if (at_word("is")) {
    ++p_;
    c.op = "empty";
    if (at_word("not")) {
      ++p_;
      c.op = "not empty";
    }
    if (!at_word("empty") && !at_word("null")) return expected("EMPTY");
    ++p_;
    return c;
  }
  if (at_word("in") || at_word("not")) {
    if (dated) return jql_error("The operator 'in' is not supported by the '" + f.text + "' field.");
    c.op = "in";
    if (at_word("not")) {
      ++p_;
      if (!at_word("in")) return expected("'in'");
      c.op = "not in";
    }
    ++p_;
    if (t_[p_].kind != Token::LParen) return expected("'('");
    ++p_;
    while (true) {
      auto v = value();
      if (!v) return v.error();
      c.values.push_back(*v);
      if (t_[p_].kind == Token::Comma) {
        ++p_;
      } else if (t_[p_].kind == Token::RParen) {
        ++p_;
        return c;
      } else {
        return expected("',' or ')'");
      }
    }
  }
  if (at_word("was") || at_word("changed")) {
    return jql_error("Error in the JQL Query: history searches (WAS, CHANGED) are not supported by the interim JQL.");
  }
  if (t_[p_].kind != Token::Op) return expected("an operator");
  c.op = t_[p_].text;
  ++p_;
  if (!dated && c.op != "=" && c.op != "!=") {
    return jql_error("The operator '" + c.op + "' is not supported by the '" + f.text + "' field.");
  }
  auto v = value();
  if (!v) return v.error();
  if (!dated && (iequal(*v, "empty") || iequal(*v, "null")) && t_[p_ - 1].kind == Token::Word) {
    c.op = c.op == "=" ? "empty" : "not empty";
  } else if (dated) {
    auto t = parse_jql_time(*v, now_);
    if (!t) {
      return jql_error("Date value '" + *v + "' for field '" + f.text + "' is invalid. Valid formats include: "
                       "'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period "
                       "format e.g. '-5d', '4w 2d'.");
    }
    c.time = *t;
  } else {
    c.values.push_back(*v);
  }
  return c;
}

Result<OrderKey> Parser::order_key() {
  OrderKey k{};
  if (at_word("updated") || at_word("updatedDate")) k.key = OrderKey::Updated;
  else if (at_word("created") || at_word("createdDate")) k.key = OrderKey::Created;
  else if (at_word("key") || at_word("issuekey")) k.key = OrderKey::IssueKey;
  else if (at_word("id")) k.key = OrderKey::Id;
  else return jql_error("Error in the JQL Query: ordering by '" + t_[p_].text + "' is not supported by the interim JQL.");
  ++p_;
  k.desc = false;
  if (at_word("desc")) {
    k.desc = true;
    ++p_;
  } else if (at_word("asc")) {
    ++p_;
  }
  return k;
}

}  // namespace

struct SearchFilter::Query {
  std::optional<Node> where;
  std::vector<OrderKey> order;
};

namespace {

Result<SearchFilter::Query> Parser::parse() {
  SearchFilter::Query q;
  if (t_[p_].kind != Token::End && !at_word("order")) {
    auto w = or_expr(0);
    if (!w) return w.error();
    q.where = std::move(*w);
  }
  if (at_word("order")) {
    ++p_;
    if (!at_word("by")) return expected("'by'");
    ++p_;
    while (true) {
      auto k = order_key();
      if (!k) return k.error();
      q.order.push_back(*k);
      if (t_[p_].kind != Token::Comma) break;
      ++p_;
    }
  }
  if (t_[p_].kind != Token::End) return expected("either 'OR' or 'AND'");
  return q;
}

bool compare_time(std::int64_t v, const std::string& op, std::int64_t t) {
  // JQL compares to the minute: "updated >= 10:15" includes 10:15:59.
  if (op == ">=") return v >= t;
  if (op == ">") return v >= t + 60'000;
  if (op == "<=") return v < t + 60'000;
  if (op == "<") return v < t;
  if (op == "=") return v >= t && v < t + 60'000;
  if (op == "!=") return v < t || v >= t + 60'000;
  return false;
}

// Every name the field's value answers to (several for a user, several labels), none when empty.
std::vector<std::string> values_of(Field f, const IssueFacts& i) {
  auto one = [](std::string_view v) { return v.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(v)}; };
  switch (f) {
    case Field::Project: return {std::string(i.project_key), std::to_string(i.project_id)};
    case Field::Key: return {std::string(i.key), std::to_string(i.id)};
    case Field::IssueType: return one(i.issuetype);
    case Field::Status: return one(i.status);
    case Field::Priority: return one(i.priority);
    case Field::Resolution: return one(i.resolution);
    case Field::Labels: return i.labels;
    case Field::Assignee: return i.assignee;
    case Field::Reporter: return i.reporter;
    default: return {};
  }
}

bool clause_matches(const Clause& c, const IssueFacts& i) {
  if (c.field == Field::Updated) return compare_time(i.updated, c.op, c.time);
  if (c.field == Field::Created) return compare_time(i.created, c.op, c.time);
  const std::vector<std::string> have = values_of(c.field, i);
  if (c.op == "empty") return have.empty();
  if (c.op == "not empty") return !have.empty();
  bool any = false;
  for (const std::string& want : c.values) {
    for (const std::string& h : have) any = any || iequal(want, h);
  }
  // As in Jira, a negated clause does not match an issue where the field is empty.
  if (c.op == "=" || c.op == "in") return any;
  return !have.empty() && !any;
}

bool node_matches(const Node& n, const IssueFacts& i) {
  switch (n.kind) {
    case Node::Leaf: return clause_matches(n.clause, i);
    case Node::Not: return !node_matches(n.kids[0], i);
    case Node::And:
      for (const Node& k : n.kids) {
        if (!node_matches(k, i)) return false;
      }
      return true;
    case Node::Or:
      for (const Node& k : n.kids) {
        if (node_matches(k, i)) return true;
      }
      return false;
  }
  return false;
}

std::vector<std::string> identities(const Catalog& cat, const Json& account) {
  if (!account.is_string()) return {};
  const User* u = cat.user(account.get<std::string>());
  if (!u) return {account.get<std::string>()};
  return {u->account_id, u->name, u->email, u->display_name};
}

}  // namespace

IssueFacts facts_of(const Catalog& cat, const Issue& issue) {
  const Project* p = cat.project(issue.project_id);
  IssueFacts f;
  f.id = issue.id;
  f.key = issue.key;
  f.project_key = p ? std::string_view(p->key) : std::string_view();
  f.project_id = issue.project_id;
  f.number = issue.number;
  f.created = issue.created;
  f.updated = issue.updated;
  auto id = [&](const char* k) -> Id {
    auto it = issue.fields.find(k);
    return it != issue.fields.end() && it->is_number_integer() ? it->get<Id>() : 0;
  };
  if (const IssueType* t = cat.issue_type(id("issuetype"))) f.issuetype = t->name;
  if (const IssueStatus* s = cat.status(id("status"))) f.status = s->name;
  if (const Priority* pr = cat.priority(id("priority"))) f.priority = pr->name;
  if (const Resolution* r = cat.resolution(id("resolution"))) f.resolution = r->name;
  auto labels = issue.fields.find("labels");
  if (labels != issue.fields.end() && labels->is_array()) {
    for (const Json& l : *labels) {
      if (l.is_string()) f.labels.push_back(l.get<std::string>());
    }
  }
  f.assignee = identities(cat, issue.fields.value("assignee", Json(nullptr)));
  f.reporter = identities(cat, issue.fields.value("reporter", Json(nullptr)));
  return f;
}

Result<SearchFilter> SearchFilter::compile(std::string_view jql, std::int64_t now_ms) {
  auto tokens = tokenize(jql);
  if (!tokens) return tokens.error();
  auto q = Parser(std::move(*tokens), now_ms).parse();
  if (!q) return q.error();
  SearchFilter f;
  f.q_ = std::make_shared<Query>(std::move(*q));
  return f;
}

bool SearchFilter::matches(const IssueFacts& issue) const {
  return !q_->where || node_matches(*q_->where, issue);
}

bool SearchFilter::before(const IssueFacts& a, const IssueFacts& b) const {
  auto cmp = [](const OrderKey& k, const IssueFacts& x, const IssueFacts& y) -> int {
    auto three = [](auto l, auto r) { return l < r ? -1 : l > r ? 1 : 0; };
    switch (k.key) {
      case OrderKey::Updated: return three(x.updated, y.updated);
      case OrderKey::Created: return three(x.created, y.created);
      case OrderKey::Id: return three(x.id, y.id);
      case OrderKey::IssueKey: {
        const int p = x.project_key.compare(y.project_key);
        return p != 0 ? (p < 0 ? -1 : 1) : three(x.number, y.number);
      }
    }
    return 0;
  };
  static const std::vector<OrderKey> kDefault{{OrderKey::Created, true}, {OrderKey::Id, true}};
  const auto& order = q_->order.empty() ? kDefault : q_->order;
  for (const OrderKey& k : order) {
    const int c = cmp(k, a, b);
    if (c != 0) return k.desc ? c > 0 : c < 0;
  }
  return a.id < b.id;
}

}  // namespace twinsync::tracker
