// fault_proxy.h — an HTTP proxy in front of a tracker that fails the requests a test chooses
// (a 500 while a fault is on), so a test can show that what failed is done once the fault clears.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/net/http.h"
#include "runtime/net/http_server.h"

namespace twinsync::testkit {

class FaultProxy {
 public:
  explicit FaultProxy(const std::string& target_url) {
    auto client = net::make_http_client(*net::parse_endpoint(target_url));
    client_ = std::move(*client);
    net::ServerOptions so;
    so.max_body_bytes = 64 * 1024 * 1024;
    auto server = net::HttpServer::start(so, [this](const net::HttpRequest& r) { return forward(r); });
    EXPECT_TRUE(server) << server.error().message;
    server_ = std::move(*server);
  }
  ~FaultProxy() { server_->stop(); }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(server_->port()); }
  /// Requests for which `fails` holds get `answer` (a 500 unless told) until clear().
  void fail_when(std::function<bool(const net::HttpRequest&)> fails,
                 net::HttpResponse answer = {500, {{"Content-Type", "application/json"}}, R"({"errorMessages":["injected fault"]})"}) {
    std::lock_guard lock(mu_);
    fails_ = std::move(fails);
    answer_ = std::move(answer);
  }
  /// "METHOD target" of every request forwarded so far (failed ones left out).
  std::vector<std::string> forwarded() {
    std::lock_guard lock(mu_);
    return forwarded_;
  }
  void clear() { fail_when(nullptr); }
  /// Requests failed so far.
  int failed() const { return failed_; }

 private:
  net::HttpResponse forward(const net::HttpRequest& r) {
    std::lock_guard lock(mu_);
    if (fails_ && fails_(r)) {
      ++failed_;
      return answer_;
    }
    forwarded_.push_back(r.method + " " + r.target);
    net::HttpRequest copy = r;
    std::erase_if(copy.headers, [](const auto& h) { return h.first == "Host" || h.first == "host"; });
    auto answer = client_->send(copy);
    return answer ? *answer : net::HttpResponse{502, {}, ""};
  }

  std::mutex mu_;
  std::function<bool(const net::HttpRequest&)> fails_;
  net::HttpResponse answer_;
  std::vector<std::string> forwarded_;
  std::atomic<int> failed_{0};
  std::unique_ptr<net::HttpClient> client_;
  std::unique_ptr<net::HttpServer> server_;
};

}  // namespace twinsync::testkit
