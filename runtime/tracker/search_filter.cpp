// search_filter.cpp — INTERIM JQL matcher, to be replaced by compiler/jql. It handles what the
// Jira connector's polling and the python client send: `project = X` / `project in (X, Y)`,
// `key = X` / `issuekey in (…)`, `updated|created >=|>|<=|<|= "yyyy/MM/dd HH:mm"` (also with
// dashes, a date alone, or a relative "-5m", "-2h", "-1d", "-1w"), joined with AND, and
// `ORDER BY updated|created|key|id ASC|DESC`. Anything else is refused with Jira's 400 wording.
#include "runtime/tracker/search_filter.h"

#include <cctype>
#include <chrono>
#include <date/date.h>
#include <optional>
#include <sstream>
#include <vector>

#include "runtime/tracker/catalog.h"

namespace twinsync::tracker {

struct Clause {
  enum Field { Project, Key, Updated, Created } field;
  std::string op;                   // "=", "!=", ">=", ">", "<=", "<", "in", "not in"
  std::vector<std::string> values;  // project and key clauses
  std::int64_t time = 0;            // date clauses, Unix ms
};

struct OrderKey {
  enum Field { Updated, Created, Key, Id } field;
  bool desc;
};

struct SearchFilter::Query {
  std::vector<Clause> clauses;
  std::vector<OrderKey> order;
};

namespace {

struct Token {
  enum Kind { Word, String, Op, LParen, RParen, Comma, End } kind;
  std::string text;
};

Error jql_error(const std::string& message) { return make_error(message, "bad_jql"); }

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
      if (i + 1 < s.size() && s[i + 1] == '=') op += '=';
      if (op == "!" || op == "~" || op == "!~") {
        return jql_error("Error in the JQL Query: The operator '" + op + "' is not supported here.");
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
  std::string norm = text;
  for (char& c : norm) {
    if (c == '/') c = '-';
  }
  for (const char* fmt : {"%Y-%m-%d %H:%M", "%Y-%m-%d"}) {
    std::istringstream in(norm);
    date::sys_time<std::chrono::minutes> t;
    in >> date::parse(fmt, t);
    if (!in.fail() && in.peek() == std::char_traits<char>::eof()) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(t.time_since_epoch()).count();
    }
  }
  return std::nullopt;
}

class Parser {
 public:
  Parser(std::vector<Token> tokens, std::int64_t now) : t_(std::move(tokens)), now_(now) {}

  Result<SearchFilter::Query> parse() {
    SearchFilter::Query q;
    if (!at_word("order")) {
      while (true) {
        auto c = clause();
        if (!c) return c.error();
        q.clauses.push_back(std::move(*c));
        if (!at_word("and")) break;
        ++p_;
      }
    }
    if (at_word("order")) {
      ++p_;
      if (!at_word("by")) return jql_error("Error in the JQL Query: Expecting 'by' but got '" + t_[p_].text + "'.");
      ++p_;
      while (true) {
        auto k = order_key();
        if (!k) return k.error();
        q.order.push_back(*k);
        if (t_[p_].kind != Token::Comma) break;
        ++p_;
      }
    }
    if (t_[p_].kind != Token::End) {
      return jql_error("Error in the JQL Query: Expecting either 'OR' or 'AND' but got '" + t_[p_].text +
                       "'. (The tracker's interim JQL supports only AND.)");
    }
    return q;
  }

 private:
  bool at_word(std::string_view w) const { return t_[p_].kind == Token::Word && iequal(t_[p_].text, w); }

  Result<std::string> value() {
    const Token& t = t_[p_];
    if (t.kind != Token::Word && t.kind != Token::String) {
      return jql_error("Error in the JQL Query: Expecting a value but got '" + t.text + "'.");
    }
    ++p_;
    return t.text;
  }

  Result<Clause> clause() {
    const Token& f = t_[p_];
    if (f.kind != Token::Word && f.kind != Token::String) {
      return jql_error("Error in the JQL Query: Expecting a field name but got '" + f.text + "'.");
    }
    Clause c{};
    if (iequal(f.text, "project")) c.field = Clause::Project;
    else if (iequal(f.text, "key") || iequal(f.text, "issuekey") || iequal(f.text, "id")) c.field = Clause::Key;
    else if (iequal(f.text, "updated") || iequal(f.text, "updatedDate")) c.field = Clause::Updated;
    else if (iequal(f.text, "created") || iequal(f.text, "createdDate")) c.field = Clause::Created;
    else {
      return jql_error("Field '" + f.text + "' is not supported by the tracker's interim JQL (project, key, "
                       "issuekey, updated, created).");
    }
    ++p_;
    const bool dated = c.field == Clause::Updated || c.field == Clause::Created;
    if (at_word("in") || at_word("not")) {
      if (dated) return jql_error("Error in the JQL Query: The operator 'in' is not supported by the '" + f.text + "' field.");
      c.op = at_word("not") ? "not in" : "in";
      if (c.op == "not in" && !(++p_, at_word("in"))) return jql_error("Error in the JQL Query: Expecting 'in' after 'not'.");
      ++p_;
      if (t_[p_].kind != Token::LParen) return jql_error("Error in the JQL Query: Expecting '(' after 'in'.");
      ++p_;
      while (true) {
        auto v = value();
        if (!v) return v.error();
        c.values.push_back(*v);
        if (t_[p_].kind == Token::Comma) {
          ++p_;
          continue;
        }
        if (t_[p_].kind == Token::RParen) break;
        return jql_error("Error in the JQL Query: Expecting ',' or ')' but got '" + t_[p_].text + "'.");
      }
      ++p_;
      return c;
    }
    if (t_[p_].kind != Token::Op) return jql_error("Error in the JQL Query: Expecting an operator but got '" + t_[p_].text + "'.");
    c.op = t_[p_].text;
    ++p_;
    if (!dated && c.op != "=" && c.op != "!=") {
      return jql_error("The operator '" + c.op + "' is not supported by the '" + f.text + "' field.");
    }
    auto v = value();
    if (!v) return v.error();
    if (dated) {
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

  Result<OrderKey> order_key() {
    const Token& f = t_[p_];
    OrderKey k{};
    if (at_word("updated") || at_word("updatedDate")) k.field = OrderKey::Updated;
    else if (at_word("created") || at_word("createdDate")) k.field = OrderKey::Created;
    else if (at_word("key") || at_word("issuekey")) k.field = OrderKey::Key;
    else if (at_word("id")) k.field = OrderKey::Id;
    else return jql_error("Error in the JQL Query: ordering by '" + f.text + "' is not supported by the interim JQL.");
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

  std::vector<Token> t_;
  size_t p_ = 0;
  std::int64_t now_;
};

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

bool clause_matches(const Clause& c, const IssueFacts& i) {
  switch (c.field) {
    case Clause::Updated: return compare_time(i.updated, c.op, c.time);
    case Clause::Created: return compare_time(i.created, c.op, c.time);
    case Clause::Project:
    case Clause::Key: {
      bool any = false;
      for (const std::string& v : c.values) {
        if (c.field == Clause::Project) {
          any = any || iequal(v, i.project_key) || v == std::to_string(i.project_id);
        } else {
          any = any || iequal(v, i.key) || v == std::to_string(i.id);
        }
      }
      return (c.op == "=" || c.op == "in") ? any : !any;
    }
  }
  return false;
}

}  // namespace

Result<SearchFilter> SearchFilter::compile(std::string_view jql, std::int64_t now_ms) {
  auto tokens = tokenize(jql);
  if (!tokens) return tokens.error();
  SearchFilter f;
  if (tokens->size() == 1) {
    f.q_ = std::make_shared<Query>();
    return f;
  }
  auto q = Parser(std::move(*tokens), now_ms).parse();
  if (!q) return q.error();
  f.q_ = std::make_shared<Query>(std::move(*q));
  return f;
}

bool SearchFilter::matches(const IssueFacts& issue) const {
  for (const Clause& c : q_->clauses) {
    if (!clause_matches(c, issue)) return false;
  }
  return true;
}

bool SearchFilter::before(const IssueFacts& a, const IssueFacts& b) const {
  auto cmp = [](const OrderKey& k, const IssueFacts& x, const IssueFacts& y) -> int {
    auto three = [](auto l, auto r) { return l < r ? -1 : l > r ? 1 : 0; };
    switch (k.field) {
      case OrderKey::Updated: return three(x.updated, y.updated);
      case OrderKey::Created: return three(x.created, y.created);
      case OrderKey::Id: return three(x.id, y.id);
      case OrderKey::Key: {
        int p = x.project_key.compare(y.project_key);
        return p != 0 ? (p < 0 ? -1 : 1) : three(x.number, y.number);
      }
    }
    return 0;
  };
  static const std::vector<OrderKey> kDefault{{OrderKey::Created, true}, {OrderKey::Id, true}};
  const auto& order = q_->order.empty() ? kDefault : q_->order;
  for (const OrderKey& k : order) {
    int c = cmp(k, a, b);
    if (c != 0) return k.desc ? c > 0 : c < 0;
  }
  return a.id < b.id;
}

}  // namespace twinsync::tracker
