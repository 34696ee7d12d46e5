// jql_ast.h — a parsed JQL query: the filter of a trigger and of the embedded tracker's search.
// Spans are offsets in the file that holds the query (a .sync file or a request).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "compiler/source/source_file.h"

namespace twinsync::jql {

struct Operand;

/// A literal (bare or quoted) or a function call.
struct Value {
  enum Kind { Literal, Function } kind = Literal;
  std::string text;   // the literal without quotes and escapes, or the function name
  bool quoted = false;
  std::vector<Value> args;  // Function
  Span span;
};

struct Operand {
  enum Kind { Single, List, Empty } kind = Single;
  std::vector<Value> values;  // Single: one; List: any number
  Span span;
};

struct Field {
  std::string name;     // as written, unquoted: "project", "Story Points", "cf[10010]"
  bool quoted = false;
  long custom_id = -1;  // cf[NNNN]
  std::string property; // issue.property[...] path, kept as written
  Span span;
};

enum class Op { Eq, Ne, Lt, Le, Gt, Ge, Contains, NotContains, In, NotIn };
const char* op_text(Op op);

struct HistoryPredicate {
  std::string word;  // AFTER, BEFORE, BY, ON, FROM, TO, DURING (jql_history.def)
  std::vector<Value> values;
  bool parenthesised = false;  // BY (a, b), DURING (a, b)
  Span span;
};

struct Clause {
  enum Kind { And, Or, Not, Compare, IsEmpty, IsNotEmpty, Was, Changed, FunctionCall } kind;
  Span span;
  std::vector<std::unique_ptr<Clause>> children;  // And/Or: two or more; Not: one
  Field field;
  Op op = Op::Eq;
  Operand operand;
  bool was_not = false, was_in = false;
  std::vector<HistoryPredicate> history;
  Value function;  // FunctionCall clause
};

struct SortKey {
  Field field;
  bool descending = false;
};

struct Query {
  std::unique_ptr<Clause> where;  // null: matches everything
  std::vector<SortKey> order_by;
  Span span;

  Query() = default;
  Query(Query&&) = default;
  Query& operator=(Query&&) = default;
};

}  // namespace twinsync::jql
