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
using twinsync::testkit::make_event;
using twinsync::testkit::MemoryPeers;
using twinsync::testkit::MemoryQueue;

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

// Unpairing: only the peer's signed word makes this node forget the pairing, once.
class TransportUnpair : public TransportReceiver {
 protected:
  TransportUnpair() {
    ReceiverOptions o;
    o.clock = [this] { return now_; };
    o.unpaired = [this](const std::string& connection) -> twinsync::Status {
      forgotten_.push_back(connection);
      if (fail_) return twinsync::make_error("disk full", twinsync::ErrorKind::Store);
      return twinsync::ok_status();
    };
    unpairing_ = std::make_unique<Receiver>(peers_, queue_, o);
  }
  HttpRequest unpair(const std::string& secret, Role as = Role::Initiator, const std::string& connection = "green") {
    const std::string path = unpair_path(connection);
    HttpRequest r{"POST", path, {{"Content-Type", "application/json"}}, "{}"};
    EXPECT_TRUE(sign_request(r, path, secret, as, kNow));
    return r;
  }

  std::vector<std::string> forgotten_;
  bool fail_ = false;
  std::unique_ptr<Receiver> unpairing_;
};

TEST_F(TransportUnpair, ASignedRequestForgetsThePairingAndTheAnswerIsSigned) {
  HttpRequest req = unpair(secret_);
  HttpResponse r = unpairing_->handle(req);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(verify_response(r, req.header(kNonceHeader), secret_, Role::Acceptor, kNow));
  EXPECT_EQ(forgotten_, std::vector<std::string>{"green"});
  EXPECT_EQ(unpairing_->handle(req).status, 401) << "a replayed unpair is refused";
  EXPECT_EQ(forgotten_.size(), 1u);
}

TEST_F(TransportUnpair, AnOutsiderOrAReflectedRequestForgetsNothing) {
  EXPECT_EQ(unpairing_->handle(unpair(std::string(32, 'x'))).status, 401);
  EXPECT_EQ(unpairing_->handle(unpair(secret_, Role::Acceptor)).status, 401) << "this node's own role, reflected";
  HttpRequest unsigned_request{"POST", unpair_path("green"), {{"Content-Type", "application/json"}}, "{}"};
  EXPECT_EQ(unpairing_->handle(unsigned_request).status, 401);
  EXPECT_EQ(unpairing_->handle(unpair(secret_, Role::Initiator, "nosuch")).status, 404);
  HttpRequest get = unpair(secret_);
  get.method = "GET";
  EXPECT_EQ(unpairing_->handle(get).status, 405);
  // A signature over the events path does not unpair (each path is signed for itself).
  HttpRequest events = request({});
  events.target = unpair_path("green");
  EXPECT_EQ(unpairing_->handle(events).status, 401);
  EXPECT_TRUE(forgotten_.empty());
  // A receiver that was not given a way to forget has no such endpoint.
  EXPECT_EQ(receiver_->handle(unpair(secret_)).status, 404);
}

TEST_F(TransportUnpair, AFailureToForgetIsASignedRefusalWithoutInternals) {
  fail_ = true;
  HttpRequest req = unpair(secret_);
  HttpResponse r = unpairing_->handle(req);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body.find("disk full"), std::string::npos);
  EXPECT_TRUE(verify_response(r, req.header(kNonceHeader), secret_, Role::Acceptor, kNow));
}

}  // namespace
