// process_memory.h — the benchmark process's memory (or a child's), as the kernel counts it (Linux).
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <string>

namespace twinsync::bench {

/// Resident memory now of the process `statm` describes, in MB (0 when it is gone).
inline double resident_mb_in(const std::string& statm) {
  std::ifstream in(statm);
  long pages = 0, resident = 0;
  in >> pages >> resident;
  return static_cast<double>(resident) * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0);
}

/// Resident memory now, in MB: this process's, or another's by pid.
inline double resident_mb() { return resident_mb_in("/proc/self/statm"); }
inline double resident_mb(pid_t pid) { return resident_mb_in("/proc/" + std::to_string(pid) + "/statm"); }

/// The process's peak resident memory so far, in MB (ru_maxrss is in kilobytes on Linux).
inline double peak_resident_mb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

}  // namespace twinsync::bench
