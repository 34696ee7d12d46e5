// login_limit.cpp — the login's failure window (login_limit.h).
#include "runtime/console/login_limit.h"

namespace twinsync::console {

void LoginLimiter::forget_locked(int64_t now_ms) {
  while (!failures_.empty() && now_ms - failures_.front() >= window_ms_) failures_.pop_front();
}

bool LoginLimiter::allow(int64_t now_ms, int64_t* retry_after_s) {
  std::lock_guard lock(mu_);
  forget_locked(now_ms);
  if (failures_.size() < max_) return true;
  if (retry_after_s) *retry_after_s = (failures_.front() + window_ms_ - now_ms + 999) / 1000;
  return false;
}

void LoginLimiter::failed(int64_t now_ms) {
  std::lock_guard lock(mu_);
  forget_locked(now_ms);
  failures_.push_back(now_ms);
}

}  // namespace twinsync::console
