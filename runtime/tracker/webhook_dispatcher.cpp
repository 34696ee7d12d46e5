// webhook_dispatcher.cpp — the delivery loop: read what is due under the store lock, send
// without it, record the outcome under it again.
#include "runtime/tracker/webhook_dispatcher.h"

#include "compiler/support/thread_name.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

namespace {
constexpr int kKeepFinished = 1000;
}

void WebhookDispatcher::start() { thread_ = named_thread("tracker-hooks", [this] { run(); }); }

void WebhookDispatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void WebhookDispatcher::wake() {
  {
    std::lock_guard lock(mu_);
    woken_ = true;
  }
  cv_.notify_all();
}

bool WebhookDispatcher::deliver(const Delivery& d, std::string& error) {
  auto url = net::parse_url(d.url);
  if (!url) {
    error = url.error().message;
    return false;
  }
  const net::Endpoint& ep = url->endpoint;
  auto& client = clients_[ep.scheme + "://" + ep.host + ":" + ep.port];
  if (!client) {
    net::ClientOptions opt;
    opt.connect_timeout = s_.opt.webhook_timeout;
    opt.request_timeout = s_.opt.webhook_timeout;
    opt.user_agent = "Atlassian Webhook HTTP Client";
    auto c = net::make_http_client(ep, opt);
    if (!c) {
      error = c.error().message;
      return false;
    }
    client = std::move(*c);
  }
  const std::string& target = url->target;
  net::HttpRequest req{"POST", target,
                       {{"Content-Type", "application/json; charset=utf-8"},
                        {"X-Atlassian-Webhook-Identifier", d.identifier},
                        {"X-Atlassian-Webhook-Retry", std::to_string(d.attempts)}},
                       d.payload};
  auto res = client->send(req);
  if (!res) {
    error = res.error().message;
    return false;
  }
  if (res->status < 200 || res->status > 299) {
    error = "the receiver answered HTTP " + std::to_string(res->status);
    return false;
  }
  return true;
}

// One round's outcomes in one transaction, with the pruning: the tracker's lock (which every
// request takes) is held once per round, not once per delivery.
void WebhookDispatcher::settle(const std::vector<Outcome>& outcomes) {
  if (outcomes.empty()) return;
  std::lock_guard lock(s_.mu);
  auto tx = s_.store->begin();
  for (const Outcome& o : outcomes) {
    const Delivery& d = *o.delivery;
    if (o.ok) {
      (void)s_.store->finish_delivery(d.id, "delivered", "");
    } else if (d.attempts + 1 >= s_.opt.webhook_max_attempts) {
      (void)s_.store->finish_delivery(d.id, "failed", o.error);
    } else {
      const auto base = s_.opt.webhook_retry_base.count();
      const std::int64_t delay = std::min<std::int64_t>(60'000, base << std::min(d.attempts, 16));
      (void)s_.store->retry_delivery(d.id, now_ms() + delay, o.error);
    }
  }
  (void)s_.store->prune_deliveries(kKeepFinished);
  if (tx) (void)tx->commit();
}

void WebhookDispatcher::run() {
  while (true) {
    std::vector<Delivery> due;
    std::optional<std::int64_t> next;
    {
      std::lock_guard lock(s_.mu);
      if (auto r = s_.store->due_deliveries(now_ms(), 50)) due = std::move(*r);
      if (auto n = s_.store->next_delivery_time()) next = *n;
    }
    std::vector<Outcome> outcomes;
    bool stopping = false;
    for (const Delivery& d : due) {
      {
        std::lock_guard lock(mu_);
        stopping = stopping_;
      }
      if (stopping) break;
      Outcome o{&d, false, ""};
      o.ok = deliver(d, o.error);
      outcomes.push_back(std::move(o));
    }
    // Those sent before a stop are settled too: sent again after a restart would be twice.
    settle(outcomes);
    std::unique_lock lock(mu_);
    if (stopping_) return;
    if (!due.empty()) continue;
    auto wait = std::chrono::milliseconds(1000);
    if (next) wait = std::clamp(std::chrono::milliseconds(*next - now_ms()), std::chrono::milliseconds(1), wait);
    cv_.wait_for(lock, wait, [this] { return stopping_ || woken_; });
    woken_ = false;
    if (stopping_) return;
  }
}

}  // namespace twinsync::tracker
