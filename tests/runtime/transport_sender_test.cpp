// The sender against a real receiver over loopback HTTP: delivery in order, wake-up on notify,
// a remote that is down for a while (stopped, then restarted on the same port), lost answers
// that cause duplicate deliveries, and untrusted answers.
#include <gtest/gtest.h>

#include <atomic>

#include "runtime/net/http_server.h"
#include "runtime/transport/receiver.h"
#include "runtime/transport/sender.h"
#include "tests/support/transport_fakes.h"

namespace {

using namespace twinsync::transport;
using namespace std::chrono_literals;
using twinsync::net::HttpRequest;
using twinsync::net::HttpResponse;
using twinsync::net::HttpServer;
using twinsync::net::ServerOptions;
using twinsync::testkit::eventually;
using twinsync::testkit::make_event;
using twinsync::testkit::MemoryPeers;
using twinsync::testkit::MemoryQueue;

class TransportSender : public ::testing::Test {
 protected:
  TransportSender() {
    remote_peers_.put(Peer{{"green", "blue", "http://unused.invalid", Role::Acceptor, 0}, secret_});
    receiver_ = std::make_unique<Receiver>(remote_peers_, remote_queue_);
  }

  void serve(uint16_t port = 0) {
    ServerOptions o;
    o.port = port;
    auto s = HttpServer::start(o, [this](const HttpRequest& r) { return handler_ ? handler_(r) : receiver_->handle(r); });
    ASSERT_TRUE(s) << s.error().message;
    server_ = std::move(*s);
    local_peers_.put(Peer{{"blue", "green", "http://127.0.0.1:" + std::to_string(server_->port()), Role::Initiator, 0},
                          secret_});
  }

  SenderOptions fast() {
    SenderOptions o;
    o.backoff_initial = 10ms;
    o.backoff_max = 80ms;
    o.idle_recheck = 10s;  // notify() must be what wakes it
    o.max_batch_events = 4;
    o.client.connect_timeout = 1s;
    o.client.request_timeout = 2s;
    o.log = [this](std::string_view line) {
      std::lock_guard lock(log_mu_);
      log_.emplace_back(line);
    };
    return o;
  }

  // Every event arrived once, and each twin's events in sequence order.
  void expect_in_order(size_t count) {
    auto inbox = remote_queue_.inbox("green");
    ASSERT_EQ(inbox.size(), count);
    std::map<std::string, uint64_t> last;
    for (const Event& e : inbox) {
      EXPECT_EQ(e.seq, last[e.twin] + 1) << e.id;
      last[e.twin] = e.seq;
    }
  }

  const std::string secret_ = std::string(32, 'q');
  MemoryPeers local_peers_, remote_peers_;
  MemoryQueue local_queue_, remote_queue_;
  std::unique_ptr<Receiver> receiver_;
  std::function<HttpResponse(const HttpRequest&)> handler_;
  std::unique_ptr<HttpServer> server_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_F(TransportSender, DeliversInOrderAndWakesOnNotify) {
  serve();
  for (uint64_t i = 1; i <= 10; ++i) local_queue_.enqueue("blue", make_event("BLUE-" + std::to_string(i % 3), (i + 2) / 3));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 10; }));
  local_queue_.enqueue("blue", make_event("BLUE-9", 1));
  local_queue_.enqueue("blue", make_event("BLUE-9", 2));
  sender.notify();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 12; }, 1s))
      << "notify() wakes the idle worker at once";
  EXPECT_TRUE(eventually([&] { return local_queue_.delivered_count() == 12; }));
  EXPECT_EQ(sender.status().delivered, 12u);
  EXPECT_GE(sender.status().batches, 4u) << "batches of at most 4";
  sender.stop();
  EXPECT_FALSE(sender.status().running);
}

TEST_F(TransportSender, ARemoteThatIsDownFindsEverythingQueuedAfterItsRestart) {
  serve();
  const uint16_t port = server_->port();
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  local_queue_.enqueue("blue", make_event("BLUE-1", 1));
  sender.notify();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 1; }));

  server_->stop();
  server_.reset();
  for (uint64_t seq = 2; seq <= 9; ++seq) {
    local_queue_.enqueue("blue", make_event("BLUE-1", seq));
    local_queue_.enqueue("blue", make_event("BLUE-2", seq - 1));
    sender.notify();
  }
  ASSERT_TRUE(eventually([&] { return sender.status().consecutive_failures >= 3; }));
  EXPECT_NE(sender.status().last_error.find("unreachable"), std::string::npos) << sender.status().last_error;
  EXPECT_EQ(local_queue_.delivered_count(), 1u) << "nothing is dropped while the remote is down";

  serve(port);
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 17; }));
  expect_in_order(17);
  EXPECT_EQ(remote_queue_.duplicates(), 0);
  EXPECT_TRUE(eventually([&] { return sender.status().consecutive_failures == 0; }));
  std::lock_guard lock(log_mu_);
  ASSERT_GE(log_.size(), 2u);
  EXPECT_NE(log_.front().find("cannot deliver events"), std::string::npos) << log_.front();
  EXPECT_NE(log_.back().find("delivering again"), std::string::npos) << log_.back();
}

TEST_F(TransportSender, ALostAnswerMeansADuplicateDeliveryThatTheReceiverDedupes) {
  std::atomic<int> calls = 0;
  handler_ = [&](const HttpRequest& r) {
    HttpResponse real = receiver_->handle(r);  // stored...
    if (++calls == 1) return HttpResponse{502, {}, "bad gateway"};  // ...but the answer is lost
    return real;
  };
  serve();
  for (uint64_t seq = 1; seq <= 3; ++seq) local_queue_.enqueue("blue", make_event("BLUE-1", seq));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return local_queue_.delivered_count() == 3; }));
  expect_in_order(3);
  EXPECT_EQ(remote_queue_.duplicates(), 3);
  EXPECT_EQ(remote_queue_.accept_calls(), 2);
}

TEST_F(TransportSender, AnUnsignedOrForgedAcknowledgementIsNotTrusted) {
  handler_ = [](const HttpRequest&) { return HttpResponse{200, {}, "{\"acked\":[\"BLUE-1#1\"]}"}; };
  serve();
  local_queue_.enqueue("blue", make_event("BLUE-1", 1));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return sender.status().consecutive_failures >= 2; }));
  EXPECT_NE(sender.status().last_error.find("not trusted"), std::string::npos) << sender.status().last_error;
  EXPECT_EQ(local_queue_.delivered_count(), 0u);
}

TEST_F(TransportSender, AWrongSecretIsReportedAndRetriedNotDropped) {
  serve();
  remote_peers_.put(Peer{{"green", "blue", "http://unused.invalid", Role::Acceptor, 0}, std::string(32, 'z')});
  local_queue_.enqueue("blue", make_event("BLUE-1", 1));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return sender.status().consecutive_failures >= 2; }));
  EXPECT_NE(sender.status().last_error.find("401"), std::string::npos) << sender.status().last_error;
  remote_peers_.put(Peer{{"green", "blue", "http://unused.invalid", Role::Acceptor, 0}, secret_});
  ASSERT_TRUE(eventually([&] { return local_queue_.delivered_count() == 1; }));
}

TEST_F(TransportSender, StopsPromptlyWhileBackingOff) {
  local_peers_.put(Peer{{"blue", "green", "http://127.0.0.1:1", Role::Initiator, 0}, secret_});
  local_queue_.enqueue("blue", make_event("BLUE-1", 1));
  SenderOptions o = fast();
  o.backoff_initial = 10s;
  o.backoff_max = 10s;
  Sender sender("blue", local_peers_, local_queue_, o);
  sender.start();
  ASSERT_TRUE(eventually([&] { return sender.status().consecutive_failures == 1; }));
  EXPECT_GT(sender.status().next_attempt_ms, 0);
  const auto t0 = std::chrono::steady_clock::now();
  sender.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 1s);
}

TEST_F(TransportSender, WithoutAPeerItWaitsForOne) {
  local_queue_.enqueue("nopeer", make_event("X-1", 1));
  Sender sender("nopeer", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return sender.status().consecutive_failures >= 1; }));
  EXPECT_NE(sender.status().last_error.find("no link"), std::string::npos);
}

TEST_F(TransportSender, AnEventThatCanNeverTravelIsHeldAndTheOthersFlow) {
  serve();
  SenderOptions o = fast();
  o.limits.max_payload_bytes = 64;
  Event big = make_event("BLUE-1", 1);
  big.payload = std::string(1000, 'x');
  local_queue_.enqueue("blue", big);
  local_queue_.enqueue("blue", make_event("BLUE-1", 2));  // waits behind its twin's held event
  local_queue_.enqueue("blue", make_event("BLUE-2", 1));
  Sender sender("blue", local_peers_, local_queue_, o);
  sender.start();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 1; }));
  EXPECT_EQ(remote_queue_.inbox("green")[0].twin, "BLUE-2");
  ASSERT_EQ(local_queue_.refused().count(big.id), 1u);
  EXPECT_NE(local_queue_.refused()[big.id].find("cannot be sent"), std::string::npos) << local_queue_.refused()[big.id];
  EXPECT_EQ(sender.status().refused, 1u);
  EXPECT_EQ(sender.status().consecutive_failures, 0u) << "a held event is not a failure to retry";
}

TEST_F(TransportSender, APermanentRefusalIsNarrowedToItsEvent) {
  // The remote takes smaller payloads than this side sends: it refuses the whole batch (a
  // signed 400); the sender halves it until the one event it refuses is found.
  ReceiverOptions ro;
  ro.limits.max_payload_bytes = 64;
  receiver_ = std::make_unique<Receiver>(remote_peers_, remote_queue_, ro);
  serve();
  Event big = make_event("BLUE-3", 1);
  big.payload = std::string(1000, 'x');
  local_queue_.enqueue("blue", make_event("BLUE-1", 1));
  local_queue_.enqueue("blue", big);
  local_queue_.enqueue("blue", make_event("BLUE-2", 1));
  local_queue_.enqueue("blue", make_event("BLUE-4", 1));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 3; }));
  ASSERT_EQ(local_queue_.refused().count(big.id), 1u);
  EXPECT_NE(local_queue_.refused()[big.id].find("remote node answered 400"), std::string::npos) << local_queue_.refused()[big.id];
  for (const Event& e : remote_queue_.inbox("green")) EXPECT_NE(e.twin, "BLUE-3");
}

TEST_F(TransportSender, A413FromTheRemoteServerHoldsTheEventAloneOnceItRepeats) {
  serve();
  std::atomic<int> refusals_alone{0};
  handler_ = [this, &refusals_alone](const HttpRequest& r) {
    if (r.body.size() > 2000) {
      if (r.body.find("BLUE-8") == std::string::npos) ++refusals_alone;
      return HttpResponse{413, {}, "too large"};
    }
    return receiver_->handle(r);
  };
  Event big = make_event("BLUE-7", 1);
  big.payload = std::string(3000, 'y');
  local_queue_.enqueue("blue", big);
  local_queue_.enqueue("blue", make_event("BLUE-8", 1));
  Sender sender("blue", local_peers_, local_queue_, fast());
  sender.start();
  ASSERT_TRUE(eventually([&] { return remote_queue_.inbox("green").size() == 1; }));
  EXPECT_EQ(local_queue_.refused().count(big.id), 1u);
  // The 413 is not signed (anyone on the path could send one): it was asked again before holding.
  EXPECT_EQ(refusals_alone.load(), 3);
}

}  // namespace
