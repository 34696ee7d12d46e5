// jql_messages.cpp — diagnostics to Jira's wording. Jira quotes names with single quotes and
// counts characters from 1, as our columns do, so a client that shows Jira's messages shows
// ours the same way.
#include "runtime/tracker/jql_messages.h"

#include <cctype>

namespace twinsync::tracker {

namespace {

std::string jira_quotes(std::string text) {
  for (char& c : text) {
    if (c == '`') c = '\'';
  }
  return text;
}

std::string sentence(std::string text) {
  while (!text.empty() && (text.back() == '.' || text.back() == ' ')) text.pop_back();
  return text;
}

}  // namespace

std::vector<std::string> jira_jql_messages(const SourceFile& query, const DiagnosticSink& sink) {
  std::vector<std::string> out;
  for (const Diagnostic& d : sink.sorted()) {
    if (d.severity != Severity::Error) continue;
    const LineCol at = query.line_col(d.span.begin);
    // Jira prefixes only syntax errors; its others are bare sentences ("Field 'x' does not
    // exist …"). Ours all say where, which Jira's semantic errors do not.
    std::string text = sentence(jira_quotes(d.message));
    if (d.id == DiagId::JqlSyntax || diag_info(d.id).code < "TS010") {
      text = "Error in the JQL Query: " + text;
    } else if (!text.empty()) {
      text[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(text[0])));
    }
    if (d.help && !d.help->empty()) text += "; " + sentence(jira_quotes(*d.help));
    text += ". (line " + std::to_string(at.line) + ", character " + std::to_string(at.column) + ")";
    out.push_back(std::move(text));
  }
  return out;
}

}  // namespace twinsync::tracker
