// program.cpp — finishing a program after code generation or loading.
#include "compiler/bytecode/program.h"

#include <xxhash.h>

#include <atomic>
#include <cstdio>

#include "compiler/bytecode/serialize.h"

namespace twinsync {

void Program::finish() {
  static std::atomic<uint64_t> next_id{1};
  id = next_id.fetch_add(1, std::memory_order_relaxed);
}

std::string Program::version_hash() const {
  const std::string bytes = serialize_program(*this);
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
  return buf;
}

}  // namespace twinsync
