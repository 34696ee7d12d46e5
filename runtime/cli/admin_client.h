// admin_client.h — how the operation commands reach a node's admin API (`--node URL`).
#pragma once

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/support/result.h"

namespace twinsync::cli {

struct NodeTarget {
  std::string url;        // --node, or $TWINSYNC_NODE, or http://127.0.0.1:7700
  std::string token_env;  // --token-env: the environment variable holding the admin token
  bool json = false;      // --json: print the API's answer as it is
};

/// Adds --node, --token-env and --json to a subcommand.
void add_node_options(CLI::App& app, NodeTarget& target);

/// One admin API call; errors say what went wrong (node unreachable, refused, the API's message).
Result<nlohmann::json> admin_call(const NodeTarget& target, const std::string& method, const std::string& path,
                                  const nlohmann::json& body = nlohmann::json());

}  // namespace twinsync::cli
