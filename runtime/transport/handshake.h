// handshake.h — the cryptography of redeeming an invitation: each side proves it holds the
// one-time key with an HMAC over what it sends, and both derive the connection secret with
// HKDF-SHA256 from that key and both sides' nonces. The key itself never crosses the wire, so
// someone who watches the exchange without the code learns nothing that yields the secret.
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

constexpr size_t kHandshakeNonceBytes = 32;

/// The acceptor's proof, over the invitation id, its connection name, its URL and its nonce.
std::string acceptor_proof(std::string_view key, std::string_view id, std::string_view acceptor_connection,
                           std::string_view acceptor_url, std::string_view acceptor_nonce);
/// The initiator's proof, over the id, its connection name and both nonces.
std::string initiator_proof(std::string_view key, std::string_view id, std::string_view initiator_connection,
                            std::string_view acceptor_nonce, std::string_view initiator_nonce);
/// HKDF-SHA256(ikm = key, salt = acceptor nonce | initiator nonce, info = label and id), 32 bytes.
Result<std::string> derive_connection_secret(std::string_view key, std::string_view id,
                                             std::string_view acceptor_nonce, std::string_view initiator_nonce);

}  // namespace twinsync::transport
