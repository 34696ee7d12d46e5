// The receiver as the node mounts it, called directly: what it accepts, what it refuses and
// with which status, and that it acknowledges only what the queue committed.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "runtime/transport/paths.h"
#include "runtime/transport/receiver.h"
#include "runtime/transport/signing.h"
#include "runtime/transport/wire.h"
#include "tests/support/transport_fakes.h"

namespace {

using namespace twinsync::transport;
using twinsync::net::HttpRequest;
using twinsync::net::HttpResponse;
using twinsync::testing::make_event;
using twinsync::testing::MemoryPeers;
using twinsync::testing::MemoryQueue;

constexpr int64_t kNow = 1'700'000'000'000;

class TransportReceiver : public ::testing::Test {
 protected:
  TransportReceiver() {
    // This node accepted the invitation; the sender is the initiator.
    peers_.put(Peer{{"green", "blue", "http://blue.invalid", Role::Acceptor, 0}, secret_});
    ReceiverOptions o;
    o.clock = [this] { return now_; };
    o.log = [this](std::string_view line) { log_.emplace_back(line); };
    receiver_ = std::make_unique<Receiver>(peers_, queue_, o);
  }

  HttpRequest request(const std::vector<Event>& events, const std::string& secret, int64_t at = kNow,
                      const std::string& connection = "green") {
    const std::string path = events_path(connection);
    HttpRequest r{"POST", path, {{"Content-Type", "application/json"}}, encode_batch(events)};
    EXPECT_TRUE(sign_request(r, path, secret, Role::Initiator, at));
    return r;
  }
  HttpRequest request(const std::vector<Event>& events) { return request(events, secret_); }

  static std::string kind(const HttpResponse& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    return j.is_object() && j.contains("kind") ? j["kind"].get<std::string>() : "";
  }

  const std::string secret_ = std::string(32, 'g');
  int64_t now_ = kNow;
  MemoryPeers peers_;
  MemoryQueue queue_;
  std::vector<std::string> log_;
  std::unique_ptr<Receiver> receiver_;
};

TEST_F(TransportReceiver, AcceptsASignedBatchAndAcknowledgesItSigned) {
  HttpRequest req = request({make_event("BLUE-1", 1), make_event("BLUE-1", 2)});
  HttpResponse r = receiver_->handle(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(parse_ack(r.body).value(), (std::vector<std::string>{"BLUE-1#1", "BLUE-1#2"}));
  EXPECT_TRUE(verify_response(r, req.header(kNonceHeader), secret_, Role::Acceptor, kNow));
  ASSERT_EQ(queue_.inbox("green").size(), 2u);
  EXPECT_EQ(queue_.inbox("green")[1], make_event("BLUE-1", 2));
}

TEST_F(TransportReceiver, DuplicateDeliveriesAreAcknowledgedButStoredOnce) {
  ASSERT_EQ(receiver_->handle(request({make_event("BLUE-1", 1)})).status, 200);
  HttpResponse again = receiver_->handle(request({make_event("BLUE-1", 1), make_event("BLUE-1", 2)}));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(parse_ack(again.body)->size(), 2u);
  EXPECT_EQ(queue_.inbox("green").size(), 2u);
  EXPECT_EQ(queue_.duplicates(), 1);
}

TEST_F(TransportReceiver, RefusesTamperedWrongSecretStaleAndReplayed) {
  HttpRequest tampered = request({make_event("BLUE-1", 1)});
  tampered.body = encode_batch(std::vector<Event>{make_event("BLUE-1", 666)});
  HttpResponse r = receiver_->handle(tampered);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(kind(r), "bad_signature");

  r = receiver_->handle(request({make_event("BLUE-1", 1)}, std::string(32, 'x')));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(kind(r), "bad_signature");

  r = receiver_->handle(request({make_event("BLUE-1", 1)}, secret_, kNow - 301'000));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(kind(r), "stale");
  EXPECT_NE(r.body.find("stale"), std::string::npos);

  HttpRequest once = request({make_event("BLUE-1", 1)});
  EXPECT_EQ(receiver_->handle(once).status, 200);
  r = receiver_->handle(once);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(kind(r), "replayed");

  EXPECT_EQ(queue_.accept_calls(), 1) << "nothing refused reached the queue";
  EXPECT_EQ(log_.size(), 4u);
}

TEST_F(TransportReceiver, AnswersUnknownRoutesConnectionsAndMethods) {
  EXPECT_EQ(receiver_->handle(request({make_event("B-1", 1)}, secret_, kNow, "nosuch")).status, 404);
  HttpRequest other = request({});
  other.target = "/twinsync/v1/connections/green/other";
  EXPECT_EQ(receiver_->handle(other).status, 404);
  HttpRequest get = request({});
  get.method = "GET";
  HttpResponse r = receiver_->handle(get);
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("Allow"), "POST");
  EXPECT_EQ(receiver_->handle_events("../x", request({})).status, 404);
}

TEST_F(TransportReceiver, AMalformedBatchIsRefusedWithASignedAnswer) {
  const std::string path = events_path("green");
  HttpRequest bad{"POST", path, {}, "{\"events\":[{\"id\":1}]}"};
  ASSERT_TRUE(sign_request(bad, path, secret_, Role::Initiator, kNow));
  HttpResponse r = receiver_->handle(bad);
  EXPECT_EQ(r.status, 400);
  EXPECT_NE(r.body.find("events[0]"), std::string::npos) << r.body;
  EXPECT_TRUE(verify_response(r, bad.header(kNonceHeader), secret_, Role::Acceptor, kNow));
}

TEST_F(TransportReceiver, NoAcknowledgementWhenTheQueueFails) {
  queue_.set_fail_accept(true);
  HttpResponse r = receiver_->handle(request({make_event("BLUE-1", 1)}));
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("acked"), std::string::npos);
  EXPECT_EQ(r.body.find("disk full"), std::string::npos) << "store internals stay in the log";
  EXPECT_TRUE(queue_.inbox("green").empty());
}

}  // namespace
