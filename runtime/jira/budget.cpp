// budget.cpp — the token bucket.
#include "runtime/jira/budget.h"

#include <algorithm>
#include <cmath>

namespace twinsync::jira {

RequestBudget::RequestBudget(double per_second, double burst, double bulk_reserve)
    : per_ms_(std::max(per_second, 1e-6) / 1000.0),
      burst_(std::max(burst, 1.0)),
      bulk_reserve_(std::clamp(bulk_reserve, 0.0, std::max(burst, 1.0) - 1.0)),
      tokens_(std::max(burst, 1.0)) {}

void RequestBudget::refill(int64_t now_ms) {
  if (last_ms_ >= 0 && now_ms > last_ms_) tokens_ = std::min(burst_, tokens_ + (now_ms - last_ms_) * per_ms_);
  if (now_ms > last_ms_) last_ms_ = now_ms;
}

void RequestBudget::acquire(Clock& clock, Lane lane) {
  int64_t wait_ms = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    const int64_t now = clock.now_ms();
    refill(now);
    // Tokens may go negative: each waiter reserves its slot, so waiters queue fairly.
    const double floor = lane == Lane::Bulk ? bulk_reserve_ : 0.0;
    const double missing = floor + 1.0 - tokens_;
    if (missing > 0) wait_ms = static_cast<int64_t>(std::ceil(missing / per_ms_));
    wait_ms = std::max(wait_ms, hold_until_ms_ - now);
    tokens_ -= 1.0;
    ++granted_;
  }
  clock.sleep_ms(wait_ms);
}

void RequestBudget::hold_until(int64_t until_ms) {
  std::lock_guard<std::mutex> lock(mu_);
  hold_until_ms_ = std::max(hold_until_ms_, until_ms);
}

int64_t RequestBudget::granted() const {
  std::lock_guard<std::mutex> lock(mu_);
  return granted_;
}

}  // namespace twinsync::jira
