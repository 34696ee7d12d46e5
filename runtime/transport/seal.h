// seal.h — secrets at rest: AES-256-GCM under the node's master key. A sealed value is
// 0x01 (format) | 12-byte random IV | ciphertext | 16-byte tag, and names what it is for in the
// authenticated data, so a sealed secret copied into another row or column fails to open.
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

/// `key` is 32 bytes; `context` (e.g. "transport_peers.secret:blue") is authenticated, not stored.
Result<std::string> seal(std::string_view key, std::string_view plaintext, std::string_view context);
/// Fails (kind "unseal") on a wrong key, a different context or altered bytes; the message says
/// which value could not be opened, never what it held.
Result<std::string> unseal(std::string_view key, std::string_view sealed, std::string_view context);

}  // namespace twinsync::transport
