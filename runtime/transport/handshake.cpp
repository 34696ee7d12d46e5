// handshake.cpp — proof base strings and the key derivation; see docs/transport.md.
#include "runtime/transport/handshake.h"

#include "runtime/transport/crypto.h"

namespace twinsync::transport {

std::string acceptor_proof(std::string_view key, std::string_view id, std::string_view acceptor_connection,
                           std::string_view acceptor_url, std::string_view acceptor_nonce) {
  std::string base = "TWINSYNC-V1-INVITE-ACCEPT\n";
  base.append(id).append("\n").append(acceptor_connection).append("\n").append(acceptor_url).append("\n");
  base.append(acceptor_nonce);
  return hmac_sha256(key, base);
}

std::string initiator_proof(std::string_view key, std::string_view id, std::string_view initiator_connection,
                            std::string_view acceptor_nonce, std::string_view initiator_nonce) {
  std::string base = "TWINSYNC-V1-INVITE-ACCEPTED\n";
  base.append(id).append("\n").append(initiator_connection).append("\n");
  base.append(acceptor_nonce).append(initiator_nonce);
  return hmac_sha256(key, base);
}

Result<std::string> derive_connection_secret(std::string_view key, std::string_view id,
                                             std::string_view acceptor_nonce, std::string_view initiator_nonce) {
  std::string salt(acceptor_nonce);
  salt.append(initiator_nonce);
  return hkdf_sha256(key, salt, "twinsync v1 connection secret\n" + std::string(id), kSecretBytes);
}

}  // namespace twinsync::transport
