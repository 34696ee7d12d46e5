// admin_api.cpp — the admin API's routes over a Node.
#include "runtime/admin/admin_api.h"

#include <nlohmann/json.hpp>

#include "compiler/support/numbers.h"
#include "runtime/admin/admin_reply.h"
#include "runtime/admin/admin_manage.h"
#include "runtime/net/router.h"
#include "runtime/node/node.h"

namespace twinsync::admin {
namespace {

json error_json(const store::ErrorRecord& e) {
  return {{"id", e.id},           {"connection", e.connection}, {"localKey", e.local_key},
          {"remoteKey", e.remote_key}, {"direction", e.direction}, {"eventId", e.event_id},
          {"kind", e.kind},       {"message", e.message},       {"created", e.created_ms}};
}

net::Router build(node::Node& n) {
  net::Router r([](int status, std::string message) { return reply(status, {{"error", message}}); });
  r.add("GET", "/admin/v1/status", [&n](const net::RouteContext&) {
    auto s = n.status();
    if (!s) return failure(s.error());
    json conns = json::array();
    for (const auto& c : *s) {
      conns.push_back({{"name", c.name}, {"state", c.state}, {"rules", c.rules_version}, {"peer", c.peer},
                       {"twins", c.twins}, {"lastSync", c.last_sync_ms}, {"pendingOut", c.pending_out},
                       {"pendingIn", c.pending_in}, {"openErrors", c.open_errors}, {"alert", c.alert},
                       {"description", c.description}, {"local", c.local}, {"remote", c.remote},
                       {"lastSyncKey", c.last_sync_key}, {"title", c.title}});
    }
    return reply(200, {{"node", n.name()}, {"connections", conns}});
  });
  r.add("GET", "/admin/v1/issues/{key}", [&n](const net::RouteContext& ctx) {
    auto s = n.issue_status(ctx.capture("key"));
    if (!s) return failure(s.error());
    json out = json::array();
    for (const auto& i : *s) {
      out.push_back({{"connection", i.connection}, {"localKey", i.local_key}, {"remoteKey", i.remote_key},
                     {"state", i.state}, {"reason", i.reason}, {"lastSync", i.last_sync_ms}});
    }
    return reply(200, {{"key", ctx.capture("key")}, {"twins", out}});
  });
  r.add("GET", "/admin/v1/errors", [&n](const net::RouteContext&) {
    auto e = n.errors();
    if (!e) return failure(e.error());
    json out = json::array();
    for (const auto& x : *e) out.push_back(error_json(x));
    return reply(200, {{"errors", out}});
  });
  for (const char* op : {"retry", "resolve"}) {
    const std::string verb = op;
    r.add("POST", "/admin/v1/errors/{id}/" + verb, [&n, verb](const net::RouteContext& ctx) {
      const std::optional<int64_t> id = parse_int<int64_t>(ctx.capture("id"));
      if (!id) return reply(400, {{"error", "an error id is a number"}});
      return done(verb == "retry" ? n.retry(*id) : n.resolve(*id));
    });
  }
  r.add("POST", "/admin/v1/connections/{c}/exalate", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto key = field(*b, "key");
    if (!key) return failure(key.error());
    auto s = n.exalate(ctx.capture("c"), *key);
    if (!s) return failure(s.error());
    return reply(200, {{"ok", true}, {"sent", s->kind == sync::StepResult::Sent}, {"message", s->message}});
  });
  r.add("POST", "/admin/v1/connections/{c}/unexalate", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto key = field(*b, "key");
    if (!key) return failure(key.error());
    return done(n.unexalate(ctx.capture("c"), *key));
  });
  r.add("POST", "/admin/v1/connections/{c}/connect", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto key = field(*b, "key");
    auto remote = field(*b, "remote");
    if (!key) return failure(key.error());
    if (!remote) return failure(remote.error());
    return done(n.connect(ctx.capture("c"), *key, *remote));
  });
  r.add("POST", "/admin/v1/connections/{c}/pause", [&n](const net::RouteContext& ctx) { return done(n.pause(ctx.capture("c"))); });
  r.add("POST", "/admin/v1/connections/{c}/resume", [&n](const net::RouteContext& ctx) { return done(n.resume(ctx.capture("c"))); });
  r.add("POST", "/admin/v1/connections/{c}/bulk", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto trigger = field(*b, "trigger");
    if (!trigger) return failure(trigger.error());
    auto job = n.start_bulk(ctx.capture("c"), *trigger);
    if (!job) return failure(job.error());
    return reply(202, {{"ok", true}, {"job", *job}});
  });
  r.add("GET", "/admin/v1/jobs/{id}", [&n](const net::RouteContext& ctx) {
    auto job = n.bulk_job(parse_int<int64_t>(ctx.capture("id")).value_or(0));
    if (!job) return reply(404, {{"error", "no such job"}});
    return reply(200, {{"done", job->done.load()}, {"total", job->total.load()}, {"queued", job->queued.load()},
                       {"finished", job->finished.load()}, {"error", job->finished ? job->error : ""}});
  });
  r.add("POST", "/admin/v1/connections/{c}/invite", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    const json ttl = b->value("ttl_seconds", json(86400));
    if (!ttl.is_number_integer() || ttl.get<int64_t>() <= 0) return reply(400, {{"error", "ttl_seconds must be a positive whole number"}});
    auto code = n.invite(ctx.capture("c"), std::chrono::seconds(ttl.get<int64_t>()));
    if (!code) return failure(code.error());
    return reply(200, {{"code", *code}});
  });
  r.add("POST", "/admin/v1/invitations/accept", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto code = field(*b, "code");
    if (!code) return failure(code.error());
    const json conn = b->value("connection", json(""));
    if (!conn.is_string()) return reply(400, {{"error", "connection must be a text"}});
    const json replace = b->value("replace", json(false));
    if (!replace.is_boolean()) return reply(400, {{"error", "replace must be true or false"}});
    std::string replaced;
    auto peer = n.accept_invitation(*code, conn.get<std::string>(), replace.get<bool>(), &replaced);
    if (!peer) return failure(peer.error());
    json out = {{"connection", peer->connection}, {"remote_connection", peer->remote_connection},
                {"remote_url", peer->remote_url}};
    if (!replaced.empty()) out["replaced"] = replaced;
    return reply(200, out);
  });
  r.add("GET", "/admin/v1/connections/{c}/history/{key}", [&n](const net::RouteContext& ctx) {
    auto h = n.history(ctx.capture("c"), ctx.capture("key"));
    if (!h) return failure(h.error());
    json out = json::array();
    for (const auto& e : *h) {
      out.push_back({{"direction", e.direction}, {"eventId", e.event_id}, {"rules", e.rules_version},
                     {"outcome", e.outcome}, {"fields", e.fields}, {"at", e.at_ms}});
    }
    return reply(200, {{"key", ctx.capture("key")}, {"history", out}});
  });
  add_management_routes(r, n);
  return r;
}

}  // namespace

net::HttpResponse handle(node::Node& node, const net::HttpRequest& request) {
  // Built per call: routes capture the node by reference and are cheap to make.
  return build(node).dispatch(request);
}

}  // namespace twinsync::admin
