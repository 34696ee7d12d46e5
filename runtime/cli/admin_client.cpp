// admin_client.cpp — HTTP calls to the admin API for the operation commands.
#include "runtime/cli/admin_client.h"

#include <cstdlib>

#include "runtime/net/http.h"

namespace twinsync::cli {

void add_node_options(CLI::App& app, NodeTarget& target) {
  const char* env = std::getenv("TWINSYNC_NODE");
  target.url = env && *env ? env : "http://127.0.0.1:7700";
  app.add_option("--node", target.url, "the node's URL (default $TWINSYNC_NODE or http://127.0.0.1:7700)");
  app.add_option("--token-env", target.token_env, "environment variable holding the node's admin token");
  app.add_flag("--json", target.json, "print the node's JSON answer");
}

Result<nlohmann::json> admin_call(const NodeTarget& target, const std::string& method, const std::string& path,
                                  const nlohmann::json& body) {
  auto endpoint = net::parse_endpoint(target.url);
  if (!endpoint) return make_error("--node " + target.url + ": " + endpoint.error().message, "usage");
  auto client = net::make_http_client(*endpoint);
  if (!client) return client.error();
  net::HttpRequest request;
  request.method = method;
  request.target = endpoint->base_path + path;
  request.headers.push_back({"Accept", "application/json"});
  if (!body.is_null()) {
    request.body = body.dump();
    request.headers.push_back({"Content-Type", "application/json"});
  }
  if (!target.token_env.empty()) {
    const char* token = std::getenv(target.token_env.c_str());
    if (!token) return make_error("$" + target.token_env + " is not set", "usage");
    request.headers.push_back({"Authorization", std::string("Bearer ") + token});
  }
  auto response = (*client)->send(request);
  if (!response) return make_error("cannot reach the node at " + target.url + ": " + response.error().message, "unreachable");
  nlohmann::json j = nlohmann::json::parse(response->body, nullptr, false);
  if (response->status >= 400) {
    const std::string why = j.is_object() && j.contains("error") ? j["error"].get<std::string>() : response->body;
    return make_error(why, response->status == 401 ? "usage" : "refused");
  }
  if (j.is_discarded()) return make_error("the node answered something that is not JSON", "refused");
  return j;
}

}  // namespace twinsync::cli
