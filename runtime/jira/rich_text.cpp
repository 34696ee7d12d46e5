// rich_text.cpp — INTERIM conversion between ADF and wiki markup.
//
// stdlib/richtext (branch `richtext`) owns the real conversion (marks, lists, tables, panels,
// mentions). Until it is on main this file keeps the connector working with the least that
// round-trips plain text: ADF text nodes joined, blocks separated by blank lines, and wiki
// paragraphs (split at blank lines) as ADF paragraphs with hard breaks. When richtext lands,
// these three functions forward to twinsync::richtext and nothing else in runtime/jira changes.
#include "runtime/jira/rich_text.h"

namespace twinsync::jira {
namespace {

using Json = nlohmann::json;

bool is_block(std::string_view type) {
  return type == "paragraph" || type == "heading" || type == "blockquote" || type == "codeBlock" ||
         type == "bulletList" || type == "orderedList" || type == "listItem" || type == "panel" ||
         type == "table" || type == "tableRow" || type == "rule" || type == "mediaSingle" ||
         type == "mediaGroup" || type == "expand" || type == "nestedExpand" || type == "taskList" ||
         type == "taskItem" || type == "decisionList" || type == "decisionItem" || type == "blockCard";
}

std::string attr_text(const Json& node, const char* key) {
  auto attrs = node.find("attrs");
  if (attrs == node.end() || !attrs->is_object()) return {};
  auto it = attrs->find(key);
  if (it == attrs->end() || !it->is_string()) return {};
  return it->get<std::string>();
}

// Inline text of one node; blocks below it are separated by blank lines.
void append_text(const Json& node, std::string& out, int depth) {
  if (depth > 64 || !node.is_object()) return;  // a hostile document must not blow the stack
  const auto type_it = node.find("type");
  const std::string type = type_it != node.end() && type_it->is_string() ? type_it->get<std::string>() : "";
  if (type == "text") {
    auto t = node.find("text");
    if (t != node.end() && t->is_string()) out += t->get<std::string>();
    return;
  }
  if (type == "hardBreak") {
    out += '\n';
    return;
  }
  if (type == "mention") {
    out += attr_text(node, "text");
    return;
  }
  if (type == "emoji") {
    std::string s = attr_text(node, "text");
    out += s.empty() ? attr_text(node, "shortName") : s;
    return;
  }
  if (type == "inlineCard" || type == "blockCard") {
    out += attr_text(node, "url");
    return;
  }
  auto content = node.find("content");
  if (content == node.end() || !content->is_array()) return;
  bool first = true;
  for (const Json& child : *content) {
    const auto ct = child.is_object() ? child.find("type") : child.end();
    const bool block = ct != child.end() && ct->is_string() && is_block(ct->get<std::string>());
    if (block && !first && !out.empty() && out.back() != '\n') out += "\n\n";
    append_text(child, out, depth + 1);
    first = false;
  }
}

}  // namespace

bool is_adf_doc(const nlohmann::json& j) {
  if (!j.is_object()) return false;
  auto t = j.find("type");
  return t != j.end() && *t == "doc";
}

Result<std::string> adf_to_wiki(const nlohmann::json& doc) {
  if (!is_adf_doc(doc)) return make_error("expected an ADF document ({\"type\": \"doc\"})", "bad_adf");
  std::string out;
  append_text(doc, out, 0);
  return out;
}

nlohmann::json wiki_to_adf(std::string_view wiki) {
  Json content = Json::array();
  // Normalise CRLF: Jira Server stores comments typed in browsers with \r\n.
  std::string text;
  text.reserve(wiki.size());
  for (size_t i = 0; i < wiki.size(); ++i) {
    if (wiki[i] == '\r' && i + 1 < wiki.size() && wiki[i + 1] == '\n') continue;
    text += wiki[i];
  }
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find("\n\n", pos);
    if (end == std::string::npos) end = text.size();
    std::string_view para(text.data() + pos, end - pos);
    Json inline_nodes = Json::array();
    size_t line_start = 0;
    while (line_start <= para.size()) {
      size_t nl = para.find('\n', line_start);
      if (nl == std::string_view::npos) nl = para.size();
      if (nl > line_start) {
        inline_nodes.push_back({{"type", "text"}, {"text", std::string(para.substr(line_start, nl - line_start))}});
      }
      if (nl < para.size()) inline_nodes.push_back({{"type", "hardBreak"}});
      line_start = nl + 1;
    }
    if (!inline_nodes.empty()) content.push_back({{"type", "paragraph"}, {"content", inline_nodes}});
    pos = end + 2;
    while (pos < text.size() && text[pos] == '\n') ++pos;  // runs of blank lines are one break
  }
  return {{"type", "doc"}, {"version", 1}, {"content", content}};
}

}  // namespace twinsync::jira
