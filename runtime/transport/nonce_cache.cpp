// nonce_cache.cpp — a map for lookups and a time-ordered set for pruning and eviction.
#include "runtime/transport/nonce_cache.h"

namespace twinsync::transport {

NonceCache::NonceCache(size_t capacity, int64_t window_s)
    : capacity_(capacity == 0 ? 1 : capacity), window_s_(window_s) {}

void NonceCache::prune(int64_t now_s) {
  while (!by_time_.empty() && by_time_.begin()->first < now_s - window_s_) {
    seen_.erase(by_time_.begin()->second);
    by_time_.erase(by_time_.begin());
  }
}

NonceCache::Outcome NonceCache::remember(std::string_view scope, std::string_view nonce, int64_t ts_s,
                                         int64_t now_s) {
  std::string key;
  key.reserve(scope.size() + 1 + nonce.size());
  key.append(scope).append(1, '\n').append(nonce);
  std::lock_guard lock(mu_);
  prune(now_s);
  if (ts_s <= floor_s_) return Outcome::TooOld;
  if (seen_.count(key)) return Outcome::Replayed;
  seen_.emplace(key, ts_s);
  by_time_.emplace(ts_s, std::move(key));
  while (seen_.size() > capacity_) {
    auto oldest = by_time_.begin();
    if (oldest->first > floor_s_) floor_s_ = oldest->first;
    seen_.erase(oldest->second);
    by_time_.erase(oldest);
  }
  return Outcome::Fresh;
}

size_t NonceCache::size() const {
  std::lock_guard lock(mu_);
  return seen_.size();
}

}  // namespace twinsync::transport
