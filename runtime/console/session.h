// session.h — the console's sessions: made only by a login with the admin token, kept in memory
// on the server (a restart logs everyone out), found by a random id the browser holds in an
// HttpOnly cookie. Ids are looked up by their digest, so neither the map's order nor a log of it
// gives one away. A session ends at logout, after 30 minutes without a request, 12 hours after
// login, or when the admin token changes.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "compiler/support/result.h"

namespace twinsync::console {

struct Session {
  std::string csrf;          // the token every state-changing request must carry (csrf.h)
  std::string token_digest;  // sha256 of the admin token it logged in with
  int64_t created_ms = 0, last_seen_ms = 0;
  std::string flash;         // a notice for the next page (after a POST's redirect)
  bool flash_is_error = false;
};

struct SessionLimits {
  int64_t idle_ms = 30 * 60 * 1000;
  int64_t absolute_ms = 12 * 60 * 60 * 1000;
  size_t max_sessions = 32;  // past it the least recently used one ends
};

class SessionStore {
 public:
  explicit SessionStore(SessionLimits limits = {}) : limits_(limits) {}

  struct Made {
    std::string id;  // for the cookie only: never logged, never in a page
    Session session;
  };
  /// A fresh session with fresh random id and CSRF token.
  Result<Made> create(const std::string& token_digest, int64_t now_ms);
  /// The live session of a cookie value (its last-seen time moves), or nullopt: unknown, malformed,
  /// expired, or made with another admin token than `token_digest` (then it ends).
  std::optional<Session> find(std::string_view id, const std::string& token_digest, int64_t now_ms);
  void erase(std::string_view id);
  /// Leaves a notice for the session's next page; take_flash reads and clears it.
  void set_flash(std::string_view id, std::string text, bool is_error);
  std::optional<std::pair<std::string, bool>> take_flash(std::string_view id);
  size_t size();

  /// A well-formed id: 64 lowercase hex digits.
  static bool well_formed(std::string_view id);

 private:
  static std::string key_of(std::string_view id);
  void expire_locked(int64_t now_ms);

  SessionLimits limits_;
  std::mutex mu_;
  std::map<std::string, Session> sessions_;  // by sha256 of the id
};

/// Random bytes as lowercase hex (2 * `bytes` digits); fails only when the system's random
/// source does.
Result<std::string> random_hex(size_t bytes);

}  // namespace twinsync::console
