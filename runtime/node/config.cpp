// config.cpp — the node block, checked setting by setting.
#include "runtime/node/config.h"

#include <algorithm>
#include <sys/stat.h>

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "compiler/check/suggest.h"
#include "compiler/driver/compile.h"
#include "compiler/parse/parse.h"
#include "compiler/support/numbers.h"
#include "runtime/node/file_read.h"

namespace twinsync::node {
namespace {

using Setting = ast::Setting;

struct Reader {
  DiagnosticSink& sink;

  void unknown(const Setting& s, const std::set<std::string>& known, const std::string& where) {
    std::vector<std::string> names(known.begin(), known.end());
    sink.report(DiagId::UnknownSetting, s.span, "no setting `" + s.name + "` in " + where).help = did_you_mean(s.name, names);
  }

  std::string text(const Setting& s) {
    if (s.value && s.value->kind == ast::ExprKind::Literal && s.value->literal.is_string()) {
      return std::string(s.value->literal.as_string());
    }
    if (s.value && s.value->kind == ast::ExprKind::Name) return s.value->name;
    sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span, "`" + s.name + "` takes a text");
    return {};
  }

  double number(const Setting& s) {
    if (s.value && s.value->kind == ast::ExprKind::Literal && s.value->literal.is_number()) return s.value->literal.as_number();
    sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span, "`" + s.name + "` takes a number");
    return 0;
  }

  // A whole number within [lo, hi]; anything else is reported (a cast of 1e300 to int is undefined).
  int whole(const Setting& s, int lo, int hi) {
    const double v = number(s);
    if (v >= lo && v <= hi && v == static_cast<double>(static_cast<int>(v))) return static_cast<int>(v);
    sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span,
                "`" + s.name + "` takes a whole number from " + std::to_string(lo) + " to " + std::to_string(hi));
    return lo;
  }

  bool flag(const Setting& s) {
    if (!s.value) return true;
    if (s.value->kind == ast::ExprKind::Literal && s.value->literal.is_bool()) return s.value->literal.as_bool();
    sink.report(DiagId::TypeMismatch, s.value->span, "`" + s.name + "` takes true or false");
    return false;
  }

  SecretRef secret(const Setting& s) {
    SecretRef ref;
    const ast::Expr* v = s.value.get();
    if (v && v->kind == ast::ExprKind::Call && v->args.size() == 1 && v->args[0]->kind == ast::ExprKind::Literal &&
        v->args[0]->literal.is_string()) {
      const std::string arg(v->args[0]->literal.as_string());
      if (v->name == "env") ref.env = arg;
      if (v->name == "file") ref.file = arg;
    }
    // An inline secret was reported by the checker already; anything else is wrong here.
    if (ref.empty() && v && v->kind != ast::ExprKind::Literal) {
      sink.report(DiagId::TypeMismatch, v->span, "`" + s.name + "` is read from env(\"NAME\") or file(\"path\")");
    }
    return ref;
  }

  void tracker(const Setting& block, TrackerConfig& t) {
    static const std::set<std::string> known = {"url", "flavour", "api", "user", "token", "bearer", "poll", "jql",
                                                "registerWebhook", "requestsPerSecond", "coalesceMs",
                                                "dedicatedAccount"};
    for (const Setting& s : block.children) {
      if (s.name == "url") t.url = text(s);
      else if (s.name == "flavour") t.flavour = text(s);
      else if (s.name == "api") t.api = whole(s, 2, 3);
      else if (s.name == "user") t.user = text(s);
      else if (s.name == "token") t.token = secret(s);
      else if (s.name == "bearer") t.bearer = flag(s);
      else if (s.name == "poll") t.poll_seconds = whole(s, 0, 86400);
      else if (s.name == "jql") t.poll_jql = text(s);
      else if (s.name == "registerWebhook") t.register_webhook = flag(s);
      else if (s.name == "requestsPerSecond") t.requests_per_second = number(s);
      else if (s.name == "coalesceMs") t.coalesce_ms = whole(s, 0, 10000);
      else if (s.name == "dedicatedAccount") t.dedicated_account = flag(s);
      else unknown(s, known, "a tracker");
    }
    if (t.url.empty()) sink.report(DiagId::UnknownSetting, block.span, "the tracker needs a `url`");
    if (t.flavour != "auto" && t.flavour != "cloud" && t.flavour != "datacenter") {
      sink.report(DiagId::UnknownSetting, block.span, "flavour is auto, cloud or datacenter, not `" + t.flavour + "`");
    }
  }

  void connection(const Setting& block, ConnectionConfig& c) {
    static const std::set<std::string> known = {"rules", "peer", "conflict", "syncBack", "twinUrl"};
    c.name = block.value && block.value->kind == ast::ExprKind::Name ? block.value->name : text(block);
    for (const Setting& s : block.children) {
      if (s.name == "rules") c.rules = text(s);
      else if (s.name == "peer") c.peer = text(s);
      else if (s.name == "syncBack") c.sync_back = text(s);
      else if (s.name == "twinUrl") {
        c.twin_url = text(s);
        const bool web = c.twin_url.rfind("https://", 0) == 0 || c.twin_url.rfind("http://", 0) == 0;
        const bool clean = std::none_of(c.twin_url.begin(), c.twin_url.end(), [](unsigned char ch) { return ch <= 0x20 || ch == 0x7f; });
        if (!web || !clean || c.twin_url.size() > 500) {
          sink.report(DiagId::UnknownSetting, s.span, "twinUrl is an http(s) URL of the other tracker, e.g. \"https://dev.example.com\" or \"https://dev.example.com/browse/\\{key\\}\"");
        }
      }
      else if (s.name == "conflict") {
        for (const Setting& f : s.children) {
          const std::string policy = text(f);
          if (policy != "remote" && policy != "local" && policy != "newest" && policy != "error") {
            sink.report(DiagId::UnknownSetting, f.span, "a conflict policy is remote, local, newest or error");
          }
          c.conflict[f.name] = policy;
        }
      } else {
        unknown(s, known, "a connection");
      }
    }
    if (c.rules.empty()) sink.report(DiagId::UnknownSetting, block.span, "connection `" + c.name + "` needs `rules`");
  }
};

}  // namespace

std::string served_url(const std::string& listen, std::uint16_t port) {
  return "http://" + listen.substr(0, listen.rfind(':')) + ":" + std::to_string(port);
}

Result<ListenAddress> parse_listen(const std::string& listen) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) return make_error("listen takes \"HOST:PORT\", not \"" + listen + "\"", ErrorKind::Config);
  ListenAddress a;
  a.host = listen.substr(0, colon);
  if (a.host.size() > 2 && a.host.front() == '[' && a.host.back() == ']') a.host = a.host.substr(1, a.host.size() - 2);
  const std::string port = listen.substr(colon + 1);
  const std::optional<uint16_t> value = parse_int<uint16_t>(port);
  if (!value) return make_error("listen \"" + listen + "\": the port is a number from 0 to 65535", ErrorKind::Config);
  a.port = *value;
  return a;
}

Result<std::string> resolve_secret(const SecretRef& ref) {
  if (!ref.env.empty()) {
    const char* v = std::getenv(ref.env.c_str());
    if (!v || !*v) return make_error("the secret env(\"" + ref.env + "\") is not set", ErrorKind::Config);
    return std::string(v);
  }
  if (!ref.file.empty()) {
    FileReadRules rules;
    rules.max_bytes = 64 * 1024;
    rules.owner_only = true;
    auto text = read_checked_file(ref.file, "the secret file", rules);
    if (!text) return text.error();
    std::string v = std::move(*text);
    while (!v.empty() && (v.back() == '\n' || v.back() == '\r')) v.pop_back();
    if (v.empty()) return make_error("the secret file(\"" + ref.file + "\") is empty", ErrorKind::Config);
    return v;
  }
  return make_error("no secret configured", ErrorKind::Config);
}

namespace {

NodeConfig read_node(const ast::NodeDecl& n, const std::string& base_dir, DiagnosticSink& sink) {
  NodeConfig c;
  c.name = n.name;
  c.base_dir = base_dir;
  Reader r{sink};
  static const std::set<std::string> known = {"listen", "url", "store", "adminToken", "webhookSecret", "masterKey", "workers", "maxAttachmentMiB",
                                              "retentionDays", "backlogAlert", "metricsListen", "waitingLinkAfter",
                                              "tracker", "connection"};
  for (const Setting& s : n.settings) {
    if (s.name == "listen") {
      c.listen = r.text(s);
      if (auto ok = parse_listen(c.listen); !ok) sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span, ok.error().message);
    }
    else if (s.name == "metricsListen") {
      c.metrics_listen = r.text(s);
      if (auto ok = parse_listen(c.metrics_listen); !ok) {
        sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span, ok.error().message);
      }
    }
    else if (s.name == "url") c.public_url = r.text(s);
    else if (s.name == "store") c.store = r.text(s);
    else if (s.name == "adminToken") c.admin_token = r.secret(s);
    else if (s.name == "webhookSecret") c.webhook_secret = r.secret(s);
    else if (s.name == "masterKey") c.master_key = r.secret(s);
    else if (s.name == "workers") c.workers = r.whole(s, 1, 64);
    else if (s.name == "retentionDays") c.retention_days = r.whole(s, 0, 36500);
    else if (s.name == "backlogAlert") c.backlog_alert = r.whole(s, 1, 2000000000);
    else if (s.name == "waitingLinkAfter") c.waiting_link_after_s = r.whole(s, 1, 86400);
    else if (s.name == "maxAttachmentMiB") {
      const double mib = r.number(s);
      if (mib < 1 || mib > 1024) sink.report(DiagId::TypeMismatch, s.value ? s.value->span : s.span, "`maxAttachmentMiB` is from 1 to 1024");
      else c.max_attachment_bytes = static_cast<size_t>(mib * 1024 * 1024);
    }
    else if (s.name == "tracker") r.tracker(s, c.tracker);
    else if (s.name == "connection") {
      ConnectionConfig cc;
      r.connection(s, cc);
      c.connections.push_back(std::move(cc));
    } else {
      r.unknown(s, known, "a node");
    }
  }
  if (c.store.empty()) sink.report(DiagId::UnknownSetting, n.span, "node `" + c.name + "` needs a `store` (a SQLite file)");
  if (c.connections.empty()) sink.report(DiagId::UnknownSetting, n.span, "node `" + c.name + "` has no `connection`");
  if (c.workers < 1 || c.workers > 64) c.workers = NodeConfig::kDefaultWorkers;
  if (c.retention_days < 0) c.retention_days = 30;
  if (c.backlog_alert < 1) c.backlog_alert = 10000;
  if (c.waiting_link_after_s < 1) c.waiting_link_after_s = 10;
  return c;
}

}  // namespace

std::optional<std::vector<NodeConfig>> parse_node_configs(const SourceFile& file, DiagnosticSink& sink) {
  Schema schema;
  ast::File ast = check_source(file, schema, sink);  // the checker reports inline secrets
  if (ast.nodes.empty()) {
    sink.report(DiagId::UnknownSetting, {0, 0}, "this file has no `node NAME { … }` block");
    return std::nullopt;
  }
  const std::string base_dir = std::filesystem::path(file.path()).parent_path().string();
  std::vector<NodeConfig> out;
  for (const ast::NodeDecl& n : ast.nodes) out.push_back(read_node(n, base_dir, sink));
  if (sink.has_errors()) return std::nullopt;
  return out;
}

std::optional<NodeConfig> parse_node_config(const SourceFile& file, DiagnosticSink& sink) {
  auto all = parse_node_configs(file, sink);
  if (!all) return std::nullopt;
  return std::move(all->front());
}

Result<jira::JiraConfig> jira_config(const TrackerConfig& t) {
  jira::JiraConfig j;
  j.base_url = t.url;
  j.flavour = t.flavour == "cloud" ? jira::FlavourSetting::Cloud
              : t.flavour == "datacenter" ? jira::FlavourSetting::DataCenter
                                          : jira::FlavourSetting::Auto;
  j.api_version = t.api;
  if (!t.token.empty()) {
    auto secret = resolve_secret(t.token);
    if (!secret) return secret.error();
    j.credentials = t.bearer ? jira::Credentials::bearer(*secret) : jira::Credentials::basic(t.user, *secret);
  }
  if (t.requests_per_second > 0) {
    // A burst of one second's worth; a fifth of it stays free for live changes during a bulk run.
    j.budget = std::make_shared<jira::RequestBudget>(t.requests_per_second, t.requests_per_second, t.requests_per_second / 5);
  }
  return j;
}

}  // namespace twinsync::node
