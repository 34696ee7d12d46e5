// main.cpp — the `twinsync` executable: subcommand dispatch and the exit-code convention.
#include <CLI/CLI.hpp>
#include <iostream>

#include <nlohmann/json.hpp>

#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"

namespace tc = twinsync::cli;

namespace {

void print_usage(std::ostream& out) {
  out << "usage: twinsync <command> [options]   (twinsync help [command] for details)\n";
}

std::string command_list() {
  std::string s = "Subcommands:\n";
  for (const tc::CommandSpec& c : tc::all_commands()) {
    std::string name = c.name;
    name.resize(12, ' ');
    s += "  " + name + c.summary + "\n";
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"twinsync — keeps issues in two trackers in sync, both ways, under compiled rules",
               "twinsync"};
  app.set_version_flag("--version", std::string("twinsync ") + TWINSYNC_VERSION);
  app.require_subcommand(0, 1);
  app.fallthrough(false);

  tc::CommandRun chosen;
  for (const tc::CommandSpec& spec : tc::all_commands()) {
    CLI::App* sub = app.add_subcommand(spec.name, spec.summary);
    auto run = spec.setup(*sub);
    sub->callback([&chosen, run] { chosen = run; });
  }
  CLI::App* help = app.add_subcommand("help", "show help for twinsync or for one command");
  std::string help_topic;
  help->add_option("command", help_topic, "the command to explain");

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    std::cout << app.help();
    return tc::kExitOk;
  } catch (const CLI::CallForAllHelp&) {
    std::cout << app.help("", CLI::AppFormatMode::All);
    return tc::kExitOk;
  } catch (const CLI::CallForVersion&) {
    std::cout << app.version() << "\n";
    return tc::kExitOk;
  } catch (const CLI::ParseError& e) {
    std::cerr << "twinsync: error: " << e.what() << "\n";
    print_usage(std::cerr);
    return tc::kExitUsage;
  }

  if (help->parsed()) {
    if (help_topic.empty()) {
      // App::help() would describe the `help` subcommand itself, since it was the one parsed.
      std::cout << app.get_formatter()->make_help(&app, "twinsync", CLI::AppFormatMode::Normal);
      return tc::kExitOk;
    }
    for (CLI::App* sub : app.get_subcommands({})) {
      if (sub->get_name() == help_topic) {
        std::cout << sub->help();
        return tc::kExitOk;
      }
    }
    std::cerr << "twinsync: error: no command named '" << help_topic << "'\n";
    print_usage(std::cerr);
    return tc::kExitUsage;
  }
  if (!chosen) {
    print_usage(std::cerr);
    std::cerr << command_list();
    return tc::kExitUsage;
  }
  try {
    return chosen();
  } catch (const nlohmann::json::exception& e) {
    std::cerr << "twinsync: error: the node's answer is not what this command expects (" << e.what() << ")\n";
    return tc::kExitUsage;
  } catch (const std::exception& e) {
    // Commands report their own errors; this is the last line of defence, never a crash.
    std::cerr << "twinsync: error: " << e.what() << "\n";
    return tc::kExitUsage;
  }
}
