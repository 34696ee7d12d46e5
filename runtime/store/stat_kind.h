// stat_kind.h — the counters of stat_kinds.def as a type, with their names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace twinsync::store {

enum class Stat {
#define STAT(id, name, doc) id,
#include "runtime/store/stat_kinds.def"
#undef STAT
};

constexpr std::string_view stat_name(Stat s) {
  switch (s) {
#define STAT(id, name, doc) \
  case Stat::id:            \
    return name;
#include "runtime/store/stat_kinds.def"
#undef STAT
  }
  return "";
}

/// A counter's value on one day (days since the epoch, UTC).
struct DayStat {
  int64_t day = 0;
  std::string name;
  int64_t value = 0;
};

}  // namespace twinsync::store
