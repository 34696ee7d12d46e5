// commands.cpp — the table of subcommands; each lives in its own cmd_*.cpp file.
#include "runtime/cli/command.h"

namespace twinsync::cli {

CommandRun setup_demo(CLI::App& app);
CommandRun setup_lint(CLI::App& app);
CommandRun setup_compile(CLI::App& app);
CommandRun setup_disasm(CLI::App& app);
CommandRun setup_eval(CLI::App& app);
CommandRun setup_import(CLI::App& app);
CommandRun setup_tracker(CLI::App& app);
CommandRun setup_run(CLI::App& app);
CommandRun setup_status(CLI::App& app);
CommandRun setup_errors(CLI::App& app);
CommandRun setup_retry(CLI::App& app);
CommandRun setup_resolve(CLI::App& app);
CommandRun setup_exalate(CLI::App& app);
CommandRun setup_unexalate(CLI::App& app);
CommandRun setup_connect(CLI::App& app);
CommandRun setup_pause(CLI::App& app);
CommandRun setup_resume(CLI::App& app);
CommandRun setup_history(CLI::App& app);
CommandRun setup_bulk(CLI::App& app);
CommandRun setup_connections(CLI::App& app);
CommandRun setup_rules(CLI::App& app);
CommandRun setup_publish(CLI::App& app);
CommandRun setup_triggers(CLI::App& app);
CommandRun setup_trigger(CLI::App& app);
CommandRun setup_stats(CLI::App& app);
CommandRun setup_rename(CLI::App& app);
CommandRun setup_delete(CLI::App& app);
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
      {"import", "translate Exalate's Groovy sync scripts into a rule file, then lint it (import exalate)",
       setup_import},
      {"tracker", "serve the embedded Jira-compatible tracker (REST v2/v3, webhooks) on a SQLite store",
       setup_tracker},
      {"run", "start a node from its node file and serve until interrupted", setup_run},
      {"status", "a node's connections, or one issue's sync status", setup_status},
      {"connections", "every connection: sides, state, peer, issues under sync, last sync, pending, errors",
       setup_connections},
      {"rules", "the versions of a connection's rules, or the text of one (--show)", setup_rules},
      {"publish", "publish rules to a connection (checked first), roll back (--version), or try them (--dry-run)",
       setup_publish},
      {"triggers", "a connection's triggers: JQL, note, on or off, issues matching now", setup_triggers},
      {"trigger", "switch a trigger on or off at runtime (--activate, --deactivate)", setup_trigger},
      {"stats", "synced changes, errors and latency per connection and day", setup_stats},
      {"rename", "give a connection a new title or description (its name and twins stay)", setup_rename},
      {"delete", "delete a connection: unpair both sides, stop its triggers, keep or remove its history",
       setup_delete},
      {"errors", "the open errors of a node", setup_errors},
      {"retry", "retry an error: the twin resumes in order", setup_retry},
      {"resolve", "resolve an error: its change is dropped and the twin goes on", setup_resolve},
      {"exalate", "start syncing an issue", setup_exalate},
      {"unexalate", "stop syncing an issue (both issues stay)", setup_unexalate},
      {"connect", "link two existing issues and sync them", setup_connect},
      {"pause", "pause a connection (changes are queued)", setup_pause},
      {"resume", "resume a paused connection", setup_resume},
      {"history", "what synced for an issue, when, under which rules", setup_history},
      {"bulk", "queue every issue a trigger matches, with progress", setup_bulk},
      {"invite", "create a one-time invitation code that pairs a connection with another node", setup_invite},
      {"accept", "redeem another node's invitation code, pairing this node with it", setup_accept},
  };
  return commands;
}

}  // namespace twinsync::cli
