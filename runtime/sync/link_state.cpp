// link_state.cpp — what an issue shows of its sync: a remote link to its twin whose status is
// the twin's state (waiting for remote, synchronized, blocked with the reason, unexalated),
// written on each transition (never on every change: each write is a tracker request). The
// wait for the other side shows only once it lasts (show_waiting): most answers come within a
// second, and a link write per create would cost more than it tells.
#include "runtime/sync/engine.h"
#include "runtime/sync/issue_key.h"

namespace twinsync::sync {

std::string twin_link_url(const std::string& twin_url, const std::string& remote_key) {
  // The key comes from the peer: only Jira's own form goes into a URL (no "../", no quotes).
  if (twin_url.empty() || !valid_issue_key(remote_key)) return "";
  const size_t at = twin_url.find("{key}");
  if (at != std::string::npos) return twin_url.substr(0, at) + remote_key + twin_url.substr(at + 5);
  std::string base = twin_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base + "/browse/" + remote_key;
}

void ConnectionEngine::show_link(const std::string& local_key, const std::string& remote_key, const std::string& state,
                                 const std::string& reason) {
  if (!options_.show_state_on_issue) return;
  (void)tracker_.set_link_state(local_key, {name_, remote_key, state, reason, twin_link_url(options_.twin_url, remote_key)});
}

size_t ConnectionEngine::show_waiting(int64_t created_before_ms) {
  if (!options_.show_state_on_issue || retired_) return 0;
  std::vector<std::pair<int64_t, std::string>> waiting;
  {
    auto tx = store_.begin();
    if (!tx) return 0;
    auto found = store_.twins_waiting_since(*tx, id_, created_before_ms, 200);
    (void)tx->commit();
    if (!found) return 0;
    waiting = std::move(*found);
  }
  size_t shown = 0;
  for (const auto& [twin_id, key] : waiting) {
    // Under the twin's lock, as the link event's apply takes it: the answer cannot slip in
    // between this check and the write, so "waiting" never lands after "synchronized".
    std::lock_guard lock(twin_lock(twin_id));
    auto tx = store_.begin();
    if (!tx) return shown;
    auto twin = store_.twin_by_id(*tx, twin_id);
    if (!twin || !*twin || (*twin)->state != store::TwinState::Waiting) continue;
    if (!store_.set_waiting_shown(*tx, twin_id, true) || !tx->commit()) return shown;
    show_link(key, "", "waiting for remote");
    ++shown;
  }
  return shown;
}

}  // namespace twinsync::sync
