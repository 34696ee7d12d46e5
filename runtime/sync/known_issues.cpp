// known_issues.cpp — when an apply may write an issue without reading it first. The twin's
// snapshot is the issue as the last apply left it (read, or what that apply wrote on top of a
// read); with the node's notices it is known to be still true when nobody else changed the
// issue since. Requests are a Jira site's real limit: an edit costs one write, not a read and a
// write. Only what this process saw counts: after a restart every twin is read again once.
#include <algorithm>

#include "runtime/sync/engine.h"
#include "runtime/sync/items.h"

namespace twinsync::sync {

bool ConnectionEngine::snapshot_current(const store::Twin& twin) {
  if (!notices_.now || !notices_.quiet_since || !twin.local_key || !twin.snapshot.is_record()) return false;
  // A field whose policy keeps the local value needs the local value as it is now.
  const ConflictRules& c = options_.conflicts;
  if (c.fallback != ConflictPolicy::RemoteWins ||
      std::any_of(c.by_field.begin(), c.by_field.end(), [](const auto& f) { return f.second != ConflictPolicy::RemoteWins; })) {
    return false;
  }
  uint64_t stamp = 0;
  {
    std::lock_guard lock(known_mu_);
    auto it = known_at_.find(twin.id);
    if (it == known_at_.end()) return false;
    stamp = it->second;
  }
  return notices_.quiet_since(*twin.local_key, stamp, updated_ms(twin.snapshot));
}

void ConnectionEngine::remember_snapshot(int64_t twin_id, uint64_t stamp) {
  if (!notices_.now) return;
  std::lock_guard lock(known_mu_);
  if (known_at_.size() >= 100000 && !known_at_.count(twin_id)) known_at_.clear();  // a bound: forgetting costs a read
  known_at_[twin_id] = stamp;
}

void ConnectionEngine::forget_snapshot(int64_t twin_id) {
  std::lock_guard lock(known_mu_);
  known_at_.erase(twin_id);
}

}  // namespace twinsync::sync
