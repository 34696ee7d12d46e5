// master_key.cpp — parses the master key's text forms and checks the key file's permissions on
// the opened descriptor (fstat), so the file checked is the file read.
#include "runtime/transport/master_key.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "compiler/support/encoding.h"
#include "compiler/support/text.h"
#include "runtime/transport/crypto.h"

namespace twinsync::transport {

namespace {

std::optional<std::string> parse_key_text(std::string_view text) {
  text = ascii_trim(text);
  std::optional<std::string> key = text.size() == 64 ? hex_decode(text) : base64_decode(text);
  if (key && key->size() == kSecretBytes) return key;
  if (key) wipe(*key);
  return std::nullopt;
}

Error key_error(std::string message) { return make_error(std::move(message), ErrorKind::MasterKey); }

std::string octal_mode(mode_t mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", static_cast<unsigned>(mode & 07777));
  return buf;
}

}  // namespace

Result<std::string> master_key_from_env(std::string_view name) {
  const std::string var(name);
  const char* value = std::getenv(var.c_str());
  if (!value || !*value) return key_error("master key variable " + var + " is not set");
  auto key = parse_key_text(value);
  if (!key) return key_error("master key variable " + var + " must hold 64 hex digits or base64 of 32 bytes");
  return std::move(*key);
}

Result<std::string> master_key_from_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return key_error("cannot open master key file " + path + ": " + std::strerror(errno));
  struct stat st {};
  std::string text;
  std::optional<Error> failure;
  if (::fstat(fd, &st) != 0) {
    failure = key_error("cannot stat master key file " + path + ": " + std::strerror(errno));
  } else if (!S_ISREG(st.st_mode)) {
    failure = key_error("master key file " + path + " is not a regular file");
  } else if ((st.st_mode & 077) != 0) {
    failure = key_error("master key file " + path + " is accessible by group or others (mode " +
                        octal_mode(st.st_mode) + "); run: chmod 600 " + path);
  } else if (st.st_size > 4096) {
    failure = key_error("master key file " + path + " is too large to be a key");
  } else {
    text.resize(static_cast<size_t>(st.st_size));
    const ssize_t n = ::read(fd, text.data(), text.size());
    if (n != static_cast<ssize_t>(text.size())) failure = key_error("cannot read master key file " + path);
  }
  ::close(fd);
  if (failure) {
    wipe(text);
    return *failure;
  }
  std::optional<std::string> key =
      text.size() == kSecretBytes ? std::optional<std::string>(text) : parse_key_text(text);
  wipe(text);
  if (!key) return key_error("master key file " + path + " must hold 32 raw bytes, 64 hex digits or base64 of 32 bytes");
  return std::move(*key);
}

Result<std::string> load_master_key(std::string_view source) {
  if (source.substr(0, 4) == "env:") return master_key_from_env(source.substr(4));
  if (source.empty()) return key_error("no master key source given (a file path or env:NAME)");
  return master_key_from_file(std::string(source));
}

Result<std::string> generate_master_key_text() {
  auto key = random_bytes(kSecretBytes);
  if (!key) return key.error();
  std::string text = hex_encode(*key);
  wipe(*key);
  return text;
}

}  // namespace twinsync::transport
