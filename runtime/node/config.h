// config.h — a node's configuration: the `node NAME { … }` block of a .sync file. It names the
// tracker the node serves (URL, credentials by reference), where it listens, its store, and its
// connections with their rule files. Secrets are never written inline: `env("NAME")` or
// `file("path")` (a file only its owner may read).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "compiler/support/result.h"
#include "runtime/jira/config.h"

namespace twinsync::node {

/// A secret as configured: where to read it, never its value.
struct SecretRef {
  std::string env;   // environment variable name
  std::string file;  // path of a file only its owner can read
  bool empty() const { return env.empty() && file.empty(); }
  std::string describe() const { return env.empty() ? "file(\"" + file + "\")" : "env(\"" + env + "\")"; }
};

/// Reads a secret; a missing variable, an unreadable file or a file others can read is an error
/// that names the reference, never the value.
Result<std::string> resolve_secret(const SecretRef& ref);

struct TrackerConfig {
  std::string url;
  std::string flavour = "auto";  // auto | cloud | datacenter
  int api = 0;                   // 0: by flavour
  std::string user;              // e-mail (Cloud) or user name (Data Center)
  SecretRef token;               // API token (Basic) or personal access token
  bool bearer = false;           // token is a bearer token
  int poll_seconds = 30;         // 0: no polling (webhooks only)
  std::string poll_jql;          // limits polling; empty: every issue
  bool register_webhook = false; // register the node's webhook URL on the tracker at start
  // Notices of one issue within this window cost one read. Short: a burst from one client comes
  // within milliseconds, a late delivery of a change already read costs nothing anyway, and
  // every change waits the window (100 ms made low-load latency miss its 100 ms goal).
  int coalesce_ms = 25;
  bool dedicated_account = false;  // `user` is the node's alone: its own writes' webhooks need no read
  double requests_per_second = 0;  // the node's own budget on this tracker; 0: unlimited
};

struct ConnectionConfig {
  std::string name;
  std::string rules;             // path of the .sync file, relative to the node file
  std::string peer;              // "local:NODE/CONNECTION" in one process; otherwise paired by
                                 // invitation (twinsync invite/accept), the peer kept in the store
  std::map<std::string, std::string> conflict;  // field (or "default") -> remote|local|newest|error
  std::string sync_back;         // custom field receiving the remote key
  std::string twin_url;          // where twins open on the other tracker: a base URL, or a template with {key}
  /// Joined to a connection of another node in this process ("local:NODE/CONNECTION").
  bool local_peer() const { return peer.rfind("local:", 0) == 0; }
};

struct NodeConfig {
  std::string name;
  std::string listen = "127.0.0.1:0";  // admin API, webhooks and peers
  std::string metrics_listen;    // a listener for /metrics and health without the token ("" = none)
  std::string public_url;        // how peers and the tracker reach this node
  std::string store;             // SQLite file, relative to the node file
  SecretRef admin_token;         // bearer token of the admin API; none: made beside the store
  SecretRef webhook_secret;      // in the webhook URL's path or its X-Hub-Signature; none: made beside the store
  SecretRef master_key;          // seals secrets in the store
  // Incoming workers (lanes). An apply mostly waits (on its tracker's answer, on the store's
  // commit), so lanes overlap those waits: on 2 cores, 2 -> 8 took a bulk of 10,000 issues with
  // 7 comments from 137 to 106-113 s and p99 at 500 edits/s from 1.1-1.4 s to 0.85 s (BENCHMARKS.md).
  static constexpr int kDefaultWorkers = 8;
  int workers = kDefaultWorkers;
  size_t max_attachment_bytes = 10 * 1024 * 1024;  // per file sent; events and bodies follow from it
  int retention_days = 30;       // delivered/applied events, history and closed errors older go; 0: kept
  int64_t backlog_alert = 10000; // pending events of a connection past which status and the log alert
  // A twin the other side has not answered for this long shows "waiting for remote" on its issue
  // (sooner would cost a link write on every create, where the answer comes within a second).
  int waiting_link_after_s = 10;
  TrackerConfig tracker;
  std::vector<ConnectionConfig> connections;
  std::string base_dir;          // the directory of the node file
};

/// `listen "HOST:PORT"` split and checked (port 0 to 65535; 0: any free port).
struct ListenAddress {
  std::string host;
  uint16_t port = 0;
};
Result<ListenAddress> parse_listen(const std::string& listen);
/// http://host:port of a server started for `listen` (its port may have been 0: any free one).
std::string served_url(const std::string& listen, std::uint16_t port);

/// Reads the first `node` block of `file`; every problem goes to `sink` (exit 1 in the CLI).
std::optional<NodeConfig> parse_node_config(const SourceFile& file, DiagnosticSink& sink);
/// Every `node` block of `file`: one process can hold both sides of a connection, their
/// connections joined by `peer "local:NODE/CONNECTION"`.
std::optional<std::vector<NodeConfig>> parse_node_configs(const SourceFile& file, DiagnosticSink& sink);

/// The Jira connector's configuration for the node's tracker (the token read now).
Result<jira::JiraConfig> jira_config(const TrackerConfig& tracker);

}  // namespace twinsync::node
