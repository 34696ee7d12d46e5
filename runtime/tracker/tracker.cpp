// tracker.cpp — assembling the tracker: store, catalog, seed, routes, server, webhook thread.
#include "runtime/tracker/tracker.h"

#include <chrono>
#include <cstdio>

#include "runtime/net/http_server.h"
#include "runtime/net/router.h"
#include "runtime/tracker/admin_ops.h"
#include "runtime/tracker/api_error.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"
#include "runtime/tracker/webhook_dispatcher.h"

namespace twinsync::tracker {

void TrackerState::reload_catalog() {
  if (auto c = store->load_catalog()) catalog = std::move(*c);
}

struct Tracker::Impl {
  TrackerState state;
  std::optional<SeededAdmin> admin;
  std::unique_ptr<net::Router> router;
  std::unique_ptr<net::HttpServer> server;
  std::unique_ptr<WebhookDispatcher> dispatcher;
};

namespace {

std::unique_ptr<net::Router> make_router(TrackerState& s) {
  auto r = std::make_unique<net::Router>([](int status, std::string message) {
    return jira_error_response(status, {std::move(message)});
  });
  // createmeta before issue/{key}: both match GET /rest/api/2/issue/createmeta.
  add_createmeta_routes(*r, s);
  add_meta_routes(*r, s);
  add_issue_routes(*r, s);
  add_search_routes(*r, s);
  add_comment_routes(*r, s);
  add_transition_routes(*r, s);
  add_attachment_routes(*r, s);
  add_history_routes(*r, s);
  add_user_routes(*r, s);
  add_link_routes(*r, s);
  add_remote_link_routes(*r, s);
  add_webhook_routes(*r, s);
  add_admin_routes(*r, s);
  return r;
}

// --webhook URLs: Server-style registrations for every event, made once per URL.
Status register_configured_webhooks(TrackerState& s) {
  auto existing = s.store->webhooks();
  if (!existing) return existing.error();
  for (const std::string& url : s.opt.webhook_urls) {
    if (!net::parse_url(url)) return make_error("--webhook " + url + " is not an http(s) URL", "bad_request");
    bool known = false;
    for (const Webhook& w : *existing) known = known || (w.url == url && w.flavour == "server");
    if (known) continue;
    Webhook w;
    w.name = "configured";
    w.url = url;
    w.flavour = "server";
    w.created = now_ms();
    if (auto id = s.store->insert_webhook(w); !id) return id.error();
  }
  return ok_status();
}

// --user name:email[:token] and --project KEY[:Name], each made once.
Status add_configured(TrackerState& s) {
  for (const std::string& spec : s.opt.users) {
    const size_t a = spec.find(':'), b = a == std::string::npos ? a : spec.find(':', a + 1);
    if (a == std::string::npos) return make_error("--user wants name:email[:token], got '" + spec + "'", "bad_request");
    const std::string name = spec.substr(0, a);
    const std::string email = spec.substr(a + 1, b == std::string::npos ? b : b - a - 1);
    if (s.catalog.user_by_any(email)) continue;
    auto u = create_user(s, NewUser{name, email, name, false});
    if (!u) return u.error();
    s.reload_catalog();
    if (b != std::string::npos) {
      if (auto t = create_token(s, u->account_id, "api", "--user", spec.substr(b + 1)); !t) return t.error();
    }
  }
  std::string lead;  // a copy: reload_catalog() below replaces the users
  for (const User& u : s.catalog.users) {
    if (u.admin && lead.empty()) lead = u.account_id;
  }
  for (const std::string& spec : s.opt.projects) {
    const size_t colon = spec.find(':');
    const std::string key = spec.substr(0, colon);
    if (s.catalog.project_by_key(key)) continue;
    auto p = create_project(s, key, colon == std::string::npos ? key : spec.substr(colon + 1),
                            lead);
    if (!p) return p.error();
    s.reload_catalog();
  }
  return ok_status();
}

}  // namespace

Result<std::unique_ptr<Tracker>> Tracker::start(TrackerOptions options) {
  auto impl = std::make_unique<Impl>();
  TrackerState& s = impl->state;
  s.opt = std::move(options);
  s.limiter.configure(s.opt.rate_limit);
  auto store = Store::open(s.opt.db_path.empty() ? ":memory:" : s.opt.db_path);
  if (!store) return store.error();
  s.store = std::move(*store);
  {
    std::lock_guard lock(s.mu);
    s.reload_catalog();
    auto admin = seed_if_empty(s);
    if (!admin) return admin.error();
    impl->admin = *admin;
    if (Status st = register_configured_webhooks(s); !st) return st.error();
    if (Status st = add_configured(s); !st) return st.error();
  }
  impl->router = make_router(s);
  net::ServerOptions so;
  so.host = s.opt.host;
  so.port = s.opt.port;
  so.worker_threads = s.opt.worker_threads;
  so.max_body_bytes = s.opt.max_attachment_bytes + 1024 * 1024;
  so.error_response = [](int status, std::string message) {
    if (status == 413) message = "The request is larger than the tracker accepts: " + message;
    return jira_error_response(status, {std::move(message)});
  };
  net::Router* router = impl->router.get();
  const bool log = s.opt.log_requests;
  auto server = net::HttpServer::start(so, [router, log](const net::HttpRequest& req) {
    if (!log) return router->dispatch(req);
    const auto start = std::chrono::steady_clock::now();
    net::HttpResponse res = router->dispatch(req);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() - start);
    // Only the path: a query may carry search text, and headers carry credentials.
    const std::string path = req.target.substr(0, req.target.find('?'));
    std::fprintf(stderr, "tracker: %s %s %d %.1f ms\n", req.method.c_str(), path.c_str(), res.status,
                 static_cast<double>(us.count()) / 1000.0);
    return res;
  });
  if (!server) return server.error();
  impl->server = std::move(*server);
  {
    std::lock_guard lock(s.mu);
    const bool v6 = s.opt.host.find(':') != std::string::npos;
    s.base_url = !s.opt.base_url.empty() ? s.opt.base_url
                                         : "http://" + (v6 ? "[" + s.opt.host + "]" : s.opt.host) + ":" +
                                               std::to_string(impl->server->port());
    while (!s.base_url.empty() && s.base_url.back() == '/') s.base_url.pop_back();
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

const std::string& Tracker::base_url() const { return impl_->state.base_url; }

const std::optional<SeededAdmin>& Tracker::seeded_admin() const { return impl_->admin; }

void Tracker::stop() {
  if (impl_->server) impl_->server->stop();
  if (impl_->dispatcher) impl_->dispatcher->stop();
}

}  // namespace twinsync::tracker
