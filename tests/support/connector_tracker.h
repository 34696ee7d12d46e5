// connector_tracker.h — the real Jira connector (JiraClient over the Beast HttpClient) talking to
// an embedded tracker on loopback, for the tests that prove the two agree.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "runtime/jira/client.h"
#include "runtime/jira/poller.h"
#include "tests/support/tracker_client.h"

namespace twinsync::testkit {

/// A clock that really sleeps, but only `1/scale` of what is asked, and records every sleep: the
/// tests see that Retry-After was honoured without waiting whole seconds for it.
class ScaledClock final : public jira::Clock {
 public:
  explicit ScaledClock(int scale) : scale_(scale) {}
  int64_t now_ms() override { return jira::system_clock().now_ms(); }
  void sleep_ms(int64_t ms) override {
    {
      std::lock_guard lock(mu_);
      sleeps_.push_back(ms);
    }
    if (ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(ms / scale_ + 1));
  }
  std::vector<int64_t> sleeps() {
    std::lock_guard lock(mu_);
    return sleeps_;
  }

 private:
  int scale_;
  std::mutex mu_;
  std::vector<int64_t> sleeps_;
};

/// The watermark kept in memory.
class MemoryWatermarks final : public jira::WatermarkStore {
 public:
  Result<std::optional<int64_t>> load() override { return value; }
  Status store(int64_t watermark_ms) override {
    value = watermark_ms;
    return ok_status();
  }
  std::optional<int64_t> value;
};

class ConnectorTrackerTest : public TrackerTest {
 protected:
  /// A connected client as the admin; flavour and version as in `config` (default: detected,
  /// which the tracker answers as Cloud, so REST v3 with ADF).
  std::unique_ptr<jira::JiraClient> connect(jira::JiraConfig config = {}, jira::Clock* clock = nullptr) {
    auto ep = net::parse_endpoint(tracker_->base_url());
    auto http = net::make_http_client(*ep);
    EXPECT_TRUE(http);
    if (!http) return nullptr;
    https_.push_back(std::move(*http));
    config.base_url = tracker_->base_url();
    config.credentials = jira::Credentials::basic("admin@example.com", kAdminToken);
    config.retry.seed = 42;
    config.retry.base_delay_ms = 10;
    config.create_settle_ms = 10;
    auto client = std::make_unique<jira::JiraClient>(*https_.back(), std::move(config),
                                                     clock ? *clock : jira::system_clock());
    const Status connected = client->connect();
    EXPECT_TRUE(connected) << connected.error().message;
    return client;
  }

  static jira::JiraConfig data_center() {
    jira::JiraConfig c;
    c.flavour = jira::FlavourSetting::DataCenter;
    return c;
  }

  /// A Task in DEMO with this summary.
  static jira::WantedChanges new_task(const std::string& summary) {
    jira::WantedChanges w;
    w.set(IssueSlot::Project, Value::string("DEMO"));
    w.set(IssueSlot::Type, Value::string("Task"));
    w.set(IssueSlot::Summary, Value::string(summary));
    return w;
  }

  std::vector<std::unique_ptr<net::HttpClient>> https_;
};

/// Text of a record's slot, "" when it is not text.
inline std::string text_of(const Value& record, IssueSlot s) {
  const Value& v = record.field(slot(s));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

}  // namespace twinsync::testkit
