// node_secrets.cpp — generating a node's own secrets into files beside its store.
#include "runtime/node/node_secrets.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"

namespace twinsync::node {
namespace {

bool in_memory(const std::string& store_path) {
  return store_path.empty() || store_path == ":memory:" || store_path.rfind("file::memory:", 0) == 0;
}

// O_EXCL: two nodes starting on one store at once cannot both write; the loser reads the
// winner's file.
Status write_new_secret(const std::string& path, const std::string& secret) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) return ok_status();
    return make_error("cannot create " + path + ": " + std::strerror(errno), ErrorKind::Config);
  }
  const std::string line = secret + "\n";
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!written) {
    std::filesystem::remove(path);
    return make_error("cannot write " + path, ErrorKind::Config);
  }
  return ok_status();
}

}  // namespace

std::string default_secret_path(const std::string& store_path, const std::string& suffix) {
  if (in_memory(store_path)) return {};
  std::filesystem::path p(store_path);
  p.replace_extension(suffix);
  return p.string();
}

Result<std::string> SecretSource::read() const {
  if (ref.empty()) return generated;
  return resolve_secret(ref);
}

Result<SecretSource> ensure_secret(const SecretRef& configured, const std::string& store_path, const std::string& suffix,
                                   const std::string& what, const std::function<void(const std::string&)>& log) {
  if (!configured.empty()) return SecretSource{configured, {}};
  auto bytes = transport::random_bytes(transport::kSecretBytes);
  if (!bytes) return make_error("cannot make a " + what + ": " + bytes.error().message, ErrorKind::Config);
  const std::string secret = hex_encode(*bytes);
  const std::string path = default_secret_path(store_path, suffix);
  if (path.empty()) return SecretSource{{}, secret};
  const bool existed = std::filesystem::exists(path);
  if (!existed) {
    if (auto ok = write_new_secret(path, secret); !ok) return make_error("the " + what + ": " + ok.error().message, ErrorKind::Config);
  }
  SecretRef ref;
  ref.file = path;
  // resolve_secret refuses a file others can read: a secret file made readable stops the node.
  if (auto check = resolve_secret(ref); !check) return check.error();
  if (!existed && log) log(what + " written to " + path + " (mode 0600)");
  return SecretSource{ref, {}};
}

}  // namespace twinsync::node
