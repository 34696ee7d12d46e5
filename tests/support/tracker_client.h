// tracker_client.h — an embedded tracker started for one test, and a small JSON client for it.
#pragma once

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "runtime/net/http.h"
#include "runtime/tracker/tracker.h"

namespace twinsync::testkit {

inline constexpr const char* kAdminToken = "test-admin-token-0123456789";

struct ApiResult {
  int status = 0;
  nlohmann::json json;  // null when the body is empty or not JSON
  net::HttpResponse raw;
};

inline std::string basic(const std::string& user, const std::string& token) {
  static const char* table = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const std::string in = user + ":" + token;
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    unsigned n = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    for (int k = 18; k >= 0; k -= 6) out += table[(n >> k) & 63];
  }
  if (i + 1 == in.size()) {
    unsigned n = (unsigned char)in[i] << 16;
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += "==";
  } else if (i + 2 == in.size()) {
    unsigned n = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8;
    out += table[(n >> 18) & 63];
    out += table[(n >> 12) & 63];
    out += table[(n >> 6) & 63];
    out += '=';
  }
  return "Basic " + out;
}

class TrackerTest : public ::testing::Test {
 protected:
  void SetUp() override { start_tracker(); }

  void start_tracker(tracker::TrackerOptions opt = {}) {
    if (opt.admin_token.empty()) opt.admin_token = kAdminToken;
    if (opt.db_path.empty()) opt.db_path = ":memory:";
    opt.webhook_retry_base = std::chrono::milliseconds(20);
    auto t = tracker::Tracker::start(opt);
    ASSERT_TRUE(t) << t.error().message;
    tracker_ = std::move(*t);
    auto ep = net::parse_endpoint(tracker_->base_url());
    auto c = net::make_http_client(*ep);
    ASSERT_TRUE(c);
    client_ = std::move(*c);
    auth_ = basic("admin@example.com", kAdminToken);
  }

  ApiResult call(const std::string& method, const std::string& target, const nlohmann::json& body = nullptr,
                 net::Headers extra = {}, bool authenticated = true) {
    net::HttpRequest req{method, target, std::move(extra), ""};
    if (authenticated && net::find_header(req.headers, "Authorization").empty()) {
      req.headers.emplace_back("Authorization", auth_);
    }
    if (!body.is_null()) {
      req.body = body.dump();
      req.headers.emplace_back("Content-Type", "application/json");
    }
    return send(req);
  }

  ApiResult send(const net::HttpRequest& req) {
    auto res = client_->send(req);
    EXPECT_TRUE(res) << res.error().message;
    ApiResult r;
    if (!res) return r;
    r.status = res->status;
    r.raw = *res;
    r.json = nlohmann::json::parse(res->body, nullptr, false);
    if (r.json.is_discarded()) r.json = nullptr;
    return r;
  }

  /// Creates an issue in the sample project; returns its key.
  std::string create(const std::string& summary, nlohmann::json more = nlohmann::json::object(), int v = 2) {
    nlohmann::json fields = {{"project", {{"key", "DEMO"}}}, {"issuetype", {{"name", "Task"}}}, {"summary", summary}};
    fields.update(more);
    auto r = call("POST", "/rest/api/" + std::to_string(v) + "/issue", {{"fields", fields}});
    EXPECT_EQ(r.status, 201) << r.raw.body;
    return r.json.is_object() ? r.json.value("key", "") : "";
  }

  std::unique_ptr<tracker::Tracker> tracker_;
  std::unique_ptr<net::HttpClient> client_;
  std::string auth_;
};

}  // namespace twinsync::testkit
