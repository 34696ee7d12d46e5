// encoding.h — byte-to-text encodings, one copy for every layer: base64 (RFC 4648 §4, padded),
// base64url (§5, unpadded), hex, and percent-encoding for URL parts. Decoders are strict:
// untrusted text with a stray character is refused, not skipped.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace twinsync {

std::string base64_encode(std::string_view bytes);
/// nullopt unless `text` is canonical padded base64 (no whitespace, length a multiple of 4).
std::optional<std::string> base64_decode(std::string_view text);

std::string base64url_encode(std::string_view bytes);
/// nullopt unless `text` is unpadded base64url.
std::optional<std::string> base64url_decode(std::string_view text);

/// Lower-case hex, two digits a byte.
std::string hex_encode(std::string_view bytes);
/// nullopt unless `text` is an even number of hex digits (either case).
std::optional<std::string> hex_decode(std::string_view text);
/// The value of one hex digit (either case), or -1.
int hex_digit(char c);

/// Percent-encodes everything but RFC 3986's unreserved characters (A-Z a-z 0-9 - . _ ~), with
/// upper-case hex: safe for a path segment or a query value.
std::string url_encode(std::string_view text);

}  // namespace twinsync
