// The wire format: batches round-trip with binary payloads; untrusted bodies are refused with
// an error that says where; encoding refuses what parsing would.
#include <gtest/gtest.h>

#include "runtime/transport/wire.h"
#include "tests/support/transport_fakes.h"

namespace {

using namespace twinsync::transport;
using twinsync::testkit::make_event;

TEST(TransportWire, BatchesRoundTripWithBinaryPayloads) {
  std::vector<Event> events = {make_event("QA-1", 1), make_event("QA-1", 2), make_event("QA-É", 1)};
  events[1].payload = std::string(256, '\0');
  for (int i = 0; i < 256; ++i) events[1].payload[i] = static_cast<char>(i);
  events[2].id = "QA-E-1";  // ids are ASCII; twin keys need not be
  events[2].created_ms = -5;
  const std::string body = encode_batch(events);
  auto parsed = parse_batch(body);
  ASSERT_TRUE(parsed) << parsed.error().message;
  EXPECT_EQ(*parsed, events);
  size_t size = encoded_batch_overhead();
  for (const Event& e : events) size += encoded_event_size(e);
  EXPECT_EQ(size, body.size() + 1) << "the sizes add up (one comma fewer than events)";
}

TEST(TransportWire, AcksAndErrorsRoundTrip) {
  auto ids = parse_ack(encode_ack({"a", "b"}));
  ASSERT_TRUE(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(describe_error_body(encode_error("no such connection", "not_found")), "no such connection");
  EXPECT_EQ(describe_error_body("<html>\x01oops"), "<html>?oops");
  EXPECT_FALSE(parse_ack("{\"acked\":[1]}"));
  EXPECT_FALSE(parse_ack("{\"acked\":[],\"more\":1}"));
}

std::string one(const std::string& fields) { return "{\"events\":[{" + fields + "}]}"; }
const std::string kGood = R"("id":"a","kind":"replica","twin":"QA-1","seq":1,"created_ms":5,"payload":"")";

TEST(TransportWire, RefusesMalformedBatchesAndSaysWhere) {
  ASSERT_TRUE(parse_batch(one(kGood)));
  struct Case {
    std::string body, message;
  };
  const std::vector<Case> cases = {
      {"", "malformed JSON at byte"},
      {"{\"events\":[]} x", "malformed JSON"},
      {"[]", "exactly one field"},
      {"{\"events\":{}}", "events: expected an array"},
      {"{\"events\":[], \"extra\":1}", "exactly one field"},
      {"{\"events\":[], \"events\":[]}", "duplicate key \"events\""},
      {"{\"events\":[[[]]]}", "nested deeper than 3"},
      {"{\"events\":[1]}", "events[0]: expected an object"},
      {one(R"("id":"a","kind":"replica","twin":"QA-1","seq":1,"created_ms":5)"), "missing field \"payload\""},
      {one(kGood + R"(,"colour":"red")"), "unknown field \"colour\""},
      {one(R"("id":"a","kind":"replica","twin":"QA-1","seq":-1,"created_ms":5,"payload":"")"), "events[0].seq"},
      {one(R"("id":"a","kind":"replica","twin":"QA-1","seq":1.5,"created_ms":5,"payload":"")"), "events[0].seq"},
      {one(R"("id":"a","kind":"replica","twin":"QA-1","seq":1,"created_ms":"5","payload":"")"), "created_ms"},
      {one(R"("id":"a","kind":"replica","twin":"QA-1","seq":1,"created_ms":5,"payload":"a b")"), "not valid base64"},
      {one(R"("id":7,"kind":"replica","twin":"QA-1","seq":1,"created_ms":5,"payload":"")"), "events[0].id"},
      {one(R"("id":"a b","kind":"replica","twin":"QA-1","seq":1,"created_ms":5,"payload":"")"), "event id must be"},
      {one(R"("id":"","kind":"replica","twin":"QA-1","seq":1,"created_ms":5,"payload":"")"), "event id must be"},
      {one(R"("id":"a","kind":"","twin":"QA-1","seq":1,"created_ms":5,"payload":"")"), "kind must be"},
      {one(R"("id":"a","kind":"r","twin":"QA\n1","seq":1,"created_ms":5,"payload":"")"), "twin must be"},
      {"{\"events\":[{" + kGood + "},{" + kGood + "}]}", "events[1].id: duplicate id a"},
      {"{\"events\":[\"\xff\"]}", "malformed JSON"},
  };
  for (const Case& c : cases) {
    auto r = parse_batch(c.body);
    ASSERT_FALSE(r) << c.body;
    EXPECT_EQ(r.error().kind, twinsync::ErrorKind::BadBatch);
    EXPECT_NE(r.error().message.find(c.message), std::string::npos) << c.body << " -> " << r.error().message;
  }
}

TEST(TransportWire, EnforcesSizeLimits) {
  WireLimits small;
  small.max_events = 2;
  small.max_payload_bytes = 4;
  small.max_body_bytes = 300;
  std::vector<Event> three = {make_event("A", 1), make_event("A", 2), make_event("A", 3)};
  for (Event& e : three) e.payload = "abc";
  WireLimits two;
  two.max_events = 2;
  auto many = parse_batch(encode_batch(three), two);
  ASSERT_FALSE(many);
  EXPECT_NE(many.error().message.find("more than the limit of 2"), std::string::npos);
  Event big = make_event("A", 1);
  big.payload = "abcdefgh";
  auto large = parse_batch(encode_batch(std::vector<Event>{big}), small);
  ASSERT_FALSE(large);
  EXPECT_NE(large.error().message.find("payload"), std::string::npos);
  EXPECT_FALSE(check_event(big, small));
  EXPECT_FALSE(parse_batch(std::string(301, ' '), small));
}

}  // namespace
