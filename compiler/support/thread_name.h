// thread_name.h — names the calling thread, so that top -H, perf and gdb tell a node's incoming
// lanes from its sender or a tracker's webhook dispatcher (Linux keeps at most 15 bytes).
#pragma once

#include <pthread.h>

#include <string>

namespace twinsync {

inline void name_this_thread(const std::string& name) {
  ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
}

}  // namespace twinsync
