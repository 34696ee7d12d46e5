// process_memory.h — the benchmark process's own memory, as the kernel counts it (Linux).
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

namespace twinsync::bench {

/// Resident memory now, in MB (/proc/self/statm).
inline double resident_mb() {
  std::ifstream in("/proc/self/statm");
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

/// The process's peak resident memory so far, in MB (ru_maxrss is in kilobytes on Linux).
inline double peak_resident_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace twinsync::bench
