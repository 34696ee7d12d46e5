// retry.cpp — Retry-After parsing and jittered exponential back-off.
#include "runtime/jira/retry.h"

// date::parse trips a known g++ 12 false positive (-Wmaybe-uninitialized inside <chrono>) at -O2.
// clang has no such warning group (and -Werror refuses unknown ones), so only for g++.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <date/date.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <sstream>
#include <string>

#include "compiler/support/numbers.h"

namespace twinsync::jira {

std::optional<int64_t> parse_retry_after(std::string_view value, int64_t now_ms) {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && value.back() == ' ') value.remove_suffix(1);
  if (value.empty()) return std::nullopt;
  if (auto seconds = parse_int<int64_t>(value)) return std::max<int64_t>(0, *seconds) * 1000;
  std::istringstream in{std::string(value)};
  date::sys_time<std::chrono::seconds> when;
  in >> date::parse("%a, %d %b %Y %H:%M:%S GMT", when);
  if (in.fail()) return std::nullopt;
  const int64_t at = std::chrono::duration_cast<std::chrono::milliseconds>(when.time_since_epoch()).count();
  return std::max<int64_t>(0, at - now_ms);
}

Backoff::Backoff(const RetryPolicy& policy, uint64_t seed) : policy_(policy), rng_(seed) {}

int64_t Backoff::delay_ms(int attempt) {
  const int shift = std::clamp(attempt - 1, 0, 30);
  const int64_t full = std::min(policy_.max_delay_ms, policy_.base_delay_ms << shift);
  const double jitter = std::clamp(policy_.jitter, 0.0, 1.0);
  std::uniform_real_distribution<double> dist(1.0 - jitter, 1.0);
  return static_cast<int64_t>(static_cast<double>(full) * dist(rng_));
}

}  // namespace twinsync::jira
