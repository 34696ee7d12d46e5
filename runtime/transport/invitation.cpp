// invitation.cpp — the two calls an operator makes: create (initiator) and accept (acceptor).
#include "runtime/transport/invitation.h"

#include <ctime>
#include <nlohmann/json.hpp>
#include <thread>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"
#include "runtime/transport/handshake.h"
#include "runtime/transport/invitation_code.h"
#include "runtime/transport/paths.h"
#include "runtime/transport/strict_json.h"
#include "runtime/transport/wire.h"

namespace twinsync::transport {

namespace {

using json = nlohmann::json;

struct Answer {
  std::string connection, nonce, proof;
};

Result<Answer> parse_answer(std::string_view body) {
  auto bad = make_error("the initiator's answer is malformed", ErrorKind::Remote);
  auto doc = parse_strict_json(body, 1);
  if (!doc || !doc->is_object() || doc->size() != 3) return bad;
  for (const char* k : {"connection", "nonce", "proof"}) {
    if (!doc->contains(k) || !doc->at(k).is_string()) return bad;
  }
  auto nonce = base64url_decode(doc->at("nonce").get<std::string>());
  auto proof = base64url_decode(doc->at("proof").get<std::string>());
  if (!nonce || nonce->size() != kHandshakeNonceBytes || !proof || proof->size() != 32) return bad;
  return Answer{doc->at("connection").get<std::string>(), std::move(*nonce), std::move(*proof)};
}

// The initiator's refusals, reworded for the person who pasted the code.
Error refusal(const net::HttpResponse& r) {
  switch (r.status) {
    case 401:
      return make_error("the initiator refused the invitation key: the code is wrong or was altered", ErrorKind::InvitationKey);
    case 404:
      return make_error("the initiator does not know this invitation (never issued there, or pruned); ask for a new code",
                        ErrorKind::InvitationUnknown);
    case 409:
      return make_error("this invitation code was already used; ask the other side for a new one", ErrorKind::InvitationUsed);
    case 410:
      return make_error("this invitation code has expired; ask the other side for a new one", ErrorKind::InvitationExpired);
    default:
      return make_error("the initiator answered " + std::to_string(r.status) + ": " + describe_error_body(r.body),
                        ErrorKind::Remote);
  }
}

// The redeem request, retried with the same nonce when no answer came; the initiator's
// refusals become the acceptor's errors.
Result<Answer> call_initiator(const InvitationOptions& options, const InvitationCode& code,
                              const std::string& connection, const std::string& url, const std::string& nonce) {
  const json request = {{"invitation", code.id},
                        {"connection", connection},
                        {"url", url},
                        {"nonce", base64url_encode(nonce)},
                        {"proof", base64url_encode(acceptor_proof(code.key, code.id, connection, url, nonce))}};
  auto endpoint = net::parse_endpoint(code.url);
  if (!endpoint) return endpoint.error();
  auto client = net::make_http_client(*endpoint, options.client);
  if (!client) return client.error();
  const net::HttpRequest http{"POST", std::string(kInvitationAcceptPath), {{"Content-Type", "application/json"}},
                              request.dump(-1, ' ', false, json::error_handler_t::replace)};
  Result<net::HttpResponse> response = make_error("no attempt made", ErrorKind::Network);
  for (int i = 0; i < std::max(1, options.accept_attempts); ++i) {
    if (i > 0) std::this_thread::sleep_for(options.accept_retry_pause);
    response = (*client)->send(http);
    if (response) break;
  }
  if (!response) {
    return make_error("cannot reach the initiator at " + code.url + ": " + response.error().message, ErrorKind::Network);
  }
  if (response->status != 200) return refusal(*response);
  return parse_answer(response->body);
}

}  // namespace

std::string format_utc(int64_t ms) {
  std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

Invitations::Invitations(KeyStore& store, InvitationOptions options) : store_(store), options_(std::move(options)) {}

Result<std::string> Invitations::create(const std::string& connection, const std::string& initiator_base_url,
                                        std::chrono::seconds ttl) {
  if (Status s = check_connection_name(connection); !s) return s.error();
  if (auto ep = net::parse_endpoint(initiator_base_url); !ep) return ep.error();
  if (ttl.count() <= 0 || ttl > options_.max_ttl) {
    return make_error("an invitation lives between 1 s and " + std::to_string(options_.max_ttl.count()) + " s",
                      ErrorKind::BadTtl);
  }
  auto id = random_bytes(16);
  auto key = random_bytes(kSecretBytes);
  if (!id) return id.error();
  if (!key) return key.error();
  PendingInvitation inv;
  inv.id = base64url_encode(*id);
  inv.connection = connection;
  inv.base_url = initiator_base_url;
  inv.key = std::move(*key);
  inv.created_ms = options_.clock();
  inv.expires_ms = inv.created_ms + ttl.count() * 1000;
  if (Status s = store_.put_invitation(inv); !s) return s.error();
  std::string code = encode_invitation_code({inv.base_url, inv.connection, inv.id, inv.key, inv.expires_ms});
  wipe(inv.key);
  if (options_.log) {
    options_.log("transport: invitation " + inv.id + " issued for connection " + connection + ", valid until " +
                 format_utc(inv.expires_ms));
  }
  return code;
}

Result<PeerInfo> Invitations::accept(const std::string& code_text, const std::string& acceptor_base_url,
                                     const std::string& local_connection) {
  auto code = parse_invitation_code(code_text);
  if (!code) return code.error();
  const std::string connection = local_connection.empty() ? code->connection : local_connection;
  if (Status s = check_connection_name(connection); !s) return s.error();
  if (auto ep = net::parse_endpoint(acceptor_base_url); !ep) return ep.error();
  if (options_.clock() > code->expires_ms) {
    return make_error("this invitation code expired at " + format_utc(code->expires_ms) +
                          "; ask the other side for a new one",
                      ErrorKind::InvitationExpired);
  }
  auto nonce = random_bytes(kHandshakeNonceBytes);
  if (!nonce) return nonce.error();
  auto answer = call_initiator(options_, *code, connection, acceptor_base_url, *nonce);
  if (!answer) return answer.error();
  if (answer->connection != code->connection ||
      !constant_time_equal(answer->proof,
                           initiator_proof(code->key, code->id, answer->connection, *nonce, answer->nonce))) {
    return make_error("the initiator's answer does not prove it holds the invitation key; nothing was stored",
                      ErrorKind::Remote);
  }
  auto secret = derive_connection_secret(code->key, code->id, *nonce, answer->nonce);
  if (!secret) return secret.error();
  Peer peer{{connection, code->connection, code->url, Role::Acceptor, options_.clock()}, std::move(*secret)};
  wipe(code->key);
  Status stored = store_.put_peer(peer);
  wipe(peer.secret);
  if (!stored) return stored.error();
  if (options_.log) {
    options_.log("transport: connection " + connection + " paired with " + code->url + " (their connection " +
                 code->connection + ")");
  }
  return peer.info;
}

}  // namespace twinsync::transport
