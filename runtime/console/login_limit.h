// login_limit.h — slows guessing at the console's login: at most `failures` wrong tokens in a
// sliding minute for the whole node (requests carry no trustworthy client address), then every
// wrong token is answered 429 until the minute has passed (the right one always gets in). The admin token has 256 bits, so this is
// about noise and load more than odds; the CLI and the admin API are not affected by it.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>

namespace twinsync::console {

class LoginLimiter {
 public:
  explicit LoginLimiter(size_t failures = 10, int64_t window_ms = 60 * 1000) : max_(failures), window_ms_(window_ms) {}

  /// Whether a login may be tried now; when not, `retry_after_s` says for how long.
  bool allow(int64_t now_ms, int64_t* retry_after_s = nullptr);
  void failed(int64_t now_ms);

 private:
  void forget_locked(int64_t now_ms);
  size_t max_;
  int64_t window_ms_;
  std::mutex mu_;
  std::deque<int64_t> failures_;
};

}  // namespace twinsync::console
