// auth.cpp — Basic (e-mail or user name + API token) and Bearer (personal access token)
// authentication. Tokens are compared by their SHA-256 only; neither they nor the header are
// ever logged or echoed.
#include "compiler/support/encoding.h"
#include "compiler/support/text.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"

namespace twinsync::tracker {

const User* authenticate(TrackerState& s, const net::HttpRequest& request) {
  const std::string_view header = request.header("Authorization");
  auto starts = [&](std::string_view scheme) {
    return header.size() > scheme.size() && iequals(header.substr(0, scheme.size()), scheme);
  };
  std::string token, who;
  if (starts("Basic ")) {
    // Clients put a space too many, or a line end, around the credentials; nothing else is let by.
    std::string_view encoded = header.substr(6);
    while (!encoded.empty() && std::string_view(" \t\r\n").find(encoded.front()) != std::string_view::npos) {
      encoded.remove_prefix(1);
    }
    while (!encoded.empty() && std::string_view(" \t\r\n").find(encoded.back()) != std::string_view::npos) {
      encoded.remove_suffix(1);
    }
    if (encoded.size() > 4096) return nullptr;
    const std::optional<std::string> decoded = base64_decode(encoded);
    const size_t colon = decoded ? decoded->find(':') : std::string::npos;
    if (colon == std::string::npos) return nullptr;
    who = decoded->substr(0, colon);
    token = decoded->substr(colon + 1);
  } else if (starts("Bearer ")) {
    token = std::string(header.substr(7));
  } else {
    return nullptr;
  }
  if (token.empty()) return nullptr;
  auto found = s.store->find_token(sha256_hex(token));
  if (!found || !*found) return nullptr;
  const auto& [account_id, kind] = **found;
  const User* user = s.catalog.user(account_id);
  if (!user || !user->active) return nullptr;
  if (!who.empty()) {
    // Basic: the token must belong to the named user, and be an API token.
    if (kind != "api" || !(iequals(who, user->email) || iequals(who, user->name))) return nullptr;
  } else if (kind != "pat") {
    return nullptr;
  }
  return user;
}

}  // namespace twinsync::tracker
