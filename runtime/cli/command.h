// command.h — how a subcommand plugs into the CLI: it declares its flags on a CLI11 subcommand
// and returns a callback that runs it and yields an exit code (exit_codes.h).
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <vector>

namespace twinsync::cli {

using CommandRun = std::function<int()>;

struct CommandSpec {
  const char* name;
  const char* summary;
  /// Adds the subcommand's options to `app`; the returned function runs it after parsing.
  std::function<CommandRun(CLI::App& app)> setup;
};

/// Every subcommand, in the order `twinsync help` lists them (commands.cpp).
const std::vector<CommandSpec>& all_commands();

}  // namespace twinsync::cli
