// service.h — the tracker without its network: store, catalog, seed and routes, answering
// requests in-process. Tracker puts it behind the HTTP server; the fuzzer and the benchmarks
// call handle() directly.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "compiler/support/result.h"
#include "runtime/net/http.h"
#include "runtime/net/router.h"
#include "runtime/tracker/seed.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

class TrackerService {
 public:
  /// Opens (and on first start seeds) the store and registers the routes; fails with the
  /// store's error when the database is unusable, "bad_request" for a malformed --user/--project.
  static Result<std::unique_ptr<TrackerService>> open(TrackerOptions options);
  TrackerService(const TrackerService&) = delete;
  TrackerService& operator=(const TrackerService&) = delete;

  /// One request, as the server's worker threads call it (thread-safe).
  net::HttpResponse handle(const net::HttpRequest& request) const { return router_->dispatch(request); }
  /// Prefix of `self` links and webhook payloads; set before the first request.
  void set_base_url(std::string url);

  TrackerState& state() { return state_; }
  /// The admin's credentials when this open seeded a new store.
  const std::optional<SeededAdmin>& seeded_admin() const { return admin_; }

 private:
  TrackerService() = default;

  TrackerState state_;
  std::optional<SeededAdmin> admin_;
  std::unique_ptr<net::Router> router_;
};

}  // namespace twinsync::tracker
