// clock.cpp — the system wall clock in milliseconds.
#include "runtime/transport/clock.h"

#include <chrono>

namespace twinsync::transport {

int64_t system_now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace twinsync::transport
