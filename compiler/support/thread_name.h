// thread_name.h — names the calling thread, so that top -H, perf and gdb tell a node's incoming
// lanes from its sender or a tracker's webhook dispatcher (Linux keeps at most 15 bytes).
#pragma once

#include <pthread.h>

#include <string>
#include <thread>
#include <utility>

namespace twinsync {

inline void name_this_thread(const std::string& name) {
  ::pthread_setname_np(::pthread_self(), name.substr(0, 15).c_str());
}

/// A thread that names itself `name`, then runs `body`.
template <class Body>
std::thread named_thread(std::string name, Body body) {
  return std::thread([name = std::move(name), body = std::move(body)]() mutable {
    name_this_thread(name);
    body();
  });
}

}  // namespace twinsync
