// stat_kind.h — the counters of stat_kinds.def as a type, with their names.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace twinsync::store {

enum class Stat {
#define STAT(id, name, metric, doc) id,
#include "runtime/store/stat_kinds.def"
#undef STAT
};

constexpr std::string_view stat_name(Stat s) {
  switch (s) {
#define STAT(id, name, metric, doc) \
  case Stat::id:                    \
    return name;
#include "runtime/store/stat_kinds.def"
#undef STAT
  }
  return "";
}

/// A counter as /metrics shows it: its store name, metric name ("" when not shown) and help.
struct StatMetric {
  std::string_view name, metric, help;
};
inline constexpr StatMetric kStatMetrics[] = {
#define STAT(id, name, metric, doc) {name, metric, doc},
#include "runtime/store/stat_kinds.def"
#undef STAT
};

/// A counter's value on one day (days since the epoch, UTC).
struct DayStat {
  int64_t day = 0;
  std::string name;
  int64_t value = 0;
};

}  // namespace twinsync::store
