// fake_clock.h — a jira::Clock whose sleeps only move its time forward, so back-off and polling
// tests run instantly and can check how long the code would have waited.
#pragma once

#include <cstdint>
#include <vector>

#include "runtime/jira/clock.h"

namespace twinsync::testkit {

class FakeClock final : public jira::Clock {
 public:
  explicit FakeClock(int64_t start_ms = 1'700'000'000'000) : now_(start_ms) {}
  int64_t now_ms() override { return now_; }
  void sleep_ms(int64_t ms) override {
    sleeps_.push_back(ms);
    if (ms > 0) now_ += ms;
  }
  void advance(int64_t ms) { now_ += ms; }
  const std::vector<int64_t>& sleeps() const { return sleeps_; }
  int64_t slept() const {
    int64_t total = 0;
    for (int64_t s : sleeps_) total += s > 0 ? s : 0;
    return total;
  }

 private:
  int64_t now_;
  std::vector<int64_t> sleeps_;
};

}  // namespace twinsync::testkit
