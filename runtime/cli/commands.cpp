// commands.cpp — the table of subcommands; each lives in its own cmd_*.cpp file.
#include "runtime/cli/command.h"

namespace twinsync::cli {

CommandRun setup_demo(CLI::App& app);

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = {
      {"demo", "run two embedded trackers, a connection between them, and show issues syncing",
       setup_demo},
  };
  return commands;
}

}  // namespace twinsync::cli
