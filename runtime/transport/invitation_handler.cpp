// invitation_handler.cpp — the initiator's side of redeeming an invitation:
// POST /twinsync/v1/invitations/accept. The key is checked before the invitation's state is
// revealed, and the redemption and the new peer are committed together.
#include <nlohmann/json.hpp>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"
#include "runtime/transport/handshake.h"
#include "runtime/transport/invitation.h"
#include "runtime/transport/strict_json.h"
#include "runtime/transport/wire.h"

namespace twinsync::transport {

namespace {

using json = nlohmann::json;

struct Redemption {
  std::string id, connection, url, nonce, proof;
};

net::HttpResponse answer(int status, std::string body) {
  return net::HttpResponse{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

net::HttpResponse error_answer(int status, std::string message, ErrorKind kind) {
  return answer(status, encode_error(message, error_kind_name(kind)));
}

Result<Redemption> parse_redemption(std::string_view body) {
  auto bad = [](const std::string& why) { return make_error("malformed invitation request: " + why, ErrorKind::BadRequest); };
  if (body.size() > 16 * 1024) return bad("too large");
  auto doc = parse_strict_json(body, 1);
  if (!doc) return bad(doc.error().message);
  if (!doc->is_object() || doc->size() != 5) return bad("expected invitation, connection, url, nonce and proof");
  for (const char* k : {"invitation", "connection", "url", "nonce", "proof"}) {
    if (!doc->contains(k) || !doc->at(k).is_string()) return bad(std::string("\"") + k + "\" must be a string");
  }
  Redemption r{doc->at("invitation").get<std::string>(), doc->at("connection").get<std::string>(),
               doc->at("url").get<std::string>(), {}, {}};
  if (Status s = check_connection_name(r.connection); !s) return bad(s.error().message);
  if (auto ep = net::parse_endpoint(r.url); !ep) return bad("url: " + ep.error().message);
  auto id = base64url_decode(r.id);
  auto nonce = base64url_decode(doc->at("nonce").get<std::string>());
  auto proof = base64url_decode(doc->at("proof").get<std::string>());
  if (!id || id->size() != 16) return bad("\"invitation\" is not an invitation id");
  if (!nonce || nonce->size() != kHandshakeNonceBytes) return bad("\"nonce\" must be 32 bytes of base64url");
  if (!proof || proof->size() != 32) return bad("\"proof\" must be 32 bytes of base64url");
  r.nonce = std::move(*nonce);
  r.proof = std::move(*proof);
  return r;
}

std::string answer_body(const PendingInvitation& inv) {
  const std::string proof = initiator_proof(inv.key, inv.id, inv.connection, inv.acceptor_nonce, inv.initiator_nonce);
  return json{{"connection", inv.connection},
              {"nonce", base64url_encode(inv.initiator_nonce)},
              {"proof", base64url_encode(proof)}}
      .dump(-1, ' ', false, json::error_handler_t::replace);
}

// A first, valid redemption: derive the secret, then record the redemption and the new peer in
// one transaction (two simultaneous redemptions cannot both win).
net::HttpResponse redeem(KeyStore& store, const InvitationOptions& options, PendingInvitation& inv,
                         const Redemption& req) {
  const int64_t now = options.clock();
  auto nonce = random_bytes(kHandshakeNonceBytes);
  if (!nonce) return error_answer(503, nonce.error().message, ErrorKind::Crypto);
  auto secret = derive_connection_secret(inv.key, inv.id, req.nonce, *nonce);
  if (!secret) return error_answer(503, secret.error().message, ErrorKind::Crypto);
  inv.used_ms = now;
  inv.acceptor_nonce = req.nonce;
  inv.initiator_nonce = std::move(*nonce);
  inv.acceptor_connection = req.connection;
  inv.acceptor_url = req.url;
  // Field by field: GCC 12 at -O3 misreads the nested aggregate as maybe-uninitialized.
  Peer peer;
  peer.info.connection = inv.connection;
  peer.info.remote_connection = req.connection;
  peer.info.remote_url = req.url;
  peer.info.role = Role::Initiator;
  peer.info.created_ms = now;
  peer.secret = std::move(*secret);
  Status redeemed = store.redeem_invitation(inv, peer);
  wipe(peer.secret);
  if (!redeemed) {
    if (redeemed.error().kind == ErrorKind::InvitationUsed) return error_answer(409, redeemed.error().message, ErrorKind::InvitationUsed);
    if (options.log) options.log("transport: invitation " + inv.id + " could not be stored: " + redeemed.error().message);
    return error_answer(503, "this node could not store the new connection", ErrorKind::Store);
  }
  if (options.log) {
    options.log("transport: invitation " + inv.id + " accepted: connection " + inv.connection + " paired with " +
                req.url + " (their connection " + req.connection + ")");
  }
  return answer(200, answer_body(inv));
}

// An invitation already used: the same acceptor asking again (its first answer was lost) gets
// the same answer; anyone else a refusal.
net::HttpResponse answer_used(const PendingInvitation& inv, const Redemption& req) {
  const bool repeat = inv.acceptor_nonce == req.nonce && inv.acceptor_connection == req.connection &&
                      inv.acceptor_url == req.url;
  return repeat ? answer(200, answer_body(inv)) : error_answer(409, "this invitation was already used", ErrorKind::InvitationUsed);
}

}  // namespace

net::HttpResponse Invitations::handle(const net::HttpRequest& request) {
  if (request.method != "POST") {
    auto r = error_answer(405, "use POST", ErrorKind::Method);
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  auto req = parse_redemption(request.body);
  if (!req) return error_answer(400, req.error().message, req.error().kind);
  auto found = store_.invitation(req->id);
  if (!found) {
    if (options_.log) options_.log("transport: invitation " + req->id + " cannot be read: " + found.error().message);
    return error_answer(503, "this node cannot read its invitations", ErrorKind::Store);
  }
  if (!*found) return error_answer(404, "no such invitation on this node", ErrorKind::InvitationUnknown);
  PendingInvitation inv = std::move(**found);
  net::HttpResponse response;
  if (!constant_time_equal(acceptor_proof(inv.key, inv.id, req->connection, req->url, req->nonce), req->proof)) {
    if (options_.log) options_.log("transport: invitation " + inv.id + " refused: wrong key");
    response = error_answer(401, "the invitation key does not match: the code is wrong or was altered", ErrorKind::InvitationKey);
  } else if (inv.used_ms) {
    response = answer_used(inv, *req);
  } else if (options_.clock() > inv.expires_ms) {
    response = error_answer(410, "this invitation expired at " + format_utc(inv.expires_ms), ErrorKind::InvitationExpired);
  } else {
    response = redeem(store_, options_, inv, *req);
  }
  wipe(inv.key);
  return response;
}

}  // namespace twinsync::transport
