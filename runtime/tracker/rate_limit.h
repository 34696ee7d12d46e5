// rate_limit.h — a token bucket over all API requests: `--rate-limit N` allows N requests a
// second with bursts of N; past it the tracker answers 429 with Retry-After, as Jira Cloud does.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

namespace twinsync::tracker {

class RateLimiter {
 public:
  explicit RateLimiter(double per_second = 0) { configure(per_second); }
  void configure(double per_second) {
    std::lock_guard lock(mu_);
    rate_ = per_second;
    tokens_ = per_second;
    last_ = std::chrono::steady_clock::now();
  }
  /// nullopt when the request may go ahead, else the seconds to wait (at least 1).
  std::optional<int> take() {
    std::lock_guard lock(mu_);
    if (rate_ <= 0) return std::nullopt;
    const auto now = std::chrono::steady_clock::now();
    tokens_ = std::min(rate_, tokens_ + std::chrono::duration<double>(now - last_).count() * rate_);
    last_ = now;
    if (tokens_ >= 1) {
      tokens_ -= 1;
      return std::nullopt;
    }
    const double wait = (1 - tokens_) / rate_;
    return std::max(1, static_cast<int>(wait + 0.999));
  }
  double rate() const { return rate_; }

 private:
  std::mutex mu_;
  double rate_ = 0;
  double tokens_ = 0;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace twinsync::tracker
