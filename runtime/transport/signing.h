// signing.h — HMAC-SHA256 signatures on every node-to-node request and response, with the
// freshness and replay checks the receiver applies. The base strings are documented in
// docs/transport.md; both sides build them from the same functions here.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/transport/nonce_cache.h"
#include "runtime/transport/peer.h"

namespace twinsync::transport {

inline constexpr std::string_view kTimestampHeader = "X-Twinsync-Timestamp";
inline constexpr std::string_view kNonceHeader = "X-Twinsync-Nonce";
inline constexpr std::string_view kSignatureHeader = "X-Twinsync-Signature";
/// A request or response whose timestamp is further than this from the local clock is refused.
inline constexpr int64_t kMaxSkewSeconds = 300;

/// What the signature of a request covers. `path` is the protocol path the sender addresses
/// ("/twinsync/v1/connections/blue/events"), without the remote's base path or a query, so a
/// reverse proxy that adds or strips a prefix does not break signatures.
std::string request_signing_base(Role sender, std::string_view method, std::string_view path,
                                 std::string_view timestamp, std::string_view nonce, std::string_view body);
/// What the signature of a response covers; the request's nonce ties it to its request.
std::string response_signing_base(Role responder, int status, std::string_view request_nonce,
                                  std::string_view timestamp, std::string_view body);

/// Adds timestamp, a fresh random nonce and the signature to `request`, signed as `sender`.
Status sign_request(net::HttpRequest& request, std::string_view path, std::string_view secret, Role sender,
                    int64_t now_ms);

/// Checks a request that claims to come from the `sender` side of the connection `scope`.
/// Errors (all answered with 401): kind "unsigned" (a header is missing or malformed),
/// "stale" (timestamp too far from now), "bad_signature", "replayed" (nonce seen before).
/// The nonce is remembered only once the signature holds.
Status verify_request(const net::HttpRequest& request, std::string_view path, std::string_view secret,
                      Role sender, int64_t now_ms, NonceCache& nonces, std::string_view scope);

/// Adds timestamp and signature to a response to the request that carried `request_nonce`.
void sign_response(net::HttpResponse& response, std::string_view request_nonce, std::string_view secret,
                   Role responder, int64_t now_ms);

/// Checks that a response comes from the `responder` side, answers the request that carried
/// `request_nonce`, and is fresh. Same error kinds as verify_request (never "replayed").
Status verify_response(const net::HttpResponse& response, std::string_view request_nonce,
                       std::string_view secret, Role responder, int64_t now_ms);

}  // namespace twinsync::transport
