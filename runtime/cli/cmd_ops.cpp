// cmd_ops.cpp — the operation commands, thin clients of a node's admin API: status, errors,
// retry, resolve, exalate, unexalate, connect, pause, resume, history, bulk.
#include <iostream>
#include <thread>

#include "compiler/vm/datetime.h"
#include "runtime/cli/admin_client.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/op_call.h"

namespace twinsync::cli {
namespace {

using nlohmann::json;

void print_status(const json& j) {
  std::cout << "node " << j.value("node", "") << "\n";
  for (const auto& c : j["connections"]) {
    std::cout << "  " << c.value("name", "") << "  " << c.value("state", "") << "  rules "
              << c.value("rules", "").substr(0, 12) << "  peer " << (c.value("peer", "").empty() ? "-" : c.value("peer", ""))
              << "\n    twins:";
    if (c["twins"].empty()) std::cout << " none";
    for (const auto& [state, n] : c["twins"].items()) std::cout << " " << n.get<int64_t>() << " " << state;
    std::cout << "\n    last sync " << when(c.value("lastSync", int64_t{0})) << ", outbox " << c.value("pendingOut", 0)
              << ", inbox " << c.value("pendingIn", 0) << ", open errors " << c.value("openErrors", 0) << "\n";
  }
}

}  // namespace

CommandRun setup_status(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto key = std::make_shared<std::string>();
  app.add_option("key", *key, "an issue key: its sync status");
  add_node_options(app, *t);
  return [t, key]() -> int {
    if (key->empty()) return call(*t, "GET", "/admin/v1/status", json(), print_status);
    return call(*t, "GET", "/admin/v1/issues/" + *key, json(), [&](const json& j) {
      if (j["twins"].empty()) std::cout << *key << " is not under sync\n";
      for (const auto& x : j["twins"]) {
        std::cout << *key << "  " << x.value("connection", "") << "  " << x.value("state", "");
        if (!x.value("remoteKey", "").empty()) std::cout << "  twin " << x.value("remoteKey", "");
        if (!x.value("reason", "").empty()) std::cout << "  (" << x.value("reason", "") << ")";
        std::cout << "\n";
      }
    });
  };
}

CommandRun setup_errors(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  add_node_options(app, *t);
  return [t]() -> int {
    return call(*t, "GET", "/admin/v1/errors", json(), [](const json& j) {
      if (j["errors"].empty()) std::cout << "no open errors\n";
      for (const auto& e : j["errors"]) {
        std::cout << "#" << e.value("id", 0) << "  " << e.value("connection", "") << "  " << e.value("localKey", "")
                  << (e.value("remoteKey", "").empty() ? "" : " ~ " + e.value("remoteKey", "")) << "  "
                  << e.value("direction", "") << " " << e.value("kind", "") << "  " << when(e.value("created", int64_t{0}))
                  << "\n    " << e.value("message", "") << "\n";
      }
    });
  };
}

CommandRun setup_error_op(CLI::App& app, const std::string& op) {
  auto t = std::make_shared<NodeTarget>();
  auto id = std::make_shared<int64_t>(0);
  app.add_option("id", *id, "the error's number (see twinsync errors)")->required();
  add_node_options(app, *t);
  return [t, id, op]() -> int {
    return call(*t, "POST", "/admin/v1/errors/" + std::to_string(*id) + "/" + op, json::object(), [&](const json&) {
      std::cout << "error #" << *id << (op == "retry" ? " retried: the twin resumes in order\n" : " resolved: the twin goes on\n");
    });
  };
}
CommandRun setup_retry(CLI::App& app) { return setup_error_op(app, "retry"); }
CommandRun setup_resolve(CLI::App& app) { return setup_error_op(app, "resolve"); }

CommandRun setup_key_op(CLI::App& app, const std::string& op) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  auto remote = std::make_shared<std::string>();
  app.add_option("key", *key, "the local issue key")->required();
  if (op == "connect") app.add_option("remote", *remote, "the remote issue key")->required();
  app.add_option("-c,--connection", *connection, "the connection")->required();
  add_node_options(app, *t);
  return [t, connection, key, remote, op]() -> int {
    json body = {{"key", *key}};
    if (op == "connect") body["remote"] = *remote;
    return call(*t, "POST", "/admin/v1/connections/" + *connection + "/" + op, body, [&](const json& j) {
      if (op == "exalate") std::cout << *key << (j.value("sent", false) ? " queued for sync" : " has nothing new to send") << "\n";
      if (op == "unexalate") std::cout << *key << " no longer syncs; both issues stay\n";
      if (op == "connect") std::cout << *key << " linked to " << *remote << "; syncing\n";
    });
  };
}
CommandRun setup_exalate(CLI::App& app) { return setup_key_op(app, "exalate"); }
CommandRun setup_unexalate(CLI::App& app) { return setup_key_op(app, "unexalate"); }
CommandRun setup_connect(CLI::App& app) { return setup_key_op(app, "connect"); }

CommandRun setup_connection_op(CLI::App& app, const std::string& op) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  app.add_option("connection", *connection, "the connection")->required();
  add_node_options(app, *t);
  return [t, connection, op]() -> int {
    return call(*t, "POST", "/admin/v1/connections/" + *connection + "/" + op, json::object(), [&](const json&) {
      std::cout << *connection << (op == "pause" ? " paused: changes are queued\n" : " resumed\n");
    });
  };
}
CommandRun setup_pause(CLI::App& app) { return setup_connection_op(app, "pause"); }
CommandRun setup_resume(CLI::App& app) { return setup_connection_op(app, "resume"); }

CommandRun setup_history(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto key = std::make_shared<std::string>();
  app.add_option("key", *key, "the local issue key")->required();
  app.add_option("-c,--connection", *connection, "the connection")->required();
  add_node_options(app, *t);
  return [t, connection, key]() -> int {
    return call(*t, "GET", "/admin/v1/connections/" + *connection + "/history/" + *key, json(), [](const json& j) {
      for (const auto& h : j["history"]) {
        std::cout << when(h.value("at", int64_t{0})) << "  " << h.value("direction", "") << "  " << h.value("outcome", "")
                  << "  " << h.value("fields", "") << "  rules " << h.value("rules", "").substr(0, 12) << "\n";
      }
    });
  };
}

CommandRun setup_bulk(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto trigger = std::make_shared<std::string>();
  app.add_option("trigger", *trigger, "the trigger whose matching issues are queued")->required();
  app.add_option("-c,--connection", *connection, "the connection")->required();
  add_node_options(app, *t);
  return [t, connection, trigger]() -> int {
    auto started = admin_call(*t, "POST", "/admin/v1/connections/" + *connection + "/bulk", {{"trigger", *trigger}});
    if (!started) return fail(started.error());
    const int64_t job = (*started)["job"];
    for (;;) {
      auto p = admin_call(*t, "GET", "/admin/v1/jobs/" + std::to_string(job));
      if (!p) return fail(p.error());
      const size_t done = (*p)["done"], total = (*p)["total"];
      const int width = 30;
      const int filled = total ? static_cast<int>(width * done / total) : 0;
      std::cerr << "\r[" << std::string(filled, '#') << std::string(width - filled, '-') << "] " << done << "/" << total << std::flush;
      if ((*p)["finished"]) {
        std::cerr << "\n";
        const std::string error = (*p)["error"];
        if (!error.empty()) return fail(make_error(error, ErrorKind::Refused));
        std::cout << (*p)["queued"].get<size_t>() << " of " << total << " issues queued for sync\n";
        return kExitOk;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
    }
  };
}

}  // namespace twinsync::cli
