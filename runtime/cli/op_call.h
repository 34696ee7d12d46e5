// op_call.h — shared by the operation commands: one admin API call, printed for people or as JSON.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>

#include "runtime/cli/admin_client.h"

namespace twinsync::cli {

/// Prints the error and returns its exit code (a node's refusal is an input error).
int fail(const Error& e);
/// A time for people: "2026-12-02 10:04 UTC", or "never" for 0.
std::string when(int64_t ms);
/// Runs a call and prints its JSON with --json, or lets `show` print it for people.
int call(const NodeTarget& t, const std::string& method, const std::string& path, const nlohmann::json& body,
         const std::function<void(const nlohmann::json&)>& show);

}  // namespace twinsync::cli
