// retry.h — when to try a failed call again: 429 waits for Retry-After, 5xx and network errors
// back off exponentially with jitter, and every attempt count is bounded. A Retry-After longer
// than the policy allows is not slept through: the call fails as transient and the engine
// schedules the twin again later, so one rate-limited tracker never stalls a worker for an hour.
#pragma once

#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace twinsync::jira {

struct RetryPolicy {
  int max_attempts = 5;                 // first try included
  int64_t base_delay_ms = 500;          // first back-off; doubles per attempt
  int64_t max_delay_ms = 30'000;        // cap of one back-off
  int64_t max_retry_after_ms = 120'000; // longer Retry-After: give up now, as transient
  double jitter = 0.5;                  // each delay is scaled by a random factor in [1-jitter, 1]
  uint64_t seed = 0;                    // 0: seeded from the clock; tests fix it
};

/// Retry-After as delay-seconds ("120") or an HTTP date ("Wed, 21 Oct 2015 07:28:00 GMT"),
/// in milliseconds from `now_ms` (never negative).
std::optional<int64_t> parse_retry_after(std::string_view value, int64_t now_ms);

/// Exponential back-off with jitter for one call.
class Backoff {
 public:
  Backoff(const RetryPolicy& policy, uint64_t seed);
  /// Delay before attempt `attempt` + 1, after `attempt` failures (1-based).
  int64_t delay_ms(int attempt);

 private:
  const RetryPolicy& policy_;
  std::mt19937_64 rng_;
};

}  // namespace twinsync::jira
