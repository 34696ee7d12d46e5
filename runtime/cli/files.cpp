// files.cpp — whole-file I/O for the CLI.
#include "runtime/cli/files.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace twinsync::cli {

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(path + ": cannot read: " + std::strerror(errno), ErrorKind::Io);
  std::ostringstream ss;
  ss << in.rdbuf();
  if (in.bad()) return make_error(path + ": read failed", ErrorKind::Io);
  return ss.str();
}

Status write_file(const std::string& path, const std::string& bytes) {
  // Write beside the target and rename, so a failed write never leaves half a file.
  const std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    if (!out) return make_error(path + ": cannot write: " + std::strerror(errno), ErrorKind::Io);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return make_error(path + ": write failed (disk full?)", ErrorKind::Io);
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0) {
    std::remove(tmp.c_str());
    return make_error(path + ": cannot replace: " + std::strerror(errno), ErrorKind::Io);
  }
  return ok_status();
}

}  // namespace twinsync::cli
