// node_process.h — a node as its operator runs it: a node file on disk and a `twinsync run`
// child process, reached only over its sockets (admin API, CLI with --config). For tests of
// what crosses between two organisations' processes.
#pragma once

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>
#include <thread>

#include "runtime/net/http.h"
#include "runtime/net/http_server.h"
#include "runtime/node/config.h"
#include "runtime/node/node_secrets.h"
#include "tests/support/spawn.h"
#include "tests/support/temp_dir.h"

namespace twinsync::testkit {

/// A port no one listens on right now (bound once, then released).
inline int free_port() {
  auto s = net::HttpServer::start({}, [](const net::HttpRequest&) { return net::HttpResponse{}; });
  return s ? (*s)->port() : 0;
}

class NodeProcess {
 public:
  /// Writes `dir/NAME.sync` with `node NAME { listen …; store NAME.db; BODY }` and starts it.
  NodeProcess(const TempDir& dir, const std::string& name, const std::string& body, std::vector<std::string> args = {})
      : name_(name), file_(dir.file(name + ".sync")), log_(dir.file(name + ".log")), port_(free_port()),
        args_(std::move(args)) {
    std::ofstream(file_) << "node " << name << " {\n  listen \"127.0.0.1:" << port_ << "\"\n  store \"" << name
                         << ".db\"\n" << body << "\n}\n";
    store_ = dir.file(name + ".db");
    start();
  }
  ~NodeProcess() { stop(); }
  NodeProcess(const NodeProcess&) = delete;
  NodeProcess& operator=(const NodeProcess&) = delete;

  void start() {
    std::fflush(nullptr);
    std::vector<std::string> argv = {TWINSYNC_BINARY, "run", file_};
    argv.insert(argv.end(), args_.begin(), args_.end());
    pid_ = spawn(argv, {"/dev/null", log_, /*append=*/true});
    if (pid_ < 0) {
      ADD_FAILURE() << "node " << name_ << " could not be started (its log " << log_ << ")";
      return;
    }
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (std::chrono::steady_clock::now() < deadline) {
      if (admin("GET", "/admin/v1/status").status == 200) return;
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        ADD_FAILURE() << "node " << name_ << " exited at start:\n" << log();
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "node " << name_ << " did not answer within 30 s:\n" << log();
  }

  void stop() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
  }

  /// " --config FILE": how the operator's commands find this node and its token.
  std::string cli() const { return " --config " + file_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::uint16_t port() const { return static_cast<std::uint16_t>(port_); }
  std::string log() const {
    std::ifstream in(log_);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  /// One admin API call with the token the node wrote beside its store.
  net::HttpResponse admin(const std::string& method, const std::string& path, const nlohmann::json& body = nullptr) {
    node::SecretRef ref;
    ref.file = node::default_admin_token_path(store_);
    auto token = node::resolve_secret(ref);
    const net::HttpResponse none{0, {}, ""};
    if (!token) return none;
    auto client = net::make_http_client(*net::parse_endpoint(url()));
    if (!client) return none;
    net::HttpRequest r{method, path, {{"Authorization", "Bearer " + *token}}, ""};
    if (method != "GET") {
      r.headers.push_back({"Content-Type", "application/json"});
      r.body = body.is_null() ? "{}" : body.dump();
    }
    auto answer = (*client)->send(r);
    return answer ? *answer : none;
  }
  nlohmann::json admin_json(const std::string& path) {
    auto r = admin("GET", path);
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_discarded() ? nlohmann::json() : j;
  }

 private:
  std::string name_, file_, log_, store_;
  int port_ = 0;
  std::vector<std::string> args_;  // after `run FILE`
  pid_t pid_ = -1;
};

}  // namespace twinsync::testkit
