// webhook_dispatcher.h — delivers queued webhooks from its own thread (never a request thread):
// at least once, oldest first per webhook and issue, retried with exponential back-off, with the
// same X-Atlassian-Webhook-Identifier on every attempt.
#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "runtime/net/http.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

class WebhookDispatcher {
 public:
  explicit WebhookDispatcher(TrackerState& s) : s_(s) {}
  ~WebhookDispatcher() { stop(); }
  WebhookDispatcher(const WebhookDispatcher&) = delete;
  WebhookDispatcher& operator=(const WebhookDispatcher&) = delete;

  void start();
  void stop();
  /// New deliveries are queued: look now rather than at the next timer.
  void wake();

 private:
  void run();
  bool deliver(const Delivery& d, std::string& error);
  struct Outcome {
    const Delivery* delivery;
    bool ok;
    std::string error;
  };
  void settle(const std::vector<Outcome>& outcomes);

  TrackerState& s_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool stopping_ = false;
  bool woken_ = false;
  std::map<std::string, std::unique_ptr<net::HttpClient>> clients_;  // by scheme://host:port
};

}  // namespace twinsync::tracker
