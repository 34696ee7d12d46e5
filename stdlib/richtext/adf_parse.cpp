// adf_parse.cpp — ADF JSON into the document model, refusing malformed input with a JSON pointer.
#include <cmath>
#include <exception>
#include <vector>

#include "stdlib/richtext/adf.h"
#include "stdlib/richtext/json_depth.h"

namespace twinsync::richtext {
namespace {

using nlohmann::json;

// Deep enough for kMaxDepth nodes (each level is an object and its "content" array) plus the
// attributes and marks below the last one. Checked before anything is copied, because copying,
// comparing and printing nlohmann::json values all recurse.
constexpr size_t kMaxJsonDepth = 2 * kMaxDepth + 32;

std::string_view json_type(const json& j) { return j.type_name(); }

bool integral(const json& j) {
  if (j.is_number_integer()) return true;
  if (!j.is_number_float()) return false;
  const double d = j.get<double>();
  return std::isfinite(d) && std::abs(d) < 1e15 && d == std::floor(d);
}

class Parser {
 public:
  std::optional<Error> error;

  bool node(const json& j, std::string& path, int depth, Node& out);

 private:
  bool fail(const std::string& where, std::string what) {
    error = Error{where, std::move(what)};
    return false;
  }
  bool mark(const json& j, const std::string& path, Mark& out);
  bool attrs(const json& attrs, const std::string& path, Node& out);
  bool mark_attrs(json& attrs, const std::string& path, Mark& out);
  bool content(const json& j, std::string& path, int depth, Node& out);
  bool marks(const json& j, const std::string& path, std::vector<Mark>& out, bool& keep_empty);

  // Each take_* moves attrs[key] into `out` when it has the wanted type. A missing or mistyped
  // required key fails; a mistyped optional one stays in `attrs` as uninterpreted raw JSON.
  bool take_string(json& attrs, const std::string& path, const char* key, std::string& out);
  void take_optional(json& attrs, const char* key, std::optional<std::string>& out);
  bool take_level(json& attrs, const std::string& path, int& out);
  void take_order(json& attrs, std::optional<int>& out);
};

bool Parser::take_string(json& attrs, const std::string& path, const char* key,
                         std::string& out) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return fail(path + "/attrs", std::string("missing attribute `") + key + "`");
  if (!it->is_string()) {
    return fail(path + "/attrs/" + key, std::string("attribute `") + key +
                                            "` must be a string, found " +
                                            std::string(json_type(*it)));
  }
  out = it->get<std::string>();
  attrs.erase(it);
  return true;
}

void Parser::take_optional(json& attrs, const char* key, std::optional<std::string>& out) {
  auto it = attrs.find(key);
  if (it == attrs.end() || !it->is_string()) return;
  out = it->get<std::string>();
  attrs.erase(it);
}

bool Parser::take_level(json& attrs, const std::string& path, int& out) {
  auto it = attrs.find("level");
  if (it == attrs.end() || !integral(*it) || it->get<double>() < 1 || it->get<double>() > 6) {
    return fail(path + "/attrs" + (it == attrs.end() ? "" : "/level"),
                "heading level must be an integer from 1 to 6");
  }
  out = it->get<int>();
  attrs.erase(it);
  return true;
}

void Parser::take_order(json& attrs, std::optional<int>& out) {
  auto it = attrs.find("order");
  if (it == attrs.end() || !integral(*it)) return;
  const double d = it->get<double>();
  if (d < 0 || d > 1e9) return;
  out = static_cast<int>(d);
  attrs.erase(it);
}

bool Parser::attrs(const json& given, const std::string& path, Node& out) {
  if (!given.is_object()) {
    return fail(path + "/attrs", "attrs must be an object, found " + std::string(json_type(given)));
  }
  json a = given;
  bool ok = true;
  switch (out.kind) {
    case NodeKind::Heading: ok = take_level(a, path, out.level); break;
    case NodeKind::OrderedList: take_order(a, out.order); break;
    case NodeKind::CodeBlock: take_optional(a, "language", out.language); break;
    case NodeKind::Panel: ok = take_string(a, path, "panelType", out.panel_type); break;
    case NodeKind::Expand:
    case NodeKind::NestedExpand: take_optional(a, "title", out.title); break;
    case NodeKind::TaskItem: ok = take_string(a, path, "state", out.state); break;
    case NodeKind::Media:
      ok = take_string(a, path, "type", out.media_type);
      take_optional(a, "id", out.id);
      take_optional(a, "url", out.url);
      take_optional(a, "alt", out.alt);
      break;
    case NodeKind::Mention: {
      std::string id;
      ok = take_string(a, path, "id", id);
      out.id = std::move(id);
      take_optional(a, "text", out.label);
      break;
    }
    case NodeKind::Emoji:
      ok = take_string(a, path, "shortName", out.short_name);
      take_optional(a, "id", out.id);
      take_optional(a, "text", out.label);
      break;
    case NodeKind::InlineCard: take_optional(a, "url", out.url); break;
    case NodeKind::Status: {
      std::string label;
      ok = take_string(a, path, "text", label) && take_string(a, path, "color", out.color);
      out.label = std::move(label);
      break;
    }
    case NodeKind::Date: ok = take_string(a, path, "timestamp", out.timestamp); break;
    default: break;
  }
  if (!ok) return false;
  out.extra["attrs"] = std::move(a);
  return true;
}

// Nodes whose kind requires attributes fail when "attrs" is missing altogether.
bool requires_attrs(NodeKind kind) {
  switch (kind) {
    case NodeKind::Heading:
    case NodeKind::Panel:
    case NodeKind::TaskItem:
    case NodeKind::Media:
    case NodeKind::Mention:
    case NodeKind::Emoji:
    case NodeKind::Status:
    case NodeKind::Date:
      return true;
    default:
      return false;
  }
}

bool requires_content(NodeKind kind) {
  switch (kind) {
    case NodeKind::Paragraph:
    case NodeKind::Heading:
    case NodeKind::CodeBlock:
    case NodeKind::TaskItem:
      return false;
    default:
      return holds_content(kind);
  }
}

bool Parser::mark_attrs(json& a, const std::string& path, Mark& out) {
  switch (out.kind) {
    case MarkKind::Link:
      if (!take_string(a, path, "href", out.href)) return false;
      take_optional(a, "title", out.title);
      return true;
    case MarkKind::TextColor:
    case MarkKind::BackgroundColor: return take_string(a, path, "color", out.value);
    case MarkKind::Subsup:
      if (!take_string(a, path, "type", out.value)) return false;
      if (out.value != "sub" && out.value != "sup") {
        return fail(path + "/attrs/type", "subsup type must be \"sub\" or \"sup\"");
      }
      return true;
    default: return true;
  }
}

bool Parser::mark(const json& j, const std::string& path, Mark& out) {
  if (!j.is_object()) return fail(path, "expected a mark object, found " + std::string(json_type(j)));
  auto type = j.find("type");
  if (type == j.end() || !type->is_string()) return fail(path + "/type", "mark type must be a string");
  auto kind = mark_kind_from_adf(type->get_ref<const std::string&>());
  if (!kind) {
    out.kind = MarkKind::Raw;
    out.extra = j;
    return true;
  }
  out.kind = *kind;
  json extra = j;
  extra.erase("type");
  auto attrs = extra.find("attrs");
  if (attrs == extra.end()) {
    if (out.kind == MarkKind::Link || out.kind == MarkKind::TextColor ||
        out.kind == MarkKind::BackgroundColor || out.kind == MarkKind::Subsup) {
      return fail(path, "mark `" + std::string(adf_name(out.kind)) + "` needs attrs");
    }
  } else {
    if (!attrs->is_object()) return fail(path + "/attrs", "attrs must be an object");
    if (!mark_attrs(*attrs, path, out)) return false;
  }
  if (!extra.empty()) out.extra = std::move(extra);
  return true;
}

bool Parser::marks(const json& j, const std::string& path, std::vector<Mark>& out,
                   bool& keep_empty) {
  if (!j.is_array()) return fail(path, "marks must be an array, found " + std::string(json_type(j)));
  keep_empty = j.empty();
  out.resize(j.size());
  for (size_t i = 0; i < j.size(); ++i) {
    if (!mark(j[i], path + "/" + std::to_string(i), out[i])) return false;
  }
  return true;
}

bool Parser::content(const json& j, std::string& path, int depth, Node& out) {
  if (!j.is_array()) {
    return fail(path, "content must be an array, found " + std::string(json_type(j)));
  }
  out.keep_empty_content = j.empty();
  out.content.resize(j.size());
  const size_t base = path.size();
  for (size_t i = 0; i < j.size(); ++i) {
    path += '/';
    path += std::to_string(i);
    if (!node(j[i], path, depth + 1, out.content[i])) return false;
    path.resize(base);
  }
  return true;
}

bool Parser::node(const json& j, std::string& path, int depth, Node& out) {
  if (depth > kMaxDepth) {
    return fail(path, "nodes nested deeper than " + std::to_string(kMaxDepth) + " levels");
  }
  if (!j.is_object()) return fail(path, "expected a node object, found " + std::string(json_type(j)));
  auto type = j.find("type");
  if (type == j.end()) return fail(path, "node has no `type`");
  if (!type->is_string()) return fail(path + "/type", "node type must be a string");
  auto kind = node_kind_from_adf(type->get_ref<const std::string&>());
  if (!kind) {
    out.kind = NodeKind::Raw;
    out.extra = j;
    return true;
  }
  out.kind = *kind;
  out.extra = json::object();
  for (const auto& [key, value] : j.items()) {
    const bool owned = key == "type" || key == "marks" || key == "attrs" ||
                       (key == "content" && holds_content(out.kind)) ||
                       (key == "text" && out.kind == NodeKind::Text);
    if (!owned) out.extra[key] = value;
  }
  auto attrs_it = j.find("attrs");
  if (attrs_it != j.end()) {
    if (!attrs(*attrs_it, path, out)) return false;
  } else if (requires_attrs(out.kind)) {
    return fail(path, "`" + type->get<std::string>() + "` node has no attrs");
  }
  if (auto m = j.find("marks"); m != j.end() && !marks(*m, path + "/marks", out.marks, out.keep_empty_marks)) {
    return false;
  }
  if (out.kind == NodeKind::Text) {
    auto text = j.find("text");
    if (text == j.end() || !text->is_string()) return fail(path + "/text", "text node needs a string `text`");
    out.text = text->get<std::string>();
  }
  if (holds_content(out.kind)) {
    auto c = j.find("content");
    if (c == j.end()) {
      if (requires_content(out.kind)) return fail(path, "`" + type->get<std::string>() + "` node has no content");
    } else {
      const size_t base = path.size();
      path += "/content";
      if (!content(*c, path, depth, out)) return false;
      path.resize(base);
    }
  }
  if (out.extra.empty()) out.extra = nullptr;
  return true;
}

}  // namespace

Result<Node> parse_adf(const json& adf) {
  try {
    if (!adf.is_object()) return Error{"", "expected an ADF document object, found " + std::string(json_type(adf))};
    auto type = adf.find("type");
    if (type == adf.end() || *type != "doc") return Error{"/type", "an ADF document has type \"doc\""};
    if (auto pointer = first_too_deep(adf, kMaxJsonDepth)) {
      return Error{*pointer, "JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
    }
    Parser parser;
    Node doc;
    std::string path;
    if (!parser.node(adf, path, 0, doc)) return *parser.error;
    return doc;
  } catch (const std::exception& e) {
    return Error{"", std::string("cannot read ADF: ") + e.what()};
  }
}

}  // namespace twinsync::richtext
