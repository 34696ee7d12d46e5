// invitation.h — pairing two nodes: the initiator creates a one-time code for a connection, the
// acceptor redeems it over HTTP (POST /twinsync/v1/invitations/accept), and both store the same
// derived secret for that connection. A code works once and expires.
#pragma once

#include <chrono>
#include <functional>
#include <string>
#include <string_view>

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/transport/client_options.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/key_store.h"
#include "runtime/transport/peer.h"

namespace twinsync::transport {

struct InvitationOptions {
  Clock clock = system_now_ms;
  net::ClientOptions client = transport_client_options();
  std::chrono::seconds max_ttl{std::chrono::hours(24 * 7)};
  /// The acceptor retries a request that got no answer, with the same nonce: the initiator
  /// answers a repeat of the redemption it already made identically.
  int accept_attempts = 3;
  std::chrono::milliseconds accept_retry_pause{500};
  /// One line per issued, redeemed or refused invitation (never a code, key or secret).
  std::function<void(std::string_view)> log;
};

class Invitations {
 public:
  explicit Invitations(KeyStore& store, InvitationOptions options = {});

  /// Initiator: records a pending invitation for `connection` and returns its code (one line).
  /// `initiator_base_url` is where the acceptor will reach this node.
  Result<std::string> create(const std::string& connection, const std::string& initiator_base_url,
                             std::chrono::seconds ttl);

  /// Acceptor: redeems `code` with the initiator and stores the peer for `local_connection`
  /// (default: the initiator's connection name). `acceptor_base_url` is where the initiator will
  /// reach this node. Error kinds: "bad_code", "invitation_expired", "invitation_used",
  /// "invitation_key" (wrong or altered key), "invitation_unknown", "network", "remote".
  Result<PeerInfo> accept(const std::string& code, const std::string& acceptor_base_url,
                          const std::string& local_connection = {});

  /// Initiator: the handler for POST /twinsync/v1/invitations/accept. Answers 200 with the
  /// initiator's nonce and proof, 400 malformed, 401 wrong key, 404 unknown invitation,
  /// 409 already used, 410 expired, 503 store failure. Thread-safe.
  net::HttpResponse handle(const net::HttpRequest& request);

 private:
  KeyStore& store_;
  InvitationOptions options_;
};

/// "2024-05-01T12:00:00Z" for messages about expiry.
std::string format_utc(int64_t ms);

}  // namespace twinsync::transport
