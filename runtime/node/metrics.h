// metrics.h — what a node counts in memory for GET /metrics (since it started): the tracker
// requests it made, by kind and answer, and how long changes took to reach their twins. The
// store's counters (per connection and day) and queue depths are added when the page is made.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "runtime/net/http.h"

namespace twinsync::node {

class NodeMetrics {
 public:
  /// One request to the tracker; `status` 0 when no answer came (network error, timeout).
  void tracker_request(const std::string& method, const std::string& target, int status);
  /// A change applied here, `ms` after the peer's node read it.
  void change_latency(const std::string& connection, int64_t ms);

  /// The in-memory families in the Prometheus text format (HELP, TYPE, samples).
  std::string render() const;

  /// What kind of request a tracker target is: issue, search, comment, transition, … (a fixed,
  /// small set, so that labels never carry issue keys).
  static std::string request_kind(const std::string& method, const std::string& target);

 private:
  static constexpr std::array<double, 10> kBuckets = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> le{};  // not cumulative here; summed when rendered
    uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, std::string>, uint64_t> requests_;  // (kind, status) -> count
  std::map<std::string, Histogram> latency_;                          // by connection
};

/// An HTTP client that tells `metrics` of every request it sends.
std::unique_ptr<net::HttpClient> counting_client(std::unique_ptr<net::HttpClient> inner, NodeMetrics& metrics);

/// One sample line: name{labels} value, with label values escaped as the text format says.
std::string metric_line(const std::string& name, const std::map<std::string, std::string>& labels, double value);

}  // namespace twinsync::node
