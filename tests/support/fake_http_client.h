// fake_http_client.h — a scripted net::HttpClient for connector tests: answers are queued per
// method and target (prefix), or computed by a handler; every request is recorded; a request
// nothing answers gets a 599 and is listed in unexpected().
#pragma once

#include <deque>
#include <functional>
#include <string>
#include <vector>

#include "runtime/net/http.h"

namespace twinsync::testkit {

class FakeHttpClient final : public net::HttpClient {
 public:
  using Handler = std::function<Result<net::HttpResponse>(const net::HttpRequest&)>;

  /// Queues one answer for the next request whose method matches and whose target starts with
  /// `target_prefix`. Answers are used once, in the order queued.
  void expect(std::string method, std::string target_prefix, int status, std::string body = "",
              net::Headers headers = {}) {
    net::HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers = std::move(headers);
    script_.push_back({std::move(method), std::move(target_prefix), std::move(r), {}});
  }
  /// Queues a transport failure (kind "network" or "timeout").
  void fail(std::string method, std::string target_prefix, ErrorKind kind = ErrorKind::Network) {
    script_.push_back({std::move(method), std::move(target_prefix), {}, make_error("connection reset", kind)});
  }
  /// Answers every request the script does not (a small fake server).
  void set_handler(Handler h) { handler_ = std::move(h); }

  Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    requests_.push_back(request);
    for (auto it = script_.begin(); it != script_.end(); ++it) {
      if (it->method == request.method && request.target.rfind(it->prefix, 0) == 0) {
        Step step = std::move(*it);
        script_.erase(it);
        if (!step.error.message.empty()) return step.error;
        return step.response;
      }
    }
    if (handler_) return handler_(request);
    unexpected_.push_back(request.method + " " + request.target);
    net::HttpResponse r;
    r.status = 599;
    r.body = "unexpected request";
    return r;
  }

  const std::vector<net::HttpRequest>& requests() const { return requests_; }
  const std::vector<std::string>& unexpected() const { return unexpected_; }
  size_t pending() const { return script_.size(); }

 private:
  struct Step {
    std::string method;
    std::string prefix;
    net::HttpResponse response;
    Error error;
  };
  std::deque<Step> script_;
  Handler handler_;
  std::vector<net::HttpRequest> requests_;
  std::vector<std::string> unexpected_;
};

}  // namespace twinsync::testkit
