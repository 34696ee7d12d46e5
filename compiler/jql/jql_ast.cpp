// jql_ast.cpp — names of JQL operators as Jira writes them.
#include "compiler/jql/jql_ast.h"

namespace twinsync::jql {

const char* op_text(Op op) {
  switch (op) {
    case Op::Eq: return "=";
    case Op::Ne: return "!=";
    case Op::Lt: return "<";
    case Op::Le: return "<=";
    case Op::Gt: return ">";
    case Op::Ge: return ">=";
    case Op::Contains: return "~";
    case Op::NotContains: return "!~";
    case Op::In: return "IN";
    case Op::NotIn: return "NOT IN";
  }
  return "=";
}

}  // namespace twinsync::jql
