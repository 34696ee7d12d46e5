// richtext_bridge.cpp — INTERIM conversions until stdlib/richtext (wiki_to_adf, adf_to_wiki)
// lands on main: one ADF paragraph per line of wiki text, and back; no marks, lists or tables.
// Only the bodies of these three functions change when the real converter arrives.
#include "runtime/tracker/richtext_bridge.h"

namespace twinsync::tracker {

namespace {

void collect_text(const Json& node, std::string& out) {
  if (!node.is_object()) return;
  const std::string type = node.value("type", "");
  if (type == "text") {
    if (node.contains("text") && node["text"].is_string()) out += node["text"].get<std::string>();
    return;
  }
  if (type == "hardBreak") {
    out += "\n";
    return;
  }
  if (type == "mention" && node.contains("attrs")) {
    out += node["attrs"].value("text", "");
    return;
  }
  if (node.contains("content") && node["content"].is_array()) {
    const bool block = type != "paragraph" && type != "heading";
    for (const Json& child : node["content"]) {
      const size_t before = out.size();
      collect_text(child, out);
      if (block && child.is_object() && child.value("type", "") != "text" && out.size() > before &&
          out.back() != '\n') {
        out += "\n";
      }
    }
  }
}

}  // namespace

Json wiki_to_adf(std::string_view wiki) {
  Json content = Json::array();
  size_t pos = 0;
  while (pos <= wiki.size()) {
    size_t eol = wiki.find('\n', pos);
    std::string_view line = wiki.substr(pos, eol == std::string_view::npos ? std::string_view::npos : eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    Json para{{"type", "paragraph"}, {"content", Json::array()}};
    if (!line.empty()) para["content"].push_back(Json{{"type", "text"}, {"text", std::string(line)}});
    content.push_back(para);
    if (eol == std::string_view::npos) break;
    pos = eol + 1;
  }
  return Json{{"type", "doc"}, {"version", 1}, {"content", content}};
}

Result<std::string> adf_to_wiki(const Json& adf) {
  if (!adf.is_object() || adf.value("type", "") != "doc" || !adf.contains("content") ||
      !adf["content"].is_array()) {
    return make_error("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
  }
  std::string out;
  for (const Json& block : adf["content"]) {
    if (!block.is_object() || !block.contains("type")) {
      return make_error("Operation value must be an Atlassian Document (see the Atlassian Document Format)");
    }
    std::string text;
    collect_text(block, text);
    while (!text.empty() && text.back() == '\n') text.pop_back();
    if (&block != &adf["content"].front()) out += "\n";
    out += text;
  }
  return out;
}

std::string wiki_to_html(std::string_view wiki) {
  std::string out = "<p>";
  for (char c : wiki) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      case '\n': out += "<br/>\n"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out + "</p>";
}

}  // namespace twinsync::tracker
