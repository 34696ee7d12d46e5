// tracker.h — the embedded Jira-compatible tracker: a REST server over a SQLite store, started
// in-process (tests, `twinsync demo`) or by `twinsync tracker`. See docs/tracker.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "compiler/support/result.h"
#include "runtime/tracker/seed.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

class Tracker {
 public:
  /// Opens (and on first start seeds) the store, binds, and serves. Fails with kind "network"
  /// when it cannot listen and with the store's error when the database is unusable.
  static Result<std::unique_ptr<Tracker>> start(TrackerOptions options);
  ~Tracker();
  Tracker(const Tracker&) = delete;
  Tracker& operator=(const Tracker&) = delete;

  std::uint16_t port() const;
  const std::string& base_url() const;
  /// The admin's credentials when this start seeded a new store; they are not stored in clear.
  const std::optional<SeededAdmin>& seeded_admin() const;
  /// Webhook deliveries not yet made (waiting, retrying or being sent): tests wait for none
  /// instead of sleeping.
  bool webhooks_pending() const;
  /// Stops serving (requests in flight finish) and stops webhook delivery. Idempotent.
  void stop();

  struct Impl;

 private:
  explicit Tracker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace twinsync::tracker
