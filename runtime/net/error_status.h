// error_status.h — the HTTP status an answer gives for an error of each kind, one table for the
// node's admin API, its console and the embedded tracker's own admin routes. Kinds not named here
// are the request's fault as written: 400.
#pragma once

#include "compiler/support/result.h"

namespace twinsync::net {

inline int http_status_for(const Error& e) {
  switch (e.kind) {
    case ErrorKind::NotFound: return 404;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::Rules: return 422;  // the text was read and refused by the linter
    default: return 400;
  }
}

}  // namespace twinsync::net
