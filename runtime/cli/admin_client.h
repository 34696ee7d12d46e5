// admin_client.h — how the operation commands reach a node's admin API: where the node is
// (`--node URL`, or the node file's `listen`), and its admin token (`--token-env`, `--token-file`,
// or the node file's `adminToken`, or the token file a node without one writes beside its store).
#pragma once

#include <CLI/CLI.hpp>
#include <chrono>
#include <nlohmann/json.hpp>
#include <string>

#include "compiler/support/result.h"

namespace twinsync::cli {

struct NodeTarget {
  std::string url;         // --node, or $TWINSYNC_NODE, or the node file's, or http://127.0.0.1:7700
  bool url_given = false;  // --node or $TWINSYNC_NODE set: the node file does not override it
  std::string token_env;   // --token-env: the environment variable holding the admin token
  std::string token_file;  // --token-file: a file (mode 0600) holding it
  std::string config;      // --config (or $TWINSYNC_CONFIG): the node file
  std::string node_name;   // --node-name: which node of a file with several
  bool json = false;       // --json: print the API's answer as it is
  std::chrono::seconds timeout{30};
};

/// Adds --node, --config, --node-name, --token-env, --token-file and --json to a subcommand.
void add_node_options(CLI::App& app, NodeTarget& target);

/// One admin API call; errors say what went wrong (node unreachable, refused, the API's message).
/// Error kinds: "usage" (bad options, no token), "unreachable", "refused" (the node said no).
Result<nlohmann::json> admin_call(const NodeTarget& target, const std::string& method, const std::string& path,
                                  const nlohmann::json& body = nlohmann::json());

/// Prints "twinsync COMMAND: error: …" and returns the exit code for the error's kind.
int report_failure(const std::string& command, const Error& error);

}  // namespace twinsync::cli
