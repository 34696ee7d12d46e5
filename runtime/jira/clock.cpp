// clock.cpp — the real clock.
#include "runtime/jira/clock.h"

#include <chrono>
#include <thread>

namespace twinsync::jira {
namespace {

class SystemClock final : public Clock {
 public:
  int64_t now_ms() override {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
  }
  void sleep_ms(int64_t ms) override {
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
};

}  // namespace

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace twinsync::jira
