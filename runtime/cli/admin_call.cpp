// admin_call.cpp — the admin API client shared by `invite` and `accept`.
#include "runtime/cli/admin_call.h"

#include <iostream>

#include "runtime/cli/exit_codes.h"
#include "runtime/net/http.h"
#include "runtime/transport/wire.h"

namespace twinsync::cli {

std::optional<nlohmann::json> admin_post(const std::string& command, const std::string& node_url,
                                         const std::string& path, const nlohmann::json& body, int& exit_code) {
  auto fail = [&](const std::string& message, int code) {
    std::cerr << "twinsync " << command << ": error: " << message << "\n";
    exit_code = code;
    return std::nullopt;
  };
  auto endpoint = net::parse_endpoint(node_url);
  if (!endpoint) return fail("--node: " + endpoint.error().message, kExitUsage);
  net::ClientOptions options;
  options.request_timeout = std::chrono::seconds(60);  // accept waits for the other node
  auto client = net::make_http_client(*endpoint, options);
  if (!client) return fail(client.error().message, kExitUsage);
  auto response = (*client)->send({"POST", path, {{"Content-Type", "application/json"}}, body.dump()});
  if (!response) return fail("cannot reach the node at " + node_url + ": " + response.error().message, kExitUsage);
  if (response->status != 200) {
    const int code = response->status >= 500 ? kExitUsage : kExitInputError;
    return fail("the node answered " + std::to_string(response->status) + ": " +
                    transport::describe_error_body(response->body),
                code);
  }
  auto doc = nlohmann::json::parse(response->body, nullptr, false);
  if (!doc.is_object()) return fail("the node's answer is not a JSON object", kExitUsage);
  return doc;
}

}  // namespace twinsync::cli
