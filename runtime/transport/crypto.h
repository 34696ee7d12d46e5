// crypto.h — the few OpenSSL primitives the transport uses, as small functions over byte strings:
// SHA-256, HMAC-SHA256, HKDF-SHA256, random bytes and constant-time comparison.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

constexpr size_t kSecretBytes = 32;  // shared secrets, invitation keys, the master key

/// 32-byte digest.
std::string sha256(std::string_view data);
/// 32-byte MAC of `data` under `key`; empty in the (never seen) case that OpenSSL fails.
std::string hmac_sha256(std::string_view key, std::string_view data);
/// RFC 5869 extract-and-expand; fails only when OpenSSL does.
Result<std::string> hkdf_sha256(std::string_view key, std::string_view salt, std::string_view info,
                                size_t length);
/// Bytes from OpenSSL's CSPRNG; fails when it cannot be seeded.
Result<std::string> random_bytes(size_t count);
/// Equal length and contents, in time that depends only on the length; empty values never match.
bool constant_time_equal(std::string_view a, std::string_view b);
/// Overwrites a string's bytes before it is freed (secrets should not linger in freed memory).
void wipe(std::string& bytes);

}  // namespace twinsync::transport
