// csrf.h — what a state-changing console request must show besides its session cookie (which
// SameSite=Strict already keeps off cross-site requests): the session's CSRF token, in the form
// (field "csrf") or, for the console's fetches, in the X-CSRF-Token header, compared in constant
// time; and no sign of coming from another site (Origin, Sec-Fetch-Site).
#pragma once

#include <string_view>

#include "runtime/net/http.h"

namespace twinsync::console {

/// `given` is the session's CSRF token (constant time; an empty one never is).
bool csrf_matches(std::string_view expected, std::string_view given);

/// False when the browser says the request comes from another origin: an Origin header whose
/// host:port is not the request's Host, or Sec-Fetch-Site cross-site / same-site. Requests
/// without these headers (older browsers, curl) pass on to the CSRF token check.
bool same_origin(const net::HttpRequest& request);

}  // namespace twinsync::console
