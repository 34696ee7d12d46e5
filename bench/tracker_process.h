// tracker_process.h — an embedded tracker run as a process of its own (`twinsync tracker`, the
// binary beside the bench's), the way the python3-jira peer's run starts its two: its CPU, heap
// and allocator are then its own, as Jira's are another machine's in a deployment, and the bench
// counts its on-CPU time by pid.
#pragma once

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "tests/support/spawn.h"

namespace twinsync::bench {

struct TrackerProcessOptions {
  std::filesystem::path dir;  // its store and its output files go here
  std::string project;        // the one project it has, KEY
  std::string admin_token;    // the seeded admin's (admin@example.com) API token
  std::vector<std::string> users;  // --user name:email:token
  bool log_requests = false;       // its request log goes to this process's stderr
};

class TrackerProcess {
 public:
  /// Starts it and waits (10 s at most) for the line that names its URL; nullptr and `why` on failure.
  static std::unique_ptr<TrackerProcess> start(const TrackerProcessOptions& o, std::string& why) {
    const std::string bin = (std::filesystem::read_symlink("/proc/self/exe").parent_path() / "twinsync").string();
    const std::string out = (o.dir / (o.project + "-tracker.out")).string();
    std::vector<std::string> argv = {bin, "tracker", "--listen", "127.0.0.1:0", "--db",
                                     (o.dir / (o.project + "-tracker.db")).string(), "--seed", "none",
                                     "--project", o.project + ":" + o.project, "--admin-token", o.admin_token};
    for (const std::string& u : o.users) argv.insert(argv.end(), {"--user", u});
    if (o.log_requests) argv.push_back("--log-requests");
    testkit::SpawnOutput files{out, o.log_requests ? "/dev/stderr" : (o.dir / (o.project + "-tracker.err")).string()};
    auto p = std::unique_ptr<TrackerProcess>(new TrackerProcess(testkit::spawn(argv, files)));
    if (p->pid_ < 0) {
      why = "cannot start " + bin;
      return nullptr;
    }
    const std::string marker = "twinsync tracker: serving ";
    for (int i = 0; i < 1000 && p->url_.empty(); ++i) {
      std::ifstream in(out);
      for (std::string line; std::getline(in, line);) {
        if (line.rfind(marker, 0) == 0) p->url_ = line.substr(marker.size(), line.find(' ', marker.size()) - marker.size());
      }
      if (p->url_.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    if (p->url_.empty()) why = bin + " tracker did not say where it serves (see " + out + ")";
    return p->url_.empty() ? nullptr : std::move(p);
  }

  ~TrackerProcess() {
    if (pid_ <= 0) return;
    ::kill(pid_, SIGTERM);  // it stops on SIGTERM; SIGKILL only if it has not within 10 s
    for (int i = 0; i < 1000; ++i) {
      if (::waitpid(pid_, nullptr, WNOHANG) == pid_) return;
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  TrackerProcess(const TrackerProcess&) = delete;
  TrackerProcess& operator=(const TrackerProcess&) = delete;

  const std::string& url() const { return url_; }
  pid_t pid() const { return pid_; }

 private:
  explicit TrackerProcess(pid_t pid) : pid_(pid) {}
  pid_t pid_;
  std::string url_;
};

}  // namespace twinsync::bench
