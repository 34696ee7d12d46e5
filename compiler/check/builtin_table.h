// builtin_table.h — the host functions of builtins.def with their parsed signatures.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/schema/types.h"

namespace twinsync {

enum class BuiltinId : uint16_t {
#define BUILTIN(id, name, sig, doc) id,
#include "compiler/bytecode/builtins.def"
#undef BUILTIN
  Count
};

/// A parameter or result type in a signature; `generic` stands for the type variable T
/// (the element type when `list_of_generic`).
struct SigType {
  const Type* type = nullptr;
  bool generic = false;       // T
  bool list_of_generic = false;  // list<T>
};

struct BuiltinInfo {
  BuiltinId id;
  std::string_view name;
  std::string_view signature;
  std::string_view doc;
  std::vector<SigType> params;
  SigType result;
};

const std::vector<BuiltinInfo>& all_builtins();
const BuiltinInfo* find_builtin(std::string_view name);
std::vector<std::string> builtin_names();

}  // namespace twinsync
