// node_metrics.cpp — GET /metrics (Prometheus text format), /healthz and /readyz, and the
// optional listener that serves only those (metricsListen) for a scraper without the token.
#include <sys/stat.h>

#include <nlohmann/json.hpp>

#include "runtime/node/node.h"
#include "runtime/store/stat_kind.h"

namespace twinsync::node {
namespace {

int64_t file_bytes(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 ? static_cast<int64_t>(st.st_size) : 0;
}

void family(std::string& out, const std::string& name, const char* type, const std::string& help) {
  out += "# HELP " + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

}  // namespace

std::string Node::metrics_url() const {
  return metrics_server_ ? served_url(config_.metrics_listen, metrics_server_->port()) : std::string();
}

bool Node::ready(std::string* why) {
  auto fail = [&](const std::string& reason) {
    if (why) *why = reason;
    return false;
  };
  if (stopping_) return fail("the node is stopping");
  auto tx = store_->begin();
  if (!tx) return fail("the store does not answer");
  if (auto ok = tx->commit(); !ok) return fail("the store does not answer");
  return true;
}

net::HttpResponse Node::health_response(bool readiness) {
  net::HttpResponse r;
  r.headers.push_back({"Content-Type", "application/json"});
  std::string why;
  const bool ok = !readiness || ready(&why);
  r.status = ok ? 200 : 503;
  r.body = ok ? "{\"status\":\"ok\"}" : nlohmann::json{{"status", "unavailable"}, {"reason", why}}.dump();
  return r;
}

net::HttpResponse Node::handle_metrics_listener(const net::HttpRequest& request) {
  const std::string path = request.target.substr(0, request.target.find('?'));
  net::HttpResponse r;
  if (request.method == "GET" && (path == "/healthz" || path == "/readyz")) return health_response(path == "/readyz");
  if (request.method != "GET" || path != "/metrics") {
    r.status = 404;
    r.headers.push_back({"Content-Type", "application/json"});
    r.body = "{\"error\":\"this listener serves /metrics, /healthz and /readyz only\"}";
    return r;
  }
  r.status = 200;
  r.headers.push_back({"Content-Type", "text/plain; version=0.0.4; charset=utf-8"});
  r.body = metrics_text();
  return r;
}

std::string Node::metrics_text() {
  std::string out;
  auto totals = stats("", 1);
  auto status_now = status();
  if (totals) {
    for (const store::StatMetric& m : store::kStatMetrics) {
      if (m.metric.empty()) continue;
      family(out, std::string(m.metric), "counter", "Per connection, since it began: " + std::string(m.help) + ".");
      for (const ConnectionStats& s : *totals) {
        auto it = s.total.find(std::string(m.name));
        out += metric_line(std::string(m.metric), {{"connection", s.connection}},
                           static_cast<double>(it == s.total.end() ? 0 : it->second));
      }
    }
  }
  if (status_now) {
    family(out, "twinsync_outbox_pending", "gauge", "Events waiting to be sent to the peer.");
    for (const auto& c : *status_now) out += metric_line("twinsync_outbox_pending", {{"connection", c.name}}, static_cast<double>(c.pending_out));
    family(out, "twinsync_inbox_pending", "gauge", "Events from the peer waiting to be applied.");
    for (const auto& c : *status_now) out += metric_line("twinsync_inbox_pending", {{"connection", c.name}}, static_cast<double>(c.pending_in));
    family(out, "twinsync_open_errors", "gauge", "Open errors (parked twins and refused events).");
    for (const auto& c : *status_now) out += metric_line("twinsync_open_errors", {{"connection", c.name}}, static_cast<double>(c.open_errors));
    family(out, "twinsync_twins", "gauge", "Twins by state.");
    for (const auto& c : *status_now) {
      for (const auto& [state, n] : c.twins) out += metric_line("twinsync_twins", {{"connection", c.name}, {"state", state}}, static_cast<double>(n));
    }
    family(out, "twinsync_connection_paused", "gauge", "1 while the connection is paused.");
    for (const auto& c : *status_now) out += metric_line("twinsync_connection_paused", {{"connection", c.name}}, c.state == "paused" ? 1 : 0);
  }
  family(out, "twinsync_store_bytes", "gauge", "Size of the node's store on disk (database and write-ahead log).");
  out += metric_line("twinsync_store_bytes", {}, static_cast<double>(file_bytes(store_->path()) + file_bytes(store_->path() + "-wal")));
  family(out, "twinsync_up", "gauge", "1 when the node's store answers (what /readyz says).");
  out += metric_line("twinsync_up", {}, ready() ? 1 : 0);
  return out + metrics_.render();
}

}  // namespace twinsync::node
