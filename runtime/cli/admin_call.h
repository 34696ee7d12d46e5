// admin_call.h — how CLI commands that drive a running node talk to its admin API: one JSON POST
// to --node URL, with the node's refusal turned into a printed error and an exit code.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace twinsync::cli {

/// POSTs `body` to `node_url` + `path` and returns the answer's JSON object on 200. Otherwise
/// prints "twinsync COMMAND: error: …" on stderr, sets `exit_code` (2: unreachable node or
/// server error, 1: the node refused the request) and returns nullopt.
std::optional<nlohmann::json> admin_post(const std::string& command, const std::string& node_url,
                                         const std::string& path, const nlohmann::json& body, int& exit_code);

}  // namespace twinsync::cli
