// jql_print.h — a parsed query back to JQL text, in a canonical form a Jira server accepts:
// upper-case keywords, quotes only where needed, parentheses only where precedence needs them.
#pragma once

#include <string>

#include "compiler/jql/jql_ast.h"

namespace twinsync::jql {

std::string print(const Query& q);
std::string print(const Clause& c);
/// A value quoted when JQL needs it (spaces, reserved words, special characters).
std::string quote_if_needed(const std::string& text);
/// Always a JQL string literal: quotes, backslashes and control characters escaped. Use it for
/// any text from outside (a peer, an issue) that goes into a query.
std::string quoted(const std::string& text);

}  // namespace twinsync::jql
