// peer.cpp — role names and the connection-name rule.
#include "runtime/transport/peer.h"

namespace twinsync::transport {

std::string_view role_name(Role role) { return role == Role::Initiator ? "initiator" : "acceptor"; }

std::optional<Role> role_from_name(std::string_view name) {
  if (name == "initiator") return Role::Initiator;
  if (name == "acceptor") return Role::Acceptor;
  return std::nullopt;
}

Status check_connection_name(std::string_view name) {
  auto allowed = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '.' || c == '-';
  };
  bool ok = !name.empty() && name.size() <= 64 && name != "." && name != "..";
  for (char c : name) ok = ok && allowed(c);
  if (ok) return ok_status();
  return make_error("connection name must be 1 to 64 characters of letters, digits, '_', '.' and '-'",
                    ErrorKind::BadConnection);
}

}  // namespace twinsync::transport
