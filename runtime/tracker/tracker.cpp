// tracker.cpp — the tracker on the network: the service behind the HTTP server, and the webhook
// delivery thread.
#include "runtime/tracker/tracker.h"

#include <chrono>
#include <cstdio>

#include "runtime/net/http_server.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/service.h"
#include "runtime/tracker/webhook_dispatcher.h"

namespace twinsync::tracker {

struct Tracker::Impl {
  std::unique_ptr<TrackerService> service;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<WebhookDispatcher> dispatcher;
  std::string base_url;
};

Result<std::unique_ptr<Tracker>> Tracker::start(TrackerOptions options) {
  auto impl = std::make_unique<Impl>();
  auto service = TrackerService::open(std::move(options));
  if (!service) return service.error();
  impl->service = std::move(*service);
  TrackerState& s = impl->service->state();
  net::ServerOptions so;
  so.host = s.opt.host;
  so.port = s.opt.port;
  so.worker_threads = s.opt.worker_threads;
  so.thread_name = "tracker-http";
  so.max_body_bytes = s.opt.max_attachment_bytes + 1024 * 1024;
  so.error_response = [](int status, std::string message) {
    if (status == 413) message = "The request is larger than the tracker accepts: " + message;
    return jira_error_response(status, {std::move(message)});
  };
  const TrackerService* svc = impl->service.get();
  const bool log = s.opt.log_requests;
  auto server = net::HttpServer::start(so, [svc, log](const net::HttpRequest& req) {
    if (!log) return svc->handle(req);
    const auto start = std::chrono::steady_clock::now();
    net::HttpResponse res = svc->handle(req);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    // Only the path: a query may carry search text, and headers carry credentials.
    const std::string path = req.target.substr(0, req.target.find('?'));
    std::fprintf(stderr, "tracker: %s %s %d %.1f ms\n", req.method.c_str(), path.c_str(), res.status,
                 static_cast<double>(us.count()) / 1000.0);
    return res;
  });
  if (!server) return server.error();
  impl->server = std::move(*server);
  const bool v6 = s.opt.host.find(':') != std::string::npos;
  impl->service->set_base_url(!s.opt.base_url.empty()
                                  ? s.opt.base_url
                                  : "http://" + (v6 ? "[" + s.opt.host + "]" : s.opt.host) + ":" +
                                        std::to_string(impl->server->port()));
  {
    std::lock_guard lock(s.mu);
    impl->base_url = s.base_url;
  }
  impl->dispatcher = std::make_unique<WebhookDispatcher>(s);
  WebhookDispatcher* d = impl->dispatcher.get();
  {
    std::lock_guard lock(s.mu);
    s.wake_webhooks = [d] { d->wake(); };
  }
  impl->dispatcher->start();
  return std::unique_ptr<Tracker>(new Tracker(std::move(impl)));
}

Tracker::Tracker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Tracker::~Tracker() { stop(); }

std::uint16_t Tracker::port() const { return impl_->server->port(); }

const std::string& Tracker::base_url() const { return impl_->base_url; }

const std::optional<SeededAdmin>& Tracker::seeded_admin() const { return impl_->service->seeded_admin(); }

bool Tracker::webhooks_pending() const {
  TrackerState& s = impl_->service->state();
  std::lock_guard lock(s.mu);
  auto next = s.store->next_delivery_time();
  return !next || next->has_value();  // an unreadable store counts as pending: never a false "done"
}

void Tracker::stop() {
  if (impl_->server) impl_->server->stop();
  if (impl_->dispatcher) impl_->dispatcher->stop();
}

}  // namespace twinsync::tracker
