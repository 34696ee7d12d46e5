// commands.cpp — the table of subcommands; each lives in its own cmd_*.cpp file.
#include "runtime/cli/command.h"

namespace twinsync::cli {

CommandRun setup_demo(CLI::App& app);
CommandRun setup_tracker(CLI::App& app);

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = {
      {"demo", "run two embedded trackers, a connection between them, and show issues syncing",
       setup_demo},
      {"tracker", "serve the embedded Jira-compatible tracker (REST v2/v3, webhooks) on a SQLite store",
       setup_tracker},
  };
  return commands;
}

}  // namespace twinsync::cli
