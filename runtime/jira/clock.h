// clock.h — time as the connector sees it, injected so that back-off, rate limits and polling
// run instantly in tests with a fake clock.
#pragma once

#include <cstdint>

namespace twinsync::jira {

class Clock {
 public:
  virtual ~Clock() = default;
  /// Milliseconds since the epoch.
  virtual int64_t now_ms() = 0;
  virtual void sleep_ms(int64_t ms) = 0;
};

/// The real clock (system time, thread sleep).
Clock& system_clock();

}  // namespace twinsync::jira
