// metrics.cpp — the node's in-memory counters and the Prometheus text format (version 0.0.4).
#include "runtime/node/metrics.h"

#include <cmath>
#include <sstream>

namespace twinsync::node {
namespace {

std::string escape_label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

std::string number(double v) {
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::ostringstream s;
  s.precision(15);
  s << v;
  return s.str();
}

class CountingClient : public net::HttpClient {
 public:
  CountingClient(std::unique_ptr<net::HttpClient> inner, NodeMetrics& m) : inner_(std::move(inner)), metrics_(m) {}
  Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    auto r = inner_->send(request);
    metrics_.tracker_request(request.method, request.target, r ? r->status : 0);
    return r;
  }

 private:
  std::unique_ptr<net::HttpClient> inner_;
  NodeMetrics& metrics_;
};

}  // namespace

std::string metric_line(const std::string& name, const std::map<std::string, std::string>& labels, double value) {
  std::string out = name;
  if (!labels.empty()) {
    out += "{";
    bool first = true;
    for (const auto& [k, v] : labels) {
      out += (first ? "" : ",") + k + "=\"" + escape_label(v) + "\"";
      first = false;
    }
    out += "}";
  }
  return out + " " + number(value) + "\n";
}

std::string NodeMetrics::request_kind(const std::string& method, const std::string& target) {
  const std::string path = target.substr(0, target.find('?'));
  auto has = [&](const char* part) { return path.find(part) != std::string::npos; };
  if (has("/search")) return "search";
  if (has("/comment")) return "comment";
  if (has("/attachment")) return "attachment";
  if (has("/transitions")) return "transition";
  if (has("/remotelink")) return "remote_link";
  if (has("/webhook")) return "webhook";
  if (path.find("/issue/") != std::string::npos && path.find('/', path.find("/issue/") + 7) == std::string::npos) {
    return method == "GET" ? "issue_read" : method == "PUT" ? "issue_edit" : "issue_other";
  }
  if (path.size() >= 6 && path.compare(path.size() - 6, 6, "/issue") == 0) return method == "POST" ? "issue_create" : "other";
  return "other";
}

void NodeMetrics::tracker_request(const std::string& method, const std::string& target, int status) {
  const std::string kind = request_kind(method, target);
  std::lock_guard lock(mu_);
  ++requests_[{kind, status ? std::to_string(status) : "none"}];
}

void NodeMetrics::change_latency(const std::string& connection, int64_t ms) {
  const double seconds = static_cast<double>(std::max<int64_t>(0, ms)) / 1000.0;
  std::lock_guard lock(mu_);
  Histogram& h = latency_[connection];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) {
      ++h.le[i];
      break;
    }
  }
  ++h.count;
  h.sum += seconds;
}

std::string NodeMetrics::render() const {
  std::lock_guard lock(mu_);
  std::string out;
  out += "# HELP twinsync_tracker_requests_total Requests this node made to its tracker since it started, by kind and HTTP status (none: no answer).\n";
  out += "# TYPE twinsync_tracker_requests_total counter\n";
  uint64_t throttled = 0;
  for (const auto& [k, n] : requests_) {
    out += metric_line("twinsync_tracker_requests_total", {{"kind", k.first}, {"status", k.second}}, static_cast<double>(n));
    if (k.second == "429") throttled += n;
  }
  out += "# HELP twinsync_tracker_throttled_total Requests the tracker answered with 429 (rate limited) since the node started.\n";
  out += "# TYPE twinsync_tracker_throttled_total counter\n";
  out += metric_line("twinsync_tracker_throttled_total", {}, static_cast<double>(throttled));
  out += "# HELP twinsync_change_to_twin_seconds From the peer's node reading a change to its apply here, since this node started.\n";
  out += "# TYPE twinsync_change_to_twin_seconds histogram\n";
  for (const auto& [connection, h] : latency_) {
    uint64_t cumulative = 0;
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      cumulative += h.le[i];
      out += metric_line("twinsync_change_to_twin_seconds_bucket", {{"connection", connection}, {"le", number(kBuckets[i])}},
                         static_cast<double>(cumulative));
    }
    out += metric_line("twinsync_change_to_twin_seconds_bucket", {{"connection", connection}, {"le", "+Inf"}},
                       static_cast<double>(h.count));
    out += metric_line("twinsync_change_to_twin_seconds_sum", {{"connection", connection}}, h.sum);
    out += metric_line("twinsync_change_to_twin_seconds_count", {{"connection", connection}}, static_cast<double>(h.count));
  }
  return out;
}

std::unique_ptr<net::HttpClient> counting_client(std::unique_ptr<net::HttpClient> inner, NodeMetrics& metrics) {
  return std::make_unique<CountingClient>(std::move(inner), metrics);
}

}  // namespace twinsync::node
