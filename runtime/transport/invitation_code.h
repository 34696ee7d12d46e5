// invitation_code.h — the one-line code an initiator hands to the acceptor out of band:
// "tsi1." + base64url of {"u": initiator URL, "c": connection, "i": invitation id,
// "k": one-time key (base64url), "e": expiry in ms}. The code is a bearer secret: whoever holds
// it can pair with the initiator until it is used or expires, so it is never logged.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::transport {

struct InvitationCode {
  std::string url;         // the initiator node's base URL
  std::string connection;  // the initiator's connection name
  std::string id;          // the invitation id (public)
  std::string key;         // the one-time key, 32 bytes
  int64_t expires_ms = 0;
};

std::string encode_invitation_code(const InvitationCode& code);
/// Surrounding whitespace is ignored. Errors (kind "bad_code") never quote the code.
Result<InvitationCode> parse_invitation_code(std::string_view text);

}  // namespace twinsync::transport
