// engine.cpp — a connection engine's rules, parking, and the operator's operations.
#include "runtime/sync/engine.h"

#include <algorithm>

#include "compiler/vm/datetime.h"
#include "runtime/sync/vm_pool.h"

namespace twinsync::sync {

ConnectionEngine::ConnectionEngine(std::string name, store::SyncStore& store, TrackerPort& tracker, EngineOptions options)
    : name_(std::move(name)), store_(store), tracker_(tracker), options_(std::move(options)) {
  auto tx = store_.begin();
  if (!tx) return;
  auto row = store_.ensure_connection(*tx, name_);
  if (row) id_ = row->id;
  (void)tx->commit();
}

Status ConnectionEngine::set_rules(std::shared_ptr<const Program> program, const std::string& bytecode) {
  if (!id_) return make_error("connection " + name_ + " has no row in the store", "store");
  const std::string version = program->version_hash();
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.record_rules(*tx, id_, version, program->source_path, bytecode); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  std::lock_guard lock(rules_mu_);
  program_ = std::move(program);
  rules_version_ = version;
  return ok_status();
}

std::shared_ptr<const Program> ConnectionEngine::rules() const {
  std::lock_guard lock(rules_mu_);
  return program_;
}

Status ConnectionEngine::park_in(store::Tx& tx, store::Twin& twin, const store::Event* e, const std::string& direction,
                                 const std::string& kind, const std::string& message) {
  twin.state = "blocked";
  twin.reason = message;
  if (auto ok = store_.update_twin(tx, twin); !ok) return ok;
  if (e) {
    store::Event failed = *e;
    failed.state = "failed";
    if (auto ok = store_.update_inbox(tx, failed); !ok) return ok;
  }
  auto id = store_.add_error(tx, id_, twin.id, direction, e ? e->id : "", kind, message);
  if (!id) return id.error();
  store::HistoryEntry h{0, direction, e ? e->id : "", rules_version_, "failed", kind, 0};
  if (auto ok = store_.add_history(tx, id_, twin.id, h); !ok) return ok;
  return store_.add_stat(tx, "errors", 1);
}

Status ConnectionEngine::park(store::Twin& twin, const store::Event* e, const std::string& direction,
                              const std::string& kind, const std::string& message) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = park_in(*tx, twin, e, direction, kind, message); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  if (options_.show_state_on_issue && twin.local_key) {
    (void)tracker_.set_link_state(*twin.local_key, {name_, twin.remote_key.value_or(""), "blocked", message});
  }
  return ok_status();
}

Result<std::vector<store::Event>> ConnectionEngine::pending_outbound(size_t max) {
  if (paused()) return std::vector<store::Event>{};
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto events = store_.pending_outbox(*tx, id_, max);
  if (!events) return events.error();
  if (auto ok = tx->commit(); !ok) return ok.error();
  return events;
}

Status ConnectionEngine::mark_delivered(const std::vector<std::string>& event_ids) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.mark_delivered(*tx, id_, event_ids); !ok) return ok;
  return tx->commit();
}

Status ConnectionEngine::accept(const std::vector<store::Event>& events) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.accept_inbox(*tx, id_, events); !ok) return ok;
  return tx->commit();
}

Result<StepResult> ConnectionEngine::exalate(const std::string& key) { return local_change(key, true); }

Status ConnectionEngine::unexalate(const std::string& key) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto twin = store_.twin_by_local(*tx, id_, key);
  if (!twin) return twin.error();
  if (!*twin) return make_error(key + " is not under sync in " + name_, "not_found");
  store::Twin t = std::move(**twin);
  t.state = "unexalated";
  t.out_seq += 1;
  // The other side stops too; both issues stay as they are.
  if (auto e = store_.append_outbox(*tx, id_, "unexalate", key, t.out_seq, ""); !e) return e.error();
  if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
  if (auto ok = store_.close_twin_errors(*tx, t.id, "resolved"); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  notify_outbox();
  return ok_status();
}

Status ConnectionEngine::connect(const std::string& key, const std::string& remote_key) {
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto existing = store_.twin_by_local(*tx, id_, key);
    if (!existing) return existing.error();
    store::Twin t;
    if (*existing) {
      t = std::move(**existing);
      if (t.remote_key && *t.remote_key != remote_key && t.state != "unexalated") {
        return make_error(key + " is already linked to " + *t.remote_key, "conflict");
      }
    } else {
      t.connection = id_;
      t.local_key = key;
    }
    t.remote_key = remote_key;
    t.state = "synchronized";
    const bool fresh = t.id == 0;
    if (fresh) {
      if (auto ok = store_.insert_twin(*tx, t); !ok) return ok;
    }
    t.out_seq += 1;
    // The other side learns the pair (its issue `remote_key` is the twin of our `key`).
    if (auto e = store_.append_outbox(*tx, id_, "connect", key, t.out_seq, remote_key); !e) return e.error();
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
    if (auto ok = tx->commit(); !ok) return ok;
  }
  notify_outbox();
  auto r = local_change(key, true);
  if (!r) return r.error();
  return ok_status();
}

Status ConnectionEngine::pause() {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.set_connection_state(*tx, id_, "paused"); !ok) return ok;
  return tx->commit();
}

Status ConnectionEngine::resume() {
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    if (auto ok = store_.set_connection_state(*tx, id_, "active"); !ok) return ok;
    if (auto ok = tx->commit(); !ok) return ok;
  }
  notify_outbox();
  return ok_status();
}

bool ConnectionEngine::paused() {
  auto tx = store_.begin();
  if (!tx) return false;
  auto rows = store_.connections(*tx);
  (void)tx->commit();
  if (!rows) return false;
  for (const auto& c : *rows) {
    if (c.id == id_) return c.state == "paused";
  }
  return false;
}

Status ConnectionEngine::retry(int64_t error_id) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto err = store_.error_by_id(*tx, error_id);
  if (!err) return err.error();
  if (!*err || (*err)->connection != name_) return make_error("no error " + std::to_string(error_id) + " in " + name_, "not_found");
  auto twin = store_.twin_by_id(*tx, (*err)->twin);
  if (!twin) return twin.error();
  if (*twin) {
    store::Twin t = std::move(**twin);
    t.state = t.local_key && t.remote_key ? "synchronized" : "waiting";
    t.reason.clear();
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
    if (t.remote_key) {
      if (auto ok = store_.rearm_inbox(*tx, id_, *t.remote_key); !ok) return ok;
    }
    if (auto ok = store_.close_twin_errors(*tx, t.id, "retried"); !ok) return ok;
  }
  if (auto ok = store_.set_error_state(*tx, error_id, "retried"); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  // An outgoing error is retried by running the outgoing side again.
  if ((*err)->direction == "outgoing" && !(*err)->local_key.empty()) {
    auto r = local_change((*err)->local_key, true);
    if (!r) return r.error();
  }
  return ok_status();
}

Status ConnectionEngine::resolve(int64_t error_id) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto err = store_.error_by_id(*tx, error_id);
  if (!err) return err.error();
  if (!*err || (*err)->connection != name_) return make_error("no error " + std::to_string(error_id) + " in " + name_, "not_found");
  auto twin = store_.twin_by_id(*tx, (*err)->twin);
  if (!twin) return twin.error();
  if (*twin) {
    // The failed event is given up: the twin goes on with the next one.
    store::Twin t = std::move(**twin);
    t.state = t.local_key && t.remote_key ? "synchronized" : "waiting";
    t.reason.clear();
    // Mark the twin's failed event skipped and step past it.
    if (!(*err)->event_id.empty() && t.remote_key) {
      if (auto ok = store_.rearm_inbox(*tx, id_, *t.remote_key); !ok) return ok;
      auto pending = store_.ready_inbox(*tx, id_, INT64_MAX, 100000);
      if (!pending) return pending.error();
      for (store::Event e : *pending) {
        if (e.id == (*err)->event_id) {
          e.state = "skipped";
          if (auto ok = store_.update_inbox(*tx, e); !ok) return ok;
          t.in_seq = std::max(t.in_seq, e.twin_seq);
        }
      }
    }
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
    if (auto ok = store_.close_twin_errors(*tx, t.id, "resolved"); !ok) return ok;
  }
  if (auto ok = store_.set_error_state(*tx, error_id, "resolved"); !ok) return ok;
  return tx->commit();
}

Result<size_t> ConnectionEngine::bulk(const std::string& trigger, const std::function<void(size_t, size_t)>& progress) {
  auto program = rules();
  if (!program) return make_error("connection " + name_ + " has no rules", "config");
  const TriggerInfo* found = nullptr;
  for (const TriggerInfo& t : program->triggers) {
    if (t.name == trigger) found = &t;
  }
  if (!found) return make_error("no trigger named " + trigger + " in " + name_, "not_found");
  auto keys = tracker_.search_keys(found->jql);
  if (!keys) return keys.error();
  // In groups, as the node's outgoing loop does: one store transaction (one fsync) per group
  // instead of one per issue.
  size_t queued = 0;
  for (size_t first = 0; first < keys->size(); first += kBatchSize) {
    const size_t end = std::min(keys->size(), first + kBatchSize);
    std::vector<Value> issues;
    for (size_t i = first; i < end; ++i) {
      auto issue = tracker_.get_issue((*keys)[i]);
      if (!issue) {
        if (issue.error().kind == "not_found") continue;  // deleted since the search
        return issue.error();
      }
      issues.push_back(std::move(*issue));
    }
    auto results = outgoing_batch(issues, true);
    if (!results) return results.error();
    for (auto& r : *results) {
      if (!r) return r.error();
      if (r->kind == StepResult::Sent) ++queued;
    }
    if (progress) progress(end, keys->size());
  }
  return queued;
}

}  // namespace twinsync::sync
