// commands.cpp — the table of subcommands; each lives in its own cmd_*.cpp file.
#include "runtime/cli/command.h"

namespace twinsync::cli {

CommandRun setup_demo(CLI::App& app);
CommandRun setup_lint(CLI::App& app);
CommandRun setup_compile(CLI::App& app);
CommandRun setup_disasm(CLI::App& app);
CommandRun setup_eval(CLI::App& app);
CommandRun setup_tracker(CLI::App& app);
CommandRun setup_invite(CLI::App& app);
CommandRun setup_accept(CLI::App& app);

const std::vector<CommandSpec>& all_commands() {
  static const std::vector<CommandSpec> commands = {
      {"demo", "run two embedded trackers, a connection between them, and show issues syncing",
       setup_demo},
      {"lint", "check rule files and print every problem (exit 1 on errors)", setup_lint},
      {"compile", "compile a rule file to bytecode", setup_compile},
      {"disasm", "print the bytecode of a compiled (or source) rule file", setup_disasm},
      {"eval", "run a rule block on one issue and print what it would sync", setup_eval},
      {"tracker", "serve the embedded Jira-compatible tracker (REST v2/v3, webhooks) on a SQLite store",
       setup_tracker},
      {"invite", "create a one-time invitation code that pairs a connection with another node", setup_invite},
      {"accept", "redeem another node's invitation code, pairing this node with it", setup_accept},
  };
  return commands;
}

}  // namespace twinsync::cli
