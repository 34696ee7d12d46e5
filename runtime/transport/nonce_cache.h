// nonce_cache.h — the receiver's memory of request nonces, so a captured request cannot be
// replayed while its timestamp is still fresh. Bounded: entries leave once their timestamp is too
// old to pass the freshness check anyway, and when the cache is full the oldest goes and requests
// no newer than it are refused, so forgetting never lets a replay through.
#pragma once

#include <cstddef>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>

namespace twinsync::transport {

class NonceCache {
 public:
  enum class Outcome { Fresh, Replayed, TooOld };

  /// `window_s`: how far in the past a timestamp may be and still pass the freshness check.
  explicit NonceCache(size_t capacity = 100'000, int64_t window_s = 300);

  /// Records `nonce` (within `scope`, the connection) as used by a request stamped `ts_s`.
  /// Thread-safe. Call only after the signature was verified, so strangers cannot fill it.
  Outcome remember(std::string_view scope, std::string_view nonce, int64_t ts_s, int64_t now_s);
  size_t size() const;

 private:
  void prune(int64_t now_s);

  const size_t capacity_;
  const int64_t window_s_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, int64_t> seen_;
  std::set<std::pair<int64_t, std::string>> by_time_;
  int64_t floor_s_ = INT64_MIN;  // requests stamped at or before this are refused
};

}  // namespace twinsync::transport
