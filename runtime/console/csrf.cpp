// csrf.cpp — CSRF token and origin checks (csrf.h).
#include "runtime/console/csrf.h"

#include <algorithm>
#include <cctype>
#include <string>

#include "compiler/support/text.h"
#include "runtime/transport/crypto.h"

namespace twinsync::console {
namespace {

}  // namespace

bool csrf_matches(std::string_view expected, std::string_view given) {
  if (expected.empty() || given.empty()) return false;
  return transport::constant_time_equal(transport::sha256(expected), transport::sha256(given));
}

bool same_origin(const net::HttpRequest& request) {
  const std::string site = ascii_lower(request.header("Sec-Fetch-Site"));
  if (site == "cross-site" || site == "same-site") return false;
  const std::string_view origin = request.header("Origin");
  if (origin.empty()) return true;
  if (origin == "null") return false;  // a sandboxed frame, a data: URL
  const size_t scheme_end = origin.find("://");
  if (scheme_end == std::string_view::npos) return false;
  const std::string authority = ascii_lower(origin.substr(scheme_end + 3));
  return !authority.empty() && authority == ascii_lower(request.header("Host"));
}

}  // namespace twinsync::console
