// builtin_table.cpp — parses the signatures of builtins.def once, at first use.
#include "compiler/check/builtin_table.h"

#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

SigType parse_type(std::string_view s) {
  s = trim(s);
  // T is any in the table; the flags tell the checker to bind it per call.
  if (s == "T") return {types::any(), true, false};
  if (s == "list<T>") return {types::list_of(types::any()), false, true};
  if (s.rfind("list<", 0) == 0 && s.back() == '>') {
    return {types::list_of(types::from_name(std::string(s.substr(5, s.size() - 6))))};
  }
  // A name from_name does not know is taken as any: the table is trusted, not checked.
  const Type* t = types::from_name(std::string(s));
  return {t ? t : types::any()};
}

BuiltinInfo make(BuiltinId id, std::string_view name, std::string_view sig, std::string_view doc) {
  BuiltinInfo info{id, name, sig, doc, {}, {}};
  // "a, b -> r"; a function without parameters is written " -> r".
  const size_t arrow = sig.find("->");
  std::string_view params = trim(sig.substr(0, arrow));
  info.result = parse_type(sig.substr(arrow + 2));
  while (!params.empty()) {
    const size_t comma = params.find(',');
    info.params.push_back(parse_type(params.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    params = trim(params.substr(comma + 1));
  }
  return info;
}

}  // namespace

const std::vector<BuiltinInfo>& all_builtins() {
  // In builtins.def order, so that a BuiltinId indexes the table (the verifier relies on it).
  static const std::vector<BuiltinInfo> table = {
#define BUILTIN(id, name, sig, doc) make(BuiltinId::id, name, sig, doc),
#include "compiler/bytecode/builtins.def"
#undef BUILTIN
  };
  return table;
}

const BuiltinInfo* find_builtin(std::string_view name) {
  for (const BuiltinInfo& b : all_builtins()) {
    if (b.name == name) return &b;
  }
  return nullptr;
}

std::vector<std::string> builtin_names() {
  std::vector<std::string> names;
  for (const BuiltinInfo& b : all_builtins()) names.emplace_back(b.name);
  return names;
}

}  // namespace twinsync
