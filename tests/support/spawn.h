// spawn.h — starts a program as a child process with its output in files, safely from a test
// process that has threads (embedded trackers, nodes). Between fork and exec the child may only
// make async-signal-safe calls: a lock another thread held at the fork (stdio's in freopen, the
// allocator's in any allocation) stays held in the child forever, and it hangs before exec. So
// everything is prepared in the parent — the argument vector, the opened files — and the child
// only moves the descriptors into place and execs.
#pragma once

#include <fcntl.h>
#include <unistd.h>

#include <string>
#include <vector>

namespace twinsync::testkit {

struct SpawnOutput {
  std::string stdout_path = "/dev/null";
  std::string stderr_path = "/dev/null";
  bool append = false;  // else truncated
};

/// Starts `argv[0]` with `argv`; its stdout and stderr go to the files named. The child's pid,
/// or -1 when the files could not be opened or the fork failed. A failed exec exits with 127.
inline pid_t spawn(const std::vector<std::string>& argv, const SpawnOutput& out) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const int mode = O_WRONLY | O_CREAT | O_CLOEXEC | (out.append ? O_APPEND : O_TRUNC);
  const int out_fd = ::open(out.stdout_path.c_str(), mode, 0600);
  const int err_fd = ::open(out.stderr_path.c_str(), mode, 0600);
  pid_t pid = -1;
  if (out_fd >= 0 && err_fd >= 0) {
    pid = ::fork();
    if (pid == 0) {
      // dup2 leaves the new descriptors open across exec (O_CLOEXEC is not copied).
      if (::dup2(out_fd, STDOUT_FILENO) < 0 || ::dup2(err_fd, STDERR_FILENO) < 0) _exit(126);
      ::execv(args[0], args.data());
      _exit(127);
    }
  }
  if (out_fd >= 0) ::close(out_fd);
  if (err_fd >= 0) ::close(err_fd);
  return pid;
}

}  // namespace twinsync::testkit
