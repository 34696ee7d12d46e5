// Signed requests and responses: what is refused (tampered body, wrong secret, stale timestamp,
// replayed nonce, a request reflected back to its sender) and the bounded nonce cache.
#include <gtest/gtest.h>

#include "runtime/transport/signing.h"

namespace transport_signing_test {
namespace {

using namespace twinsync::transport;
using twinsync::net::HttpRequest;
using twinsync::net::HttpResponse;

constexpr int64_t kNow = 1'700'000'000'000;
const std::string kSecret(32, 's');
constexpr std::string_view kPath = "/twinsync/v1/connections/blue/events";

HttpRequest signed_request(std::string body = "{\"events\":[]}", int64_t at = kNow,
                           const std::string& secret = kSecret, Role sender = Role::Initiator) {
  HttpRequest r{"POST", std::string(kPath), {}, std::move(body)};
  EXPECT_TRUE(sign_request(r, kPath, secret, sender, at));
  return r;
}

std::string kind_of(const twinsync::Status& s) { return s ? "ok" : std::string(twinsync::error_kind_name(s.error().kind)); }

TEST(TransportSigning, AcceptsAGoodRequestOnce) {
  NonceCache nonces;
  HttpRequest r = signed_request();
  EXPECT_EQ(r.header(kTimestampHeader), std::to_string(kNow / 1000));
  EXPECT_EQ(r.header(kSignatureHeader).size(), 64u);
  EXPECT_EQ(kind_of(verify_request(r, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "ok");
  auto again = verify_request(r, kPath, kSecret, Role::Initiator, kNow + 1000, nonces, "blue");
  EXPECT_EQ(kind_of(again), "replayed");
  EXPECT_NE(again.error().message.find("replayed"), std::string::npos);
  // The same nonce on another connection is another scope.
  EXPECT_EQ(kind_of(verify_request(r, kPath, kSecret, Role::Initiator, kNow, nonces, "green")), "ok");
}

TEST(TransportSigning, RefusesATamperedBodyPathOrMethod) {
  NonceCache nonces;
  HttpRequest r = signed_request("{\"events\":[1]}");
  r.body = "{\"events\":[2]}";
  EXPECT_EQ(kind_of(verify_request(r, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "bad_signature");
  HttpRequest p = signed_request();
  EXPECT_EQ(kind_of(verify_request(p, "/twinsync/v1/connections/red/events", kSecret, Role::Initiator, kNow, nonces,
                                   "red")),
            "bad_signature");
  HttpRequest m = signed_request();
  m.method = "PUT";
  EXPECT_EQ(kind_of(verify_request(m, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "bad_signature");
  EXPECT_EQ(nonces.size(), 0u) << "nonces of refused requests are not remembered";
}

TEST(TransportSigning, RefusesAWrongSecretAndAReflectedRequest) {
  NonceCache nonces;
  HttpRequest wrong = signed_request("{}", kNow, std::string(32, 'x'));
  EXPECT_EQ(kind_of(verify_request(wrong, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "bad_signature");
  // A request the initiator sent, replayed to the initiator itself, claims the wrong side.
  HttpRequest own = signed_request("{}", kNow, kSecret, Role::Initiator);
  EXPECT_EQ(kind_of(verify_request(own, kPath, kSecret, Role::Acceptor, kNow, nonces, "blue")), "bad_signature");
}

TEST(TransportSigning, RefusesStaleAndFutureTimestamps) {
  NonceCache nonces;
  const int64_t limit = kMaxSkewSeconds * 1000;
  EXPECT_EQ(kind_of(verify_request(signed_request("{}", kNow - limit), kPath, kSecret, Role::Initiator, kNow, nonces,
                                   "blue")),
            "ok");
  auto old = verify_request(signed_request("{}", kNow - limit - 1000), kPath, kSecret, Role::Initiator, kNow, nonces,
                            "blue");
  EXPECT_EQ(kind_of(old), "stale");
  EXPECT_NE(old.error().message.find("stale"), std::string::npos);
  EXPECT_EQ(kind_of(verify_request(signed_request("{}", kNow + limit + 1000), kPath, kSecret, Role::Initiator, kNow,
                                   nonces, "blue")),
            "stale");
}

TEST(TransportSigning, RefusesMissingOrMalformedHeaders) {
  NonceCache nonces;
  HttpRequest none{"POST", std::string(kPath), {}, "{}"};
  EXPECT_EQ(kind_of(verify_request(none, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "unsigned");
  const std::vector<std::pair<std::string_view, std::string>> cases = {
      {kTimestampHeader, "-5"}, {kTimestampHeader, "12x"}, {kNonceHeader, "short"}, {kSignatureHeader, "zz"}};
  for (const auto& [header, value] : cases) {
    HttpRequest r = signed_request();
    for (auto& [k, v] : r.headers) {
      if (k == header) v = value;
    }
    EXPECT_EQ(kind_of(verify_request(r, kPath, kSecret, Role::Initiator, kNow, nonces, "blue")), "unsigned") << value;
  }
}

TEST(TransportSigning, ResponsesAreBoundToTheirRequestAndResponder) {
  HttpResponse r{200, {}, "{\"acked\":[\"a\"]}"};
  sign_response(r, "nonce-of-the-request", kSecret, Role::Acceptor, kNow);
  EXPECT_EQ(kind_of(verify_response(r, "nonce-of-the-request", kSecret, Role::Acceptor, kNow)), "ok");
  EXPECT_EQ(kind_of(verify_response(r, "another-request-nonce", kSecret, Role::Acceptor, kNow)), "bad_signature");
  EXPECT_EQ(kind_of(verify_response(r, "nonce-of-the-request", kSecret, Role::Initiator, kNow)), "bad_signature");
  EXPECT_EQ(kind_of(verify_response(r, "nonce-of-the-request", std::string(32, 'x'), Role::Acceptor, kNow)),
            "bad_signature");
  HttpResponse changed = r;
  changed.status = 503;
  EXPECT_EQ(kind_of(verify_response(changed, "nonce-of-the-request", kSecret, Role::Acceptor, kNow)), "bad_signature");
  changed = r;
  changed.body = "{\"acked\":[\"b\"]}";
  EXPECT_EQ(kind_of(verify_response(changed, "nonce-of-the-request", kSecret, Role::Acceptor, kNow)), "bad_signature");
  EXPECT_EQ(kind_of(verify_response(r, "nonce-of-the-request", kSecret, Role::Acceptor, kNow + 3'600'000)), "stale");
  EXPECT_EQ(kind_of(verify_response(HttpResponse{401, {}, "no"}, "n", kSecret, Role::Acceptor, kNow)), "unsigned");
}

TEST(TransportNonceCache, ForgetsOnlyWhatCanNoLongerBeReplayed) {
  NonceCache cache(3, 300);
  const int64_t now = 1'000'000;
  EXPECT_EQ(cache.remember("c", "n1", now - 10, now), NonceCache::Outcome::Fresh);
  EXPECT_EQ(cache.remember("c", "n2", now - 5, now), NonceCache::Outcome::Fresh);
  EXPECT_EQ(cache.remember("c", "n3", now, now), NonceCache::Outcome::Fresh);
  EXPECT_EQ(cache.remember("c", "n2", now, now), NonceCache::Outcome::Replayed);
  // Full: the oldest entry goes, and nothing stamped at or before it is accepted any more.
  EXPECT_EQ(cache.remember("c", "n4", now, now), NonceCache::Outcome::Fresh);
  EXPECT_EQ(cache.size(), 3u);
  EXPECT_EQ(cache.remember("c", "n1", now - 10, now), NonceCache::Outcome::TooOld);
  EXPECT_EQ(cache.remember("c", "n9", now - 10, now), NonceCache::Outcome::TooOld);
  EXPECT_EQ(cache.remember("c", "n5", now - 4, now), NonceCache::Outcome::Fresh);
  // Entries older than the freshness window leave by themselves.
  EXPECT_EQ(cache.remember("c", "late", now + 1000, now + 1000), NonceCache::Outcome::Fresh);
  EXPECT_EQ(cache.size(), 1u);
}

}  // namespace
}  // namespace transport_signing_test
