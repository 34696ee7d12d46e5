// hostile_peer.h — another organisation's node gone bad: it pairs with a real node through an
// ordinary invitation, so every request it sends is correctly signed, and then asks for what its
// connection does not allow (issues outside the connection, re-pointing linked twins).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "runtime/net/http.h"
#include "runtime/node/node.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/invitation.h"
#include "runtime/transport/key_store.h"
#include "runtime/transport/paths.h"
#include "runtime/transport/signing.h"
#include "runtime/transport/wire.h"
#include "tests/support/temp_dir.h"

namespace twinsync::testkit {

class HostilePeer {
 public:
  HostilePeer() {
    db_ = std::make_unique<sqlite::Database>(sqlite::Database::open(dir_.file("evil.db")).value());
    keys_ = transport::KeyStore::open(*db_, std::string(32, 'e')).value();
    invitations_ = std::make_unique<transport::Invitations>(*keys_);
  }

  /// Redeems an invitation of `node` for its connection `connection`, as an acceptor that is
  /// never reachable itself (it only sends).
  void pair(node::Node& node, const std::string& connection) {
    auto code = node.invite(connection, std::chrono::seconds(600));
    ASSERT_TRUE(code) << code.error().message;
    auto info = invitations_->accept(*code, "http://127.0.0.1:1", "evil");
    ASSERT_TRUE(info) << info.error().message;
    auto peer = keys_->peer("evil");
    ASSERT_TRUE(peer && *peer);
    peer_ = **peer;
    auto endpoint = net::parse_endpoint(node.listen_url());
    auto client = net::make_http_client(*endpoint);
    ASSERT_TRUE(client);
    client_ = std::move(*client);
  }

  /// One signed batch to the node; the node's answer.
  net::HttpResponse send(const std::vector<transport::Event>& events) {
    const std::string path = transport::events_path(peer_.info.remote_connection);
    net::HttpRequest request{"POST", path, {{"Content-Type", "application/json"}}, transport::encode_batch(events)};
    auto signed_ok = transport::sign_request(request, path, peer_.secret, peer_.info.role, transport::system_now_ms());
    EXPECT_TRUE(signed_ok);
    auto r = client_->send(request);
    EXPECT_TRUE(r) << r.error().message;
    return r ? *r : net::HttpResponse{};
  }

  /// An event of this peer's twin `twin` (its own issue key), number `seq`.
  static transport::Event event(const std::string& kind, const std::string& twin, uint64_t seq, std::string payload) {
    return transport::Event{"evil-" + kind + "-" + twin + "-" + std::to_string(seq), kind, twin, seq, std::move(payload),
                            transport::system_now_ms()};
  }

 private:
  TempDir dir_;
  std::unique_ptr<sqlite::Database> db_;
  std::unique_ptr<transport::KeyStore> keys_;
  std::unique_ptr<transport::Invitations> invitations_;
  transport::Peer peer_;
  std::unique_ptr<net::HttpClient> client_;
};

}  // namespace twinsync::testkit
