// admin_client.cpp — finding the node and its token, and one HTTP call to the admin API.
#include "runtime/cli/admin_client.h"

#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "runtime/net/http.h"
#include "runtime/node/node_secrets.h"
#include "runtime/node/config.h"

namespace twinsync::cli {
namespace {

struct Resolved {
  std::string url;
  node::SecretRef token;
};

bool loopback(const std::string& host) {
  return host == "127.0.0.1" || host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

Result<node::NodeConfig> node_from_file(const NodeTarget& t) {
  auto text = read_file(t.config);
  if (!text) return make_error("--config: " + text.error().message, ErrorKind::Usage);
  const SourceFile file(t.config, *text);
  DiagnosticSink sink;
  auto nodes = node::parse_node_configs(file, sink);
  if (!nodes) return make_error("--config " + t.config + " is not a valid node file (twinsync lint shows why)", ErrorKind::Usage);
  for (node::NodeConfig& n : *nodes) {
    if (t.node_name.empty() || n.name == t.node_name) return std::move(n);
  }
  return make_error("--config " + t.config + " has no node named " + t.node_name, ErrorKind::Usage);
}

// The explicit options first, then what the node file says.
Result<Resolved> resolve(const NodeTarget& t) {
  Resolved r{t.url, {}};
  r.token.env = t.token_env;
  r.token.file = t.token_env.empty() ? t.token_file : "";
  if (t.config.empty()) return r;
  auto n = node_from_file(t);
  if (!n) return n.error();
  if (!t.url_given) {
    auto listen = node::parse_listen(n->listen);
    if (listen && listen->port != 0) {
      const bool any = listen->host == "0.0.0.0" || listen->host == "::";
      r.url = "http://" + (any ? std::string("127.0.0.1") : listen->host) + ":" + std::to_string(listen->port);
    } else if (!n->public_url.empty()) {
      r.url = n->public_url;
    }
  }
  if (r.token.empty()) {
    // The node file's token goes only to the node that file describes, never to a --node
    // or $TWINSYNC_NODE given beside it (which may be anyone's).
    if (t.url_given) return r;
    r.token = n->admin_token;
    if (r.token.file.size() && std::filesystem::path(r.token.file).is_relative()) {
      r.token.file = (std::filesystem::path(n->base_dir) / r.token.file).string();
    }
    if (r.token.empty()) {
      const std::filesystem::path store = std::filesystem::path(n->base_dir) / n->store;
      r.token.file = node::default_admin_token_path(store.string());
    }
  }
  return r;
}

}  // namespace

void add_node_options(CLI::App& app, NodeTarget& target) {
  const char* env = std::getenv("TWINSYNC_NODE");
  target.url_given = env && *env;
  target.url = target.url_given ? env : "http://127.0.0.1:7700";
  if (const char* config = std::getenv("TWINSYNC_CONFIG"); config && *config) target.config = config;
  app.add_option_function<std::string>(
      "--node", [&target](const std::string& url) { target.url = url, target.url_given = true; },
      "the node's URL (default $TWINSYNC_NODE, the node file's listen, or http://127.0.0.1:7700)");
  app.add_option("--config", target.config, "the node file: its listen address and admin token (default $TWINSYNC_CONFIG)");
  app.add_option("--node-name", target.node_name, "the node of a --config file with several");
  app.add_option("--token-env", target.token_env, "environment variable holding the node's admin token");
  app.add_option("--token-file", target.token_file, "file holding the node's admin token (readable by its owner only)");
  app.add_flag("--json", target.json, "print the node's JSON answer");
}

Result<nlohmann::json> admin_call(const NodeTarget& target, const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  auto where = resolve(target);
  if (!where) return where.error();
  auto endpoint = net::parse_endpoint(where->url);
  if (!endpoint) return make_error("--node " + where->url + ": " + endpoint.error().message, ErrorKind::Usage);
  net::ClientOptions options;
  options.request_timeout = target.timeout;
  auto client = net::make_http_client(*endpoint, options);
  if (!client) return make_error(client.error().message, ErrorKind::Usage);
  net::HttpRequest request;
  request.method = method;
  request.target = endpoint->base_path + path;
  request.headers.push_back({"Accept", "application/json"});
  if (method != "GET") {
    request.body = body.is_null() ? "{}" : body.dump();
    request.headers.push_back({"Content-Type", "application/json"});
  }
  if (!where->token.empty()) {
    if (endpoint->scheme == "http" && !loopback(endpoint->host)) {
      // A bearer token in clear text over a network is anyone's on the path.
      return make_error("refusing to send the admin token to " + where->url +
                            " over plain http; use https (a TLS proxy in front of the node) or a loopback address",
                        ErrorKind::Usage);
    }
    auto token = node::resolve_secret(where->token);
    if (!token) return make_error("admin token: " + token.error().message, ErrorKind::Usage);
    request.headers.push_back({"Authorization", "Bearer " + *token});
  }
  auto response = (*client)->send(request);
  if (!response) return make_error("cannot reach the node at " + where->url + ": " + response.error().message, ErrorKind::Unreachable);
  nlohmann::json j = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status >= 400) {
    const std::string why = j.is_object() && j.contains("error") && j["error"].is_string() ? j["error"].get<std::string>()
                                                                                            : "the node answered " + std::to_string(response->status);
    return make_error(why, response->status == 401 || response->status == 403 ? ErrorKind::Usage : response->status >= 500 ? ErrorKind::Unreachable : ErrorKind::Refused);
  }
  if (j.is_discarded()) return make_error("the node answered something that is not JSON", ErrorKind::Unreachable);
  return j;
}

int report_failure(const std::string& command, const Error& e) {
  std::cerr << "twinsync " << command << ": error: " << e.message << "\n";
  return e.kind == ErrorKind::Refused ? kExitInputError : kExitUsage;
}

}  // namespace twinsync::cli
