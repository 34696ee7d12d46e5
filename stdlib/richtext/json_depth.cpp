// json_depth.cpp — an iterative depth check over nlohmann::json values.
#include "stdlib/richtext/json_depth.h"

#include <iterator>
#include <vector>

namespace twinsync::richtext {
namespace {

using nlohmann::json;

std::string escape_pointer_token(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<std::string> first_too_deep(const json& root, size_t max_depth) {
  struct Frame {
    const json* value;
    json::const_iterator it;
  };
  std::vector<Frame> stack;
  if (root.is_structured()) stack.push_back({&root, root.cbegin()});
  while (!stack.empty()) {
    Frame& top = stack.back();
    if (top.it == top.value->cend()) {
      stack.pop_back();
      continue;
    }
    const json& child = *top.it;
    ++top.it;
    if (!child.is_structured()) continue;
    if (stack.size() >= max_depth) {
      std::string pointer;
      for (const Frame& f : stack) {
        const auto at = std::prev(f.it);
        pointer += '/';
        pointer += f.value->is_object() ? escape_pointer_token(at.key()) : std::to_string(at - f.value->cbegin());
      }
      return pointer;
    }
    stack.push_back({&child, child.cbegin()});
  }
  return std::nullopt;
}

}  // namespace twinsync::richtext
