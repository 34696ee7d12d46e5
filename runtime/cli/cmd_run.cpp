// cmd_run.cpp — `twinsync run NODE.sync`: starts a node and serves until interrupted.
#include <csignal>
#include <iostream>

#include "compiler/diag/render.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "compiler/vm/datetime.h"
#include "runtime/node/node.h"

namespace twinsync::cli {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

}  // namespace

CommandRun setup_run(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("text");
  app.add_option("node", *file, "node file: a .sync file with a `node NAME { … }` block")->required();
  app.add_option("--log-format", *format, "text (one plain line per event, the default) or json (JSON lines: ts, level, "
                                          "event, connection, issue, message)")
      ->check(CLI::IsMember({"text", "json"}));
  return [file, format]() -> int {
    auto text = read_file(*file);
    if (!text) {
      std::cerr << "twinsync: error: " << text.error().message << "\n";
      return kExitUsage;
    }
    const SourceFile source(*file, *text);
    DiagnosticSink sink;
    auto configs = node::parse_node_configs(source, sink);
    std::cerr << render_text(source, sink.sorted());
    if (!configs) return kExitInputError;
    node::NodeOptions options;
    // One write per line, so that lines of the node's threads never interleave.
    options.log = [](const std::string& line) { std::cerr << (line + "\n") << std::flush; };
    if (*format == "json") {
      options.log_event = [](const node::LogEvent& e) {
        std::cerr << (node::json_line(e, datetime::now_ms()) + "\n") << std::flush;
      };
    }
    std::vector<std::unique_ptr<node::Node>> nodes;
    for (node::NodeConfig& c : *configs) {
      auto n = node::Node::start(std::move(c), options);
      if (!n) {
        std::cerr << "twinsync: error: " << n.error().message << "\n";
        return n.error().kind == ErrorKind::Rules ? kExitInputError : kExitUsage;
      }
      const node::SecretSource& hook = (*n)->webhook_secret();
      std::cout << "node " << (*n)->name() << " serving on " << (*n)->url() << " (webhooks: " << (*n)->url()
                << "/webhooks/jira/<webhook secret>, the secret "
                << (hook.ref.empty() ? std::string("kept in memory") : "in " + hook.ref.describe()) << ")\n"
                << std::flush;
      nodes.push_back(std::move(*n));
    }
    // Both sides in one process: connections whose peer is "local:NODE/CONNECTION".
    for (auto& n : nodes) {
      for (const node::ConnectionConfig& c : n->config().connections) {
        if (!c.local_peer()) continue;
        const std::string target = c.peer.substr(6);
        const auto slash = target.find('/');
        for (auto& other : nodes) {
          if (slash != std::string::npos && other->name() == target.substr(0, slash)) {
            node::Node::link_local(*n, c.name, *other, target.substr(slash + 1));
          }
        }
      }
    }
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
    for (auto& n : nodes) n->stop();
    return kExitOk;
  };
}

}  // namespace twinsync::cli
