// file_read.cpp — open once, check the descriptor, read from it.
#include "runtime/node/file_read.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace twinsync::node {
namespace {

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

Result<std::string> read_checked_file(const std::string& path, const std::string& what, const FileReadRules& rules) {
  const std::string named = what + " (\"" + path + "\")";
  const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | (rules.follow_symlink ? 0 : O_NOFOLLOW)));
  if (fd.get() < 0) {
    if (errno == ELOOP) return make_error(named + " is a symbolic link; give the file itself", ErrorKind::Config);
    return make_error(named + " cannot be read", ErrorKind::Config);
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0 || !S_ISREG(st.st_mode)) return make_error(named + " is not a regular file", ErrorKind::Config);
  if (rules.owner_only && (st.st_mode & (S_IRWXG | S_IRWXO))) {
    return make_error(named + " is readable by others; chmod 600 it", ErrorKind::Config);
  }
  if (rules.owner_only && st.st_uid != ::geteuid() && st.st_uid != 0) {
    return make_error(named + " belongs to another user", ErrorKind::Config);
  }
  if (static_cast<std::size_t>(st.st_size) > rules.max_bytes) {
    return make_error(named + " is larger than " + std::to_string(rules.max_bytes / 1024) + " KiB", ErrorKind::Config);
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd.get(), text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

}  // namespace twinsync::node
