// receiver.h — the node's side that takes events in: verifies a signed batch, parses it, hands it
// to EventQueue::accept and answers with the acknowledged ids only after accept has committed.
// It also takes the peer's signed word that it deleted the connection (unpair).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <variant>

#include "runtime/net/http.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/event_queue.h"
#include "runtime/transport/nonce_cache.h"
#include "runtime/transport/peer.h"
#include "runtime/transport/wire.h"

namespace twinsync::transport {

struct ReceiverOptions {
  Clock clock = system_now_ms;
  WireLimits limits;
  size_t nonce_capacity = 100'000;
  /// One line per refused or failed request (never a secret, a signature or a body).
  std::function<void(std::string_view)> log;
  /// The peer of a connection deleted its side (a signed unpair request): forget the pairing.
  /// Unset: unpair requests are refused (404).
  std::function<Status(const std::string& connection)> unpaired;
};

/// Thread-safe: the HTTP server calls handle() from its worker threads.
class Receiver {
 public:
  Receiver(PeerSource& peers, EventQueue& queue, ReceiverOptions options = {});

  /// For `POST /twinsync/v1/connections/{name}/events`. Answers: 200 {"acked":[…]} (signed),
  /// 400 malformed batch (signed), 401 unsigned/bad signature/stale/replayed, 404 unknown path or
  /// connection, 405 not POST, 503 the queue or the key store failed (signed when possible).
  net::HttpResponse handle(const net::HttpRequest& request);
  /// The same, for a node whose router already took the connection name from the path.
  net::HttpResponse handle_events(const std::string& connection, const net::HttpRequest& request);
  /// For `POST /twinsync/v1/connections/{name}/unpair`, signed like events: the peer deleted its
  /// side of the connection. Answers 200 {"unpaired":true} (signed) once options.unpaired
  /// forgot the pairing; the same refusals as events otherwise.
  net::HttpResponse handle_unpair(const std::string& connection, const net::HttpRequest& request);

 private:
  /// The connection's peer once `request` is proven to come from it; otherwise the answer.
  std::variant<Peer, net::HttpResponse> authenticate(const std::string& connection, const net::HttpRequest& request,
                                                     const std::string& path);
  void note(const std::string& connection, int status, const Error& error);
  net::HttpResponse refuse(const std::string& connection, int status, const Error& error);

  PeerSource& peers_;
  EventQueue& queue_;
  ReceiverOptions options_;
  NonceCache nonces_;
};

}  // namespace twinsync::transport
