// session.cpp — the in-memory session store (session.h).
#include "runtime/console/session.h"

#include <algorithm>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"

namespace twinsync::console {

Result<std::string> random_hex(size_t bytes) {
  auto raw = transport::random_bytes(bytes);
  if (!raw) return raw.error();
  return hex_encode(*raw);
}

bool SessionStore::well_formed(std::string_view id) {
  return id.size() == 64 && id.find_first_not_of("0123456789abcdef") == std::string_view::npos;
}

std::string SessionStore::key_of(std::string_view id) { return transport::sha256(id); }

void SessionStore::expire_locked(int64_t now_ms) {
  std::erase_if(sessions_, [&](const auto& kv) {
    const Session& s = kv.second;
    return now_ms - s.last_seen_ms > limits_.idle_ms || now_ms - s.created_ms > limits_.absolute_ms;
  });
}

Result<SessionStore::Made> SessionStore::create(const std::string& token_digest, int64_t now_ms) {
  auto id = random_hex(32);
  auto csrf = random_hex(32);
  if (!id) return id.error();
  if (!csrf) return csrf.error();
  Made made{*id, Session{*csrf, token_digest, now_ms, now_ms, {}, false}};
  std::lock_guard lock(mu_);
  expire_locked(now_ms);
  while (sessions_.size() >= limits_.max_sessions && !sessions_.empty()) {
    auto oldest = std::min_element(sessions_.begin(), sessions_.end(), [](const auto& a, const auto& b) {
      return a.second.last_seen_ms < b.second.last_seen_ms;
    });
    sessions_.erase(oldest);
  }
  sessions_[key_of(made.id)] = made.session;
  return made;
}

std::optional<Session> SessionStore::find(std::string_view id, const std::string& token_digest, int64_t now_ms) {
  if (!well_formed(id)) return std::nullopt;
  std::lock_guard lock(mu_);
  expire_locked(now_ms);
  auto it = sessions_.find(key_of(id));
  if (it == sessions_.end()) return std::nullopt;
  if (!transport::constant_time_equal(it->second.token_digest, token_digest)) {
    sessions_.erase(it);  // the admin token was rotated: its sessions end with it
    return std::nullopt;
  }
  it->second.last_seen_ms = now_ms;
  return it->second;
}

void SessionStore::erase(std::string_view id) {
  if (!well_formed(id)) return;
  std::lock_guard lock(mu_);
  sessions_.erase(key_of(id));
}

void SessionStore::set_flash(std::string_view id, std::string text, bool is_error) {
  if (!well_formed(id)) return;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key_of(id));
  if (it == sessions_.end()) return;
  it->second.flash = std::move(text);
  it->second.flash_is_error = is_error;
}

std::optional<std::pair<std::string, bool>> SessionStore::take_flash(std::string_view id) {
  if (!well_formed(id)) return std::nullopt;
  std::lock_guard lock(mu_);
  auto it = sessions_.find(key_of(id));
  if (it == sessions_.end() || it->second.flash.empty()) return std::nullopt;
  auto out = std::make_pair(std::move(it->second.flash), it->second.flash_is_error);
  it->second.flash.clear();
  return out;
}

size_t SessionStore::size() {
  std::lock_guard lock(mu_);
  return sessions_.size();
}

}  // namespace twinsync::console
