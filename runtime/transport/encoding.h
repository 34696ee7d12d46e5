// encoding.h — byte-to-text encodings the transport puts on the wire and in invitation codes:
// base64 (RFC 4648 §4, padded) for payloads, base64url (§5, unpadded) for codes and nonces, hex.
// Decoders are strict: untrusted text with a stray character is refused, not skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twinsync::transport {

std::string base64_encode(std::string_view bytes);
/// nullopt unless `text` is canonical padded base64 (no whitespace, length a multiple of 4).
std::optional<std::string> base64_decode(std::string_view text);

std::string base64url_encode(std::string_view bytes);
/// nullopt unless `text` is unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

std::string hex_encode(std::string_view bytes);
/// nullopt unless `text` is an even number of hex digits (either case).
std::optional<std::string> hex_decode(std::string_view text);

}  // namespace twinsync::transport
