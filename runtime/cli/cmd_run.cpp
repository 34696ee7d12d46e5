// cmd_run.cpp — `twinsync run NODE.sync`: starts a node and serves until interrupted.
#include <csignal>
#include <iostream>

#include "compiler/diag/render.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "runtime/node/node.h"

namespace twinsync::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

}  // namespace

CommandRun setup_run(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  app.add_option("node", *file, "node file: a .sync file with a `node NAME { … }` block")->required();
  return [file]() -> int {
    auto text = read_file(*file);
    if (!text) {
      std::cerr << "twinsync: error: " << text.error().message << "\n";
      return kExitUsage;
    }
    const SourceFile source(*file, *text);
    DiagnosticSink sink;
    auto config = node::parse_node_config(source, sink);
    std::cerr << render_text(source, sink.sorted());
    if (!config) return kExitInputError;
    node::NodeOptions options;
    options.log = [](const std::string& line) { std::cerr << line << "\n"; };
    auto n = node::Node::start(std::move(*config), options);
    if (!n) {
      std::cerr << "twinsync: error: " << n.error().message << "\n";
      return n.error().kind == "rules" ? kExitInputError : kExitUsage;
    }
    std::cout << "node " << (*n)->name() << " serving on " << (*n)->url() << " (webhooks: " << (*n)->url()
              << "/webhooks/jira)\n"
              << std::flush;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    (*n)->stop();
    return kExitOk;
  };
}

}  // namespace twinsync::cli
