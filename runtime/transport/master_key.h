// master_key.h — the node master key that seals secrets at rest (seal.h): 32 bytes read from an
// environment variable or from a file only its owner can read. The node calls this once at start.
#pragma once

#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

/// The key from environment variable `name`: 64 hex digits or padded base64 of 32 bytes.
/// Errors (kind "master_key") name the variable, never its value.
Result<std::string> master_key_from_env(std::string_view name);

/// The key from a regular file holding the same text (surrounding whitespace allowed) or exactly
/// 32 raw bytes. Refuses a file that group or others may access, with the chmod that fixes it.
Result<std::string> master_key_from_file(const std::string& path);

/// "env:NAME" reads the variable NAME; anything else is a file path.
Result<std::string> load_master_key(std::string_view source);

/// A fresh key as 64 hex digits, for an operator to put in a file or a secret manager.
Result<std::string> generate_master_key_text();

}  // namespace twinsync::transport
