// lookup_cache.h — answers of the tracker to trigger JQL functions (membersOf(), versions,
// links, watched issues), kept for a bounded time: a trigger is evaluated for every change the
// node sees, and without a cache each evaluation would cost the tracker a request or a search.
// Group members and versions change rarely; a change shows within `ttl`. Bounded in entries, so
// a rule file full of distinct calls cannot grow it without limit.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace twinsync::node {

class LookupCache {
 public:
  using Clock = std::function<int64_t()>;  // milliseconds, monotonic
  static constexpr int64_t kDefaultTtlMs = 5 * 60 * 1000;
  static constexpr size_t kMaxEntries = 256;

  explicit LookupCache(int64_t ttl_ms = kDefaultTtlMs, Clock clock = steady_ms) : ttl_ms_(ttl_ms), clock_(std::move(clock)) {}

  std::optional<std::vector<std::string>> get(const std::string& call) {
    std::lock_guard lock(mu_);
    auto it = entries_.find(call);
    if (it == entries_.end()) return std::nullopt;
    if (clock_() - it->second.at >= ttl_ms_) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.answer;
  }

  void put(const std::string& call, std::vector<std::string> answer) {
    std::lock_guard lock(mu_);
    const int64_t now = clock_();
    if (entries_.size() >= kMaxEntries && !entries_.count(call)) evict_oldest();
    entries_[call] = {now, std::move(answer)};
  }

 private:
  struct Entry {
    int64_t at = 0;
    std::vector<std::string> answer;
  };
  static int64_t steady_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
        .count();
  }
  void evict_oldest() {
    auto oldest = entries_.begin();
    for (auto it = entries_.begin(); it != entries_.end(); ++it) {
      if (it->second.at < oldest->second.at) oldest = it;
    }
    if (oldest != entries_.end()) entries_.erase(oldest);
  }

  std::mutex mu_;
  std::map<std::string, Entry> entries_;
  int64_t ttl_ms_;
  Clock clock_;
};

}  // namespace twinsync::node
