// receiver.cpp — the checks in order: route, peer, signature and freshness, then the batch and
// accept (events) or forgetting the pairing (unpair).
#include "runtime/transport/receiver.h"

#include "runtime/transport/paths.h"
#include "runtime/transport/signing.h"

namespace twinsync::transport {

namespace {

net::HttpResponse json_response(int status, std::string body) {
  return net::HttpResponse{status, {{"Content-Type", "application/json"}}, std::move(body)};
}

}  // namespace

Receiver::Receiver(PeerSource& peers, EventQueue& queue, ReceiverOptions options)
    : peers_(peers), queue_(queue), options_(std::move(options)), nonces_(options_.nonce_capacity, kMaxSkewSeconds) {}

void Receiver::note(const std::string& connection, int status, const Error& error) {
  if (options_.log) {
    options_.log("transport: connection " + connection + ": refused events (" + std::to_string(status) +
                 "): " + error.message);
  }
}

net::HttpResponse Receiver::refuse(const std::string& connection, int status, const Error& error) {
  note(connection, status, error);
  return json_response(status, encode_error(error.message, error_kind_text(error)));
}

net::HttpResponse Receiver::handle(const net::HttpRequest& request) {
  if (auto connection = connection_of_events_target(request.target)) return handle_events(*connection, request);
  if (auto connection = connection_of_unpair_target(request.target)) return handle_unpair(*connection, request);
  return json_response(404, encode_error("no such endpoint", "not_found"));
}

std::variant<Peer, net::HttpResponse> Receiver::authenticate(const std::string& connection,
                                                             const net::HttpRequest& request, const std::string& path) {
  if (!check_connection_name(connection)) {
    return json_response(404, encode_error("no such connection on this node", "not_found"));
  }
  if (request.method != "POST") {
    auto r = json_response(405, encode_error("use POST", "method"));
    r.headers.emplace_back("Allow", "POST");
    return r;
  }
  auto found = peers_.peer(connection);
  if (!found) {
    note(connection, 503, found.error());
    return json_response(503, encode_error("this node cannot read its connection keys", "store"));
  }
  if (!*found) return refuse(connection, 404, make_error("no connection named " + connection + " on this node", ErrorKind::NotFound));
  const Peer& peer = **found;
  const Role sender = other_role(peer.info.role);
  if (Status s = verify_request(request, path, peer.secret, sender, options_.clock(), nonces_, connection); !s) {
    return refuse(connection, 401, s.error());
  }
  return peer;
}

net::HttpResponse Receiver::handle_events(const std::string& connection, const net::HttpRequest& request) {
  auto proven = authenticate(connection, request, events_path(connection));
  if (auto* answer = std::get_if<net::HttpResponse>(&proven)) return std::move(*answer);
  const Peer& peer = std::get<Peer>(proven);

  // From here the sender is authenticated: every answer is signed so it can trust the outcome.
  const std::string nonce(request.header(kNonceHeader));
  auto signed_answer = [&](int status, std::string body) {
    auto r = json_response(status, std::move(body));
    sign_response(r, nonce, peer.secret, peer.info.role, options_.clock());
    return r;
  };
  auto events = parse_batch(request.body, options_.limits);
  if (!events) {
    note(connection, 400, events.error());
    return signed_answer(400, encode_error(events.error().message, error_kind_text(events.error())));
  }
  if (Status s = queue_.accept(connection, *events); !s) {
    note(connection, 503, s.error());
    return signed_answer(503, encode_error("this node could not store the events; send them again later", "store"));
  }
  std::vector<std::string> ids;
  ids.reserve(events->size());
  for (const Event& e : *events) ids.push_back(e.id);
  return signed_answer(200, encode_ack(ids));
}

net::HttpResponse Receiver::handle_unpair(const std::string& connection, const net::HttpRequest& request) {
  if (!options_.unpaired) return json_response(404, encode_error("no such endpoint", "not_found"));
  auto proven = authenticate(connection, request, unpair_path(connection));
  if (auto* answer = std::get_if<net::HttpResponse>(&proven)) return std::move(*answer);
  const Peer peer = std::get<Peer>(proven);  // a copy: the pairing it came from is forgotten below
  const std::string nonce(request.header(kNonceHeader));
  auto signed_answer = [&](int status, std::string body) {
    auto r = json_response(status, std::move(body));
    sign_response(r, nonce, peer.secret, peer.info.role, options_.clock());
    return r;
  };
  if (Status s = options_.unpaired(connection); !s) {
    note(connection, 503, s.error());
    return signed_answer(503, encode_error("this node could not forget the pairing; ask again later", "store"));
  }
  return signed_answer(200, R"({"unpaired":true})");
}

}  // namespace twinsync::transport
