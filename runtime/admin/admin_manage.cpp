// admin_manage.cpp — the admin API's routes for rules, triggers, statistics, labels and deleting a
// connection (admin_manage.h).
#include "runtime/admin/admin_manage.h"

#include "compiler/support/numbers.h"
#include "compiler/vm/value_json.h"
#include "runtime/admin/admin_reply.h"
#include "runtime/node/node.h"

namespace twinsync::admin {
namespace {

json version_json(const store::RuleVersion& v) {
  return {{"version", v.hash}, {"name", v.source_path}, {"author", v.author}, {"published", v.created_ms}};
}

json stats_json(const node::ConnectionStats& s) {
  json days = json::array();
  constexpr int64_t kDayMs = 24 * 60 * 60 * 1000;
  for (const auto& [day, counters] : s.days) days.push_back({{"day", day * kDayMs}, {"counters", counters}});
  const int64_t count = s.total.count("latency_count") ? s.total.at("latency_count") : 0;
  const int64_t sum = s.total.count("latency_ms_sum") ? s.total.at("latency_ms_sum") : 0;
  return {{"connection", s.connection}, {"twins", s.twins}, {"lastSync", s.last_sync_ms},
          {"lastSyncKey", s.last_sync_key}, {"total", s.total}, {"days", days},
          {"averageLatencyMs", count ? json(sum / count) : json(nullptr)}};
}

Result<int> days_of(const net::RouteContext& ctx) {
  const std::string text = ctx.target.param("days").value_or("7");
  if (text.empty() || text.size() > 3 || text.find_first_not_of("0123456789") != std::string::npos) {
    return make_error("days is a number from 1 to 366", ErrorKind::BadRequest);
  }
  return *parse_int<int>(text);
}

net::HttpResponse publish(node::Node& n, const net::RouteContext& ctx) {
  auto b = body_of(ctx);
  if (!b) return failure(b.error());
  auto author = optional_label(*b, "author", "admin API");
  if (!author) return failure(author.error());
  if (b->contains("text")) {
    auto text = field(*b, "text");
    if (!text) return failure(text.error());
    auto name = optional_label(*b, "name", "published.sync");
    if (!name) return failure(name.error());
    return done(n.publish_rules(ctx.capture("c"), *text, *name, *author));
  }
  if (b->contains("version")) {
    auto version = field(*b, "version");
    if (!version) return failure(version.error());
    return done(n.rollback_rules(ctx.capture("c"), *version, *author));
  }
  auto path = field(*b, "path");
  if (!path) {
    return failure(make_error("send the rules as \"text\", a kept \"version\", or a \"path\" in the connection's rules folder",
                              ErrorKind::BadRequest));
  }
  return done(n.reload_rules(ctx.capture("c"), *path));
}

net::HttpResponse lint(node::Node& n, const net::RouteContext& ctx) {
  auto b = body_of(ctx);
  if (!b) return failure(b.error());
  auto text = b->find("text");
  if (text == b->end() || !text->is_string()) return reply(400, {{"error", "missing \"text\""}});
  auto name = optional_label(*b, "name", "draft.sync");
  if (!name) return failure(name.error());
  auto diagnostics = n.lint_rules(ctx.capture("c"), text->get<std::string>(), *name);
  if (!diagnostics) return failure(diagnostics.error());
  return reply(200, {{"diagnostics", diagnostics_json(*diagnostics)}});
}

net::HttpResponse dry_run(node::Node& n, const net::RouteContext& ctx) {
  auto b = body_of(ctx);
  if (!b) return failure(b.error());
  auto text = field(*b, "text");
  if (!text) return failure(text.error());
  auto name = optional_label(*b, "name", "draft.sync");
  if (!name) return failure(name.error());
  std::vector<std::string> keys;
  const json k = b->value("keys", json::array());
  for (const auto& key : k.is_array() ? k : json::array()) {
    if (!key.is_string() || key.get<std::string>().empty() || key.get<std::string>().size() > 100) {
      return reply(400, {{"error", "keys is a list of issue keys"}});
    }
    keys.push_back(key.get<std::string>());
  }
  auto issues = n.dry_run(ctx.capture("c"), *text, *name, keys);
  if (!issues) return failure(issues.error());
  json out = json::array();
  for (const auto& d : *issues) {
    json fields = json::array();
    for (const auto& f : d.fields) {
      fields.push_back({{"field", f.name}, {"sent", value_to_json(f.sent)}, {"running", value_to_json(f.running)},
                        {"draft", value_to_json(f.draft)}});
    }
    out.push_back({{"key", d.key}, {"underSync", d.under_sync}, {"triggers", d.triggers}, {"error", d.error},
                   {"fields", fields}});
  }
  return reply(200, {{"issues", out}});
}

}  // namespace

json diagnostics_json(const std::vector<node::RuleDiagnostic>& diagnostics) {
  json out = json::array();
  for (const auto& d : diagnostics) {
    out.push_back({{"line", d.line}, {"column", d.column}, {"endLine", d.end_line}, {"endColumn", d.end_column},
                   {"severity", d.severity}, {"code", d.code}, {"message", d.message}, {"help", d.help}});
  }
  return out;
}

void add_management_routes(net::Router& r, node::Node& n) {
  r.add("GET", "/admin/v1/connections/{c}/rules", [&n](const net::RouteContext& ctx) {
    auto versions = n.rule_versions(ctx.capture("c"));
    if (!versions) return failure(versions.error());
    json out = json::array();
    for (const auto& v : *versions) {
      json one = version_json(v.version);
      one["running"] = v.running;
      out.push_back(std::move(one));
    }
    return reply(200, {{"connection", ctx.capture("c")}, {"versions", out}});
  });
  r.add("GET", "/admin/v1/connections/{c}/rules/{v}", [&n](const net::RouteContext& ctx) {
    auto v = n.rule_version(ctx.capture("c"), ctx.capture("v"));
    if (!v) return failure(v.error());
    json one = version_json(*v);
    one["text"] = v->source_text;
    return reply(200, one);
  });
  r.add("POST", "/admin/v1/connections/{c}/rules", [&n](const net::RouteContext& ctx) { return publish(n, ctx); });
  r.add("POST", "/admin/v1/connections/{c}/lint", [&n](const net::RouteContext& ctx) { return lint(n, ctx); });
  r.add("POST", "/admin/v1/connections/{c}/dry-run", [&n](const net::RouteContext& ctx) { return dry_run(n, ctx); });
  r.add("GET", "/admin/v1/connections/{c}/triggers", [&n](const net::RouteContext& ctx) {
    auto triggers = n.triggers(ctx.capture("c"), ctx.target.param("count").value_or("true") != "false");
    if (!triggers) return failure(triggers.error());
    json out = json::array();
    for (const auto& t : *triggers) {
      out.push_back({{"name", t.name}, {"jql", t.jql}, {"note", t.note}, {"active", t.active},
                     {"fileActive", t.file_active}, {"matches", t.matches < 0 ? json(nullptr) : json(t.matches)},
                     {"matchError", t.match_error}, {"lookups", t.lookups}});
    }
    return reply(200, {{"connection", ctx.capture("c")}, {"triggers", out}});
  });
  r.add("POST", "/admin/v1/connections/{c}/triggers/{name}", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    auto active = b->find("active");
    if (active == b->end() || !active->is_boolean()) return reply(400, {{"error", "send {\"active\": true} or false"}});
    return done(n.set_trigger(ctx.capture("c"), ctx.capture("name"), active->get<bool>()));
  });
  // A new title or description; the connection's name (its identity) never changes.
  r.add("POST", "/admin/v1/connections/{c}/label", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    std::optional<std::string> title, description;
    for (auto [field, into] : {std::pair{"title", &title}, std::pair{"description", &description}}) {
      auto it = b->find(field);
      if (it == b->end()) continue;
      if (!it->is_string()) return reply(400, {{"error", std::string(field) + " is a text"}});
      *into = it->get<std::string>();
    }
    if (!title && !description) return reply(400, {{"error", "send {\"title\": …} and/or {\"description\": …}"}});
    return done(n.relabel(ctx.capture("c"), title, description));
  });
  // Deleting is final: the operator says what becomes of the twins' history, there is no default.
  r.add("POST", "/admin/v1/connections/{c}/delete", [&n](const net::RouteContext& ctx) {
    auto b = body_of(ctx);
    if (!b) return failure(b.error());
    const json history = b->value("history", json());
    if (history != "keep" && history != "remove") {
      return reply(400, {{"error", "send {\"history\": \"keep\"} or {\"history\": \"remove\"}"}});
    }
    auto report = n.delete_connection(ctx.capture("c"), history == "remove");
    if (!report) return failure(report.error());
    return reply(200, {{"ok", true}, {"connection", report->connection}, {"paired", report->paired},
                       {"peerTold", report->peer_told}, {"peer", report->peer}, {"peerError", report->peer_error},
                       {"unexalated", report->unexalated}, {"historyRemoved", report->history_removed}});
  });
  auto stats = [&n](const net::RouteContext& ctx, const std::string& connection) {
    auto days = days_of(ctx);
    if (!days) return failure(days.error());
    auto s = n.stats(connection, *days);
    if (!s) return failure(s.error());
    json out = json::array();
    for (const auto& c : *s) out.push_back(stats_json(c));
    return reply(200, {{"connections", out}});
  };
  r.add("GET", "/admin/v1/stats", [stats](const net::RouteContext& ctx) { return stats(ctx, ""); });
  r.add("GET", "/admin/v1/connections/{c}/stats", [stats](const net::RouteContext& ctx) { return stats(ctx, ctx.capture("c")); });
}

}  // namespace twinsync::admin
