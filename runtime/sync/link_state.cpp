// link_state.cpp — what an issue shows of its sync: a remote link to its twin whose status is
// the twin's state (waiting, synchronized, blocked with the reason, unexalated), written on each
// transition (never on every change: each write is a tracker request).
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

}  // namespace twinsync::sync
