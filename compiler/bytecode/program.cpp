// program.cpp — finishing a program after code generation or loading.
#include "compiler/bytecode/program.h"

#include <xxhash.h>

#include <cstdio>

#include "compiler/bytecode/serialize.h"

namespace twinsync {

void MapTable::build_index() {
  out_index.clear();
  in_index.clear();
  for (const auto& [k, v] : out) out_index.emplace(k, v);  // emplace keeps the first entry
  for (const auto& [k, v] : in) in_index.emplace(k, v);
}

void Program::finish() {
  for (Value& v : constants) v.make_immortal();
  for (MapTable& m : maps) {
    for (auto& [k, v] : m.out) k.make_immortal(), v.make_immortal();
    for (auto& [k, v] : m.in) k.make_immortal(), v.make_immortal();
    m.build_index();
  }
}

std::string Program::version_hash() const {
  const std::string bytes = serialize_program(*this);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return buf;
}

}  // namespace twinsync
