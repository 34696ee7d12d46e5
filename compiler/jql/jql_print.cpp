// jql_print.cpp — canonical JQL text of a query.
#include "compiler/jql/jql_print.h"

#include <algorithm>
#include <cctype>

#include "compiler/support/text.h"

namespace twinsync::jql {
namespace {

// Words JQL reads as syntax: as values they must be quoted.
bool reserved(std::string_view text) {
  const std::string s = ascii_lower(text);
  static const char* words[] = {"and", "or", "not", "in", "is", "empty", "null", "was", "changed", "order",
                                "by", "asc", "desc", "after", "before", "during", "on", "from", "to", "cf"};
  for (const char* w : words) {
    if (s == w) return true;
  }
  return false;
}


std::string value_text(const Value& v) {
  if (v.kind == Value::Literal) return v.quoted ? quoted(v.text) : quote_if_needed(v.text);
  std::string s = v.text + "(";
  for (size_t i = 0; i < v.args.size(); ++i) s += (i ? ", " : "") + value_text(v.args[i]);
  return s + ")";
}

std::string field_text(const Field& f) {
  // cf[…] is printed from its id; a field written customfield_N keeps its name.
  if (f.custom_id >= 0 && f.name.rfind("cf[", 0) == 0) return "cf[" + std::to_string(f.custom_id) + "]";
  return (f.quoted ? quoted(f.name) : quote_if_needed(f.name)) + f.property;
}

std::string operand_text(const Operand& o) {
  if (o.kind == Operand::Empty) return "EMPTY";
  if (o.kind == Operand::Single && o.values.size() == 1) return value_text(o.values[0]);
  std::string s = "(";
  for (size_t i = 0; i < o.values.size(); ++i) s += (i ? ", " : "") + value_text(o.values[i]);
  return s + ")";
}

int precedence(const Clause& c) {
  switch (c.kind) {
    case Clause::Or: return 1;
    case Clause::And: return 2;
    default: return 3;
  }
}

std::string child_text(const Clause& parent, const Clause& child) {
  const std::string s = print(child);
  // NOT binds tighter than AND, and AND than OR: an AND or OR under a NOT needs parentheses, as
  // does an OR under an AND.
  return precedence(child) < precedence(parent) || (parent.kind == Clause::Not && precedence(child) < 3) ? "(" + s + ")" : s;
}

}  // namespace

// A JQL string literal: quotes, backslashes and control characters escaped.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

std::string quote_if_needed(const std::string& text) {
  if (text.empty() || reserved(text)) return quoted(text);
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isspace(u) || std::string_view("\"'()[],=!<>~&|\\{}").find(c) != std::string_view::npos) return quoted(text);
  }
  return text;
}

std::string print(const Clause& c) {
  switch (c.kind) {
    case Clause::And:
    case Clause::Or: {
      std::string s;
      for (size_t i = 0; i < c.children.size(); ++i) {
        if (i) s += c.kind == Clause::And ? " AND " : " OR ";
        s += child_text(c, *c.children[i]);
      }
      return s;
    }
    case Clause::Not: return "NOT " + child_text(c, *c.children[0]);
    case Clause::Compare: return field_text(c.field) + " " + op_text(c.op) + " " + operand_text(c.operand);
    case Clause::IsEmpty: return field_text(c.field) + " IS EMPTY";
    case Clause::IsNotEmpty: return field_text(c.field) + " IS NOT EMPTY";
    case Clause::Was:
    case Clause::Changed: {
      std::string s = field_text(c.field);
      // CHANGED takes no operand; its predicates follow as they do for WAS.
      if (c.kind == Clause::Was) {
        s += std::string(" WAS") + (c.was_not ? " NOT" : "") + (c.was_in ? " IN" : "") + " " + operand_text(c.operand);
      } else {
        s += " CHANGED";
      }
      for (const HistoryPredicate& h : c.history) {
        std::string word = h.word;
        std::transform(word.begin(), word.end(), word.begin(), [](unsigned char x) { return std::toupper(x); });
        s += " " + word + " ";
        if (h.parenthesised) {
          std::string items;
          for (const Value& v : h.values) items += (items.empty() ? "" : ", ") + value_text(v);
          s += "(" + items + ")";
        } else if (!h.values.empty()) {
          s += value_text(h.values[0]);
        }
      }
      return s;
    }
    case Clause::FunctionCall: return value_text(c.function);
  }
  return "";
}

std::string print(const Query& q) {
  std::string s = q.where ? print(*q.where) : "";
  if (!q.order_by.empty()) {
    s += s.empty() ? "ORDER BY " : " ORDER BY ";
    for (size_t i = 0; i < q.order_by.size(); ++i) {
      s += (i ? ", " : "") + field_text(q.order_by[i].field) + (q.order_by[i].descending ? " DESC" : " ASC");
    }
  }
  return s;
}

}  // namespace twinsync::jql
