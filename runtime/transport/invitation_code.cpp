// invitation_code.cpp — encoding and strictly parsing invitation codes.
#include "runtime/transport/invitation_code.h"

#include <nlohmann/json.hpp>

#include "compiler/support/encoding.h"
#include "compiler/support/text.h"
#include "runtime/net/http.h"
#include "runtime/transport/crypto.h"
#include "runtime/transport/peer.h"
#include "runtime/transport/strict_json.h"

namespace twinsync::transport {

namespace {

constexpr std::string_view kPrefix = "tsi1.";

Error bad_code(const std::string& why) {
  return make_error("not a valid invitation code (" + why + "); copy the whole line the other side sent",
                    ErrorKind::BadCode);
}

}  // namespace

std::string encode_invitation_code(const InvitationCode& c) {
  const nlohmann::json j = {{"u", c.url}, {"c", c.connection}, {"i", c.id}, {"k", base64url_encode(c.key)},
                            {"e", c.expires_ms}};
  return std::string(kPrefix) + base64url_encode(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

Result<InvitationCode> parse_invitation_code(std::string_view text) {
  text = ascii_trim(text);
  if (text.size() > 4096) return bad_code("too long");
  if (text.substr(0, kPrefix.size()) != kPrefix) return bad_code("it should start with \"tsi1.\"");
  auto raw = base64url_decode(text.substr(kPrefix.size()));
  if (!raw) return bad_code("damaged: not base64url");
  auto doc = parse_strict_json(*raw, 1);
  if (!doc || !doc->is_object() || doc->size() != 5) return bad_code("damaged: unexpected content");
  for (const char* k : {"u", "c", "i", "k"}) {
    if (!doc->contains(k) || !doc->at(k).is_string()) return bad_code("damaged: unexpected content");
  }
  if (!doc->contains("e") || !doc->at("e").is_number_integer()) return bad_code("damaged: unexpected content");
  InvitationCode c;
  c.url = doc->at("u").get<std::string>();
  c.connection = doc->at("c").get<std::string>();
  c.id = doc->at("i").get<std::string>();
  c.expires_ms = doc->at("e").get<int64_t>();
  auto key = base64url_decode(doc->at("k").get<std::string>());
  if (!key || key->size() != kSecretBytes) return bad_code("damaged: the key is not 32 bytes");
  c.key = std::move(*key);
  if (!net::parse_endpoint(c.url)) return bad_code("the initiator URL is not an http(s) URL");
  if (!check_connection_name(c.connection)) return bad_code("the connection name is not valid");
  auto id = base64url_decode(c.id);
  if (!id || id->size() != 16) return bad_code("the invitation id is not valid");
  return c;
}

}  // namespace twinsync::transport
