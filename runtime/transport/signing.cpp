// signing.cpp — base strings, header parsing and the order of checks: format, freshness,
// signature (constant time), then the nonce cache.
#include "runtime/transport/signing.h"

#include <charconv>

#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"
#include "runtime/transport/crypto.h"

namespace twinsync::transport {

namespace {

constexpr size_t kNonceBytes = 16;

Error unsigned_error(std::string what) { return make_error(std::move(what), ErrorKind::Unsigned); }

// Decimal seconds since the epoch, digits only (no sign, no spaces), as the sender wrote them.
std::optional<int64_t> parse_timestamp(std::string_view text) {
  if (text.empty() || text.size() > 12 || text[0] == '-') return std::nullopt;
  return parse_int<int64_t>(text);
}

bool well_formed_nonce(std::string_view nonce) {
  if (nonce.size() < 16 || nonce.size() > 64) return false;
  auto decoded = base64url_decode(nonce);
  return decoded.has_value();
}

Status check_fresh(int64_t ts_s, int64_t now_ms, std::string_view what) {
  const int64_t now_s = now_ms / 1000;
  const int64_t skew = ts_s > now_s ? ts_s - now_s : now_s - ts_s;
  if (skew <= kMaxSkewSeconds) return ok_status();
  return make_error("stale: the " + std::string(what) + "'s timestamp is " + std::to_string(skew) +
                        " s away from this node's clock (at most " + std::to_string(kMaxSkewSeconds) +
                        " s allowed); check both clocks",
                    ErrorKind::Stale);
}

Status check_signature(std::string_view header, std::string_view secret, std::string_view base) {
  auto given = hex_decode(header);
  if (!given || given->size() != 32) return unsigned_error("malformed " + std::string(kSignatureHeader) + " header");
  if (!constant_time_equal(*given, hmac_sha256(secret, base))) {
    return make_error("signature does not match: the body was altered or the secrets differ", ErrorKind::BadSignature);
  }
  return ok_status();
}

}  // namespace

std::string request_signing_base(Role sender, std::string_view method, std::string_view path,
                                 std::string_view timestamp, std::string_view nonce, std::string_view body) {
  std::string base = "TWINSYNC-V1-REQUEST\n";
  base.append(role_name(sender)).append("\n");
  base.append(method).append("\n").append(path).append("\n");
  base.append(timestamp).append("\n").append(nonce).append("\n");
  base.append(hex_encode(sha256(body)));
  return base;
}

std::string response_signing_base(Role responder, int status, std::string_view request_nonce,
                                  std::string_view timestamp, std::string_view body) {
  std::string base = "TWINSYNC-V1-RESPONSE\n";
  base.append(role_name(responder)).append("\n");
  base.append(std::to_string(status)).append("\n").append(request_nonce).append("\n");
  base.append(timestamp).append("\n");
  base.append(hex_encode(sha256(body)));
  return base;
}

Status sign_request(net::HttpRequest& request, std::string_view path, std::string_view secret, Role sender,
                    int64_t now_ms) {
  auto raw = random_bytes(kNonceBytes);
  if (!raw) return raw.error();
  const std::string nonce = base64url_encode(*raw);
  const std::string ts = std::to_string(now_ms / 1000);
  const std::string base = request_signing_base(sender, request.method, path, ts, nonce, request.body);
  request.headers.emplace_back(kTimestampHeader, ts);
  request.headers.emplace_back(kNonceHeader, nonce);
  request.headers.emplace_back(kSignatureHeader, hex_encode(hmac_sha256(secret, base)));
  return ok_status();
}

Status verify_request(const net::HttpRequest& request, std::string_view path, std::string_view secret,
                      Role sender, int64_t now_ms, NonceCache& nonces, std::string_view scope) {
  const std::string_view ts_text = request.header(kTimestampHeader);
  const std::string_view nonce = request.header(kNonceHeader);
  const std::string_view signature = request.header(kSignatureHeader);
  if (ts_text.empty() || nonce.empty() || signature.empty()) {
    return unsigned_error("unsigned request: X-Twinsync-Timestamp, X-Twinsync-Nonce and X-Twinsync-Signature are required");
  }
  auto ts = parse_timestamp(ts_text);
  if (!ts) return unsigned_error("malformed " + std::string(kTimestampHeader) + " header (decimal seconds expected)");
  if (!well_formed_nonce(nonce)) return unsigned_error("malformed " + std::string(kNonceHeader) + " header");
  if (Status s = check_fresh(*ts, now_ms, "request"); !s) return s;
  const std::string base = request_signing_base(sender, request.method, path, ts_text, nonce, request.body);
  if (Status s = check_signature(signature, secret, base); !s) return s;
  switch (nonces.remember(scope, nonce, *ts, now_ms / 1000)) {
    case NonceCache::Outcome::Fresh:
      return ok_status();
    case NonceCache::Outcome::Replayed:
      return make_error("replayed: this request's nonce was already used", ErrorKind::Replayed);
    case NonceCache::Outcome::TooOld:
      break;
  }
  return make_error("replayed: the request is older than the oldest nonce this node still remembers; resend it",
                    ErrorKind::Replayed);
}

void sign_response(net::HttpResponse& response, std::string_view request_nonce, std::string_view secret,
                   Role responder, int64_t now_ms) {
  const std::string ts = std::to_string(now_ms / 1000);
  const std::string base = response_signing_base(responder, response.status, request_nonce, ts, response.body);
  response.headers.emplace_back(kTimestampHeader, ts);
  response.headers.emplace_back(kSignatureHeader, hex_encode(hmac_sha256(secret, base)));
}

Status verify_response(const net::HttpResponse& response, std::string_view request_nonce,
                       std::string_view secret, Role responder, int64_t now_ms) {
  const std::string_view ts_text = response.header(kTimestampHeader);
  const std::string_view signature = response.header(kSignatureHeader);
  if (ts_text.empty() || signature.empty()) {
    return unsigned_error("the remote node's answer (HTTP " + std::to_string(response.status) + ") is not signed");
  }
  auto ts = parse_timestamp(ts_text);
  if (!ts) return unsigned_error("malformed " + std::string(kTimestampHeader) + " header in the answer");
  if (Status s = check_fresh(*ts, now_ms, "answer"); !s) return s;
  const std::string base = response_signing_base(responder, response.status, request_nonce, ts_text, response.body);
  return check_signature(signature, secret, base);
}

}  // namespace twinsync::transport
