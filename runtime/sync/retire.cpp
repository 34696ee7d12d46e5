// retire.cpp — ending a connection: deleted here (the engine stops and its twins end), or by the
// peer (its twins end; the connection stays, to be paired again). The issues stay as they are.
#include "compiler/vm/datetime.h"
#include "runtime/sync/engine.h"

namespace twinsync::sync {

namespace {

std::vector<store::Twin> under_sync(std::vector<store::Twin> twins) {
  std::erase_if(twins, [](const store::Twin& t) { return t.state == store::TwinState::Unexalated || !t.local_key; });
  return twins;
}

}  // namespace

Result<std::vector<store::Twin>> ConnectionEngine::delete_connection(const std::string& reason, bool forget) {
  // First, so that no step that starts from now on writes anything; a step already inside a
  // transaction finishes before ours begins, and then finds its twin unexalated.
  retired_ = true;
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto twins = store_.twins(*tx, id_);
  if (!twins) return twins.error();
  if (auto ok = store_.set_connection_deleted(*tx, id_, datetime::now_ms()); !ok) return ok.error();
  if (auto ok = store_.unexalate_twins(*tx, id_, reason); !ok) return ok.error();
  if (forget) {
    if (auto ok = store_.forget_connection(*tx, id_); !ok) return ok.error();
  }
  if (auto ok = tx->commit(); !ok) return ok.error();
  return under_sync(std::move(*twins));
}

Result<std::vector<store::Twin>> ConnectionEngine::unexalate_all(const std::string& reason) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto twins = store_.twins(*tx, id_);
  if (!twins) return twins.error();
  if (auto ok = store_.unexalate_twins(*tx, id_, reason); !ok) return ok.error();
  if (auto ok = tx->commit(); !ok) return ok.error();
  return under_sync(std::move(*twins));
}

size_t ConnectionEngine::show_unexalated(const std::vector<store::Twin>& twins, const std::string& reason) {
  if (!options_.show_state_on_issue) return 0;
  size_t failed = 0;
  for (const store::Twin& t : twins) {
    const std::string remote = t.remote_key.value_or("");
    auto ok = tracker_.set_link_state(*t.local_key, {name_, remote, "unexalated", reason,
                                                     twin_link_url(options_.twin_url, remote)});
    failed += ok ? 0 : 1;
  }
  return failed;
}

}  // namespace twinsync::sync
