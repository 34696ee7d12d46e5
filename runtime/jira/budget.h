// budget.h — a per-tracker request budget (token bucket) shared by every client that talks to
// one tracker, so bulk work never floods it. Live edits and bulk runs take from the same bucket,
// but bulk stops short of a reserve kept for live work, and a 429 holds the whole tracker.
#pragma once

#include <cstdint>
#include <mutex>

#include "runtime/jira/clock.h"

namespace twinsync::jira {

enum class Lane { Live, Bulk };

class RequestBudget {
 public:
  /// `per_second` tokens refill continuously up to `burst`; bulk calls leave
  /// `bulk_reserve` tokens for live ones.
  RequestBudget(double per_second, double burst, double bulk_reserve = 0);

  /// Takes one token, sleeping on `clock` until one is free (thread-safe: the wait is reserved
  /// under the lock and slept outside it).
  void acquire(Clock& clock, Lane lane = Lane::Live);
  /// Nobody sends before `until_ms` (a 429's Retry-After applies to the tracker, not one call).
  void hold_until(int64_t until_ms);
  /// Requests granted so far: what synced changes cost in API calls.
  int64_t granted() const;

 private:
  void refill(int64_t now_ms);

  mutable std::mutex mu_;
  const double per_ms_;
  const double burst_;
  const double bulk_reserve_;
  double tokens_;
  int64_t last_ms_ = -1;
  int64_t hold_until_ms_ = 0;
  int64_t granted_ = 0;
};

}  // namespace twinsync::jira
