// run_twinsync.h — runs the built `twinsync` binary in a shell and captures what it prints.
#pragma once

#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <string>

namespace twinsync::testkit {

struct CommandResult {
  int status = -1;   // exit status, or -1 if it did not exit normally
  std::string out;   // stdout, with stderr too unless the caller redirects it
};

/// `args` is appended to the binary's path as shell text; "2>&1" is added unless present.
inline CommandResult run_twinsync(const std::string& args) {
  std::string cmd = std::string(TWINSYNC_BINARY) + " " + args;
  if (cmd.find("2>") == std::string::npos) cmd += " 2>&1";
  CommandResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  const int status = pclose(p);
  r.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace twinsync::testkit
