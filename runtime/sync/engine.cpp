// engine.cpp — a connection engine's rules, parking, and the operator's operations.
#include "runtime/sync/engine.h"

#include <algorithm>

#include "compiler/vm/datetime.h"
#include "compiler/vm/value_codec.h"
#include "runtime/sync/file_parts.h"
#include "runtime/sync/issue_key.h"
#include "runtime/sync/step_tx.h"
#include "runtime/sync/vm_pool.h"

namespace twinsync::sync {

ConnectionEngine::ConnectionEngine(std::string name, store::SyncStore& store, TrackerPort& tracker, EngineOptions options)
    : name_(std::move(name)), store_(store), tracker_(tracker), options_(std::move(options)) {
  auto tx = store_.begin();
  if (!tx) return;
  auto row = store_.ensure_connection(*tx, name_);
  if (row) id_ = row->id;
  if (auto states = store_.trigger_states(*tx, id_)) trigger_states_ = std::move(*states);
  (void)tx->commit();
}

Status ConnectionEngine::set_rules(std::shared_ptr<const Program> program, const std::string& bytecode,
                                   const std::string& author) {
  if (!id_) return make_error("connection " + name_ + " has no row in the store", ErrorKind::Store);
  Status recorded = in_transaction(store_, [&](store::Tx& tx) {
    return store_.record_rules(tx, id_, program->version_hash(), program->source_path, bytecode, program->source_text,
                               author);
  });
  if (!recorded) return recorded;
  use_rules(std::move(program));
  return ok_status();
}

void ConnectionEngine::use_rules(std::shared_ptr<const Program> program) {
  const std::string version = program->version_hash();
  std::lock_guard lock(rules_mu_);
  program_ = std::move(program);
  rules_version_ = version;
}

std::shared_ptr<const Program> ConnectionEngine::rules() const {
  std::lock_guard lock(rules_mu_);
  return program_;
}

CommentFormat ConnectionEngine::comment_format() const {
  auto program = rules();
  if (program) {
    for (const auto& [name, value] : program->connection.settings) {
      if (name == "commentFormat") return CommentFormat(value);
    }
  }
  return CommentFormat();
}

std::string ConnectionEngine::rules_version() const {
  std::lock_guard lock(rules_mu_);
  return rules_version_;
}

Status ConnectionEngine::park_in(store::Tx& tx, store::Twin& twin, const store::Event* e, const std::string& direction,
                                 const std::string& kind, const std::string& message) {
  twin.state = store::TwinState::Blocked;
  twin.reason = message;
  if (auto ok = store_.update_twin(tx, twin); !ok) return ok;
  if (e) {
    store::Event failed = *e;
    failed.state = "failed";
    if (auto ok = store_.update_inbox(tx, failed); !ok) return ok;
  }
  auto known = store_.has_open_error(tx, twin.id, kind, message);
  if (!known) return known.error();
  if (*known) return ok_status();  // the same cause again: one error says it
  auto id = store_.add_error(tx, id_, twin.id, direction, e ? e->id : "", kind, message);
  if (!id) return id.error();
  store::HistoryEntry h{0, direction, e ? e->id : "", rules_version(), "failed", kind, 0};
  if (auto ok = store_.add_history(tx, id_, twin.id, h); !ok) return ok;
  return store_.add_stat(tx, id_, store::Stat::ErrorsOpened);
}

Status ConnectionEngine::park(store::Twin& twin, const store::Event* e, const std::string& direction,
                              const std::string& kind, const std::string& message) {
  Status parked = in_transaction(store_, [&](store::Tx& tx) { return park_in(tx, twin, e, direction, kind, message); });
  if (!parked) return parked;
  if (twin.local_key) show_link(*twin.local_key, twin.remote_key.value_or(""), "blocked", message);
  return ok_status();
}

Status ConnectionEngine::park_outgoing(const std::string& key, const std::string& kind, const std::string& message) {
  std::optional<store::TwinRef> ref;
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto found = store_.twin_ref_by_local(*tx, id_, key);
    if (!found) return found.error();
    ref = std::move(*found);
    if (auto ok = tx->commit(); !ok) return ok;
  }
  if (!ref) return ok_status();
  std::lock_guard lock(twin_lock(ref->id));
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto twin = store_.twin_by_id(*tx, ref->id);
  if (!twin) return twin.error();
  if (auto ok = tx->commit(); !ok) return ok;
  if (!*twin) return ok_status();
  return park(**twin, nullptr, "outgoing", kind, message);
}

Result<std::vector<store::Event>> ConnectionEngine::pending_outbound(size_t max) {
  if (retired_ || paused()) return std::vector<store::Event>{};
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto events = store_.pending_outbox(*tx, id_, max);
  if (!events) return events.error();
  if (auto ok = tx->commit(); !ok) return ok.error();
  return events;
}

Status ConnectionEngine::mark_delivered(const std::vector<std::string>& event_ids) {
  return in_transaction(store_, [&](store::Tx& tx) { return store_.mark_delivered(tx, id_, event_ids); });
}

Status ConnectionEngine::accept(const std::vector<store::Event>& events) {
  if (retired_) return make_error("connection " + name_ + " is deleted", ErrorKind::NotFound);
  return in_transaction(store_, [&](store::Tx& tx) -> Status {
    auto pending = store_.count_pending_inbox(tx, id_);
    if (!pending) return pending.error();
    if (*pending + static_cast<int64_t>(events.size()) > options_.max_pending_inbox) {
      return make_error(name_ + ": " + std::to_string(*pending) + " events from the other side are waiting already",
                        ErrorKind::Busy);
    }
    return store_.accept_inbox(tx, id_, events);
  });
}

Result<StepResult> ConnectionEngine::exalate(const std::string& key) { return local_change(key, true); }

Status ConnectionEngine::unexalate(const std::string& key) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto twin = store_.twin_by_local(*tx, id_, key);
  if (!twin) return twin.error();
  if (!*twin) return make_error(key + " is not under sync in " + name_, ErrorKind::NotFound);
  store::Twin t = std::move(**twin);
  t.state = store::TwinState::Unexalated;
  t.out_seq += 1;
  // The other side stops too; both issues stay as they are.
  if (auto e = store_.append_outbox(*tx, id_, "unexalate", key, t.out_seq, ""); !e) return e.error();
  if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
  if (auto ok = store_.close_twin_errors(*tx, t.id, "resolved"); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  notify_outbox();
  show_link(key, t.remote_key.value_or(""), "unexalated");
  return ok_status();
}

Status ConnectionEngine::connect(const std::string& key, const std::string& remote_key) {
  if (!valid_issue_key(key) || !valid_issue_key(remote_key)) {
    return make_error("connect takes two issue keys such as QA-12 and DEV-34", ErrorKind::BadRequest);
  }
  // The local issue must exist before anything is recorded; the remote one is checked by the
  // peer against its tracker, which refuses a connect to an issue it does not have.
  if (auto issue = tracker_.get_issue(key); !issue) {
    if (issue.error().kind == ErrorKind::NotFound) return make_error(key + " does not exist on this tracker", ErrorKind::NotFound);
    return issue.error();
  }
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto existing = store_.twin_by_local(*tx, id_, key);
    if (!existing) return existing.error();
    store::Twin t;
    if (*existing) {
      t = std::move(**existing);
      if (t.remote_key && *t.remote_key != remote_key && t.state != store::TwinState::Unexalated) {
        return make_error(key + " is already linked to " + *t.remote_key, ErrorKind::Conflict);
      }
    } else {
      t.connection = id_;
      t.local_key = key;
    }
    t.remote_key = remote_key;
    t.state = store::TwinState::Synchronized;
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
  if (auto ok = in_transaction(store_, [&](store::Tx& tx) { return store_.set_connection_state(tx, id_, "paused"); }); !ok) {
    return ok;
  }
  paused_ = 1;
  return ok_status();
}

Status ConnectionEngine::resume() {
  if (auto ok = in_transaction(store_, [&](store::Tx& tx) { return store_.set_connection_state(tx, id_, "active"); }); !ok) {
    return ok;
  }
  paused_ = 0;
  notify_outbox();
  return ok_status();
}

// Asked before every round of the incoming workers and the sender: the store is read once, and
// pause() and resume() (the only writers of the state) keep the answer.
bool ConnectionEngine::paused() {
  if (const int known = paused_; known >= 0) return known == 1;
  auto tx = store_.begin();
  if (!tx) return false;
  auto rows = store_.connections(*tx);
  (void)tx->commit();
  if (!rows) return false;
  for (const auto& c : *rows) {
    if (c.id != id_) continue;
    int unknown = -1;
    const int now = c.state == "paused" ? 1 : 0;
    // A pause or resume that finished meanwhile has set the answer already; it stands.
    return paused_.compare_exchange_strong(unknown, now) ? now == 1 : paused_ == 1;
  }
  return false;
}

Status ConnectionEngine::retry(int64_t error_id) { return settle(error_id, true); }

Status ConnectionEngine::resolve(int64_t error_id) { return settle(error_id, false); }

// Retry and resolve both close the error and unblock its twin; they differ in what becomes of
// what failed. Retry runs it again. Resolve gives it up: a failed incoming event is skipped and
// the twin goes on with the next one; an outgoing change over the file limit is sent without
// those files; an event the peer refused is sent again without file contents.
Status ConnectionEngine::settle(int64_t error_id, bool retry) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto err = store_.error_by_id(*tx, error_id);
  if (!err) return err.error();
  if (!*err || (*err)->connection != name_) return make_error("no error " + std::to_string(error_id) + " in " + name_, ErrorKind::NotFound);
  const store::ErrorRecord e = std::move(**err);
  if (e.kind == "scope") return settle_refusal(*tx, e, retry);
  auto twin = store_.twin_by_id(*tx, e.twin);
  if (!twin) return twin.error();
  std::optional<store::Twin> unblocked;
  if (*twin) {
    store::Twin t = std::move(**twin);
    if (t.state != store::TwinState::Unexalated) t.state = t.local_key && t.remote_key ? store::TwinState::Synchronized : store::TwinState::Waiting;
    t.reason.clear();
    if (t.remote_key) {
      if (auto ok = store_.rearm_inbox(*tx, id_, *t.remote_key); !ok) return ok;
      if (!retry && !e.event_id.empty()) {
        if (auto ok = skip_failed_event(*tx, t, e.event_id); !ok) return ok;
      }
    }
    if (e.kind == "refused" && t.local_key) {
      if (!retry) {
        if (auto ok = strip_refused_event(*tx, e.event_id); !ok) return ok;
      }
      if (auto ok = store_.rearm_outbox(*tx, id_, *t.local_key); !ok) return ok;
    }
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
    if (auto ok = store_.close_twin_errors(*tx, t.id, retry ? "retried" : "resolved"); !ok) return ok;
    unblocked = std::move(t);
  }
  if (auto ok = store_.set_error_state(*tx, error_id, retry ? "retried" : "resolved"); !ok) return ok;
  if (auto ok = store_.add_stat(*tx, id_, store::Stat::ErrorsResolved); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  if (unblocked && unblocked->local_key) {
    show_link(*unblocked->local_key, unblocked->remote_key.value_or(""), std::string(store::twin_state_name(unblocked->state)));
  }
  if (e.kind == "refused") {
    notify_outbox();
    return ok_status();
  }
  // An outgoing error is retried by running the outgoing side again.
  const bool rerun = e.direction == "outgoing" && !e.local_key.empty() && (retry || e.kind == "too_large");
  if (rerun) {
    auto r = local_change(e.local_key, true, !retry);
    if (!r) return r.error();
  }
  return ok_status();
}

// A peer's request refused as outside the connection is about that request, not about the twin
// it named: the twin stays as it is. Retry asks again (after the operator here put the issue
// under sync, say); resolve leaves the request refused.
Status ConnectionEngine::settle_refusal(store::Tx& tx, const store::ErrorRecord& e, bool retry) {
  if (retry && !e.event_id.empty()) {
    auto refused = store_.inbox_event(tx, id_, e.event_id);
    if (!refused) return refused.error();
    if (*refused) {
      store::Event again = std::move(**refused);
      again.state = "pending";
      again.attempts = 0;
      again.next_attempt_ms = 0;
      if (auto ok = store_.update_inbox(tx, again); !ok) return ok;
    }
  }
  if (auto ok = store_.set_error_state(tx, e.id, retry ? "retried" : "resolved"); !ok) return ok;
  if (auto ok = store_.add_stat(tx, id_, store::Stat::ErrorsResolved); !ok) return ok;
  return tx.commit();
}

// The failed event is given up: marked skipped, and the twin steps past it.
Status ConnectionEngine::skip_failed_event(store::Tx& tx, store::Twin& t, const std::string& event_id) {
  auto failed = store_.inbox_event(tx, id_, event_id);
  if (!failed) return failed.error();
  if (!*failed || (*failed)->twin_key != *t.remote_key) return ok_status();
  store::Event ev = std::move(**failed);
  ev.state = "skipped";
  if (auto ok = store_.update_inbox(tx, ev); !ok) return ok;
  t.in_seq = std::max(t.in_seq, ev.twin_seq);
  return ok_status();
}

// A refused replica goes again without file contents (the usual reason is its size); its
// sequence number stays, so the other side's order holds.
Status ConnectionEngine::strip_refused_event(store::Tx& tx, const std::string& event_id) {
  auto event = store_.outbox_event(tx, id_, event_id);
  if (!event) return event.error();
  if (!*event || (*event)->kind != "replica") return ok_status();
  auto replica = decode_value((*event)->payload);
  if (!replica) return make_error("the refused event cannot be read: " + replica.error().message, ErrorKind::Data);
  return store_.set_outbox_payload(tx, id_, event_id, encode_value(without_file_contents(*replica)));
}

Status ConnectionEngine::refuse_outbound(const std::string& event_id, const std::string& reason) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto event = store_.outbox_event(*tx, id_, event_id);
  if (!event) return event.error();
  if (!*event) return make_error("no outbound event " + event_id, ErrorKind::NotFound);
  if (auto ok = store_.refuse_outbox(*tx, id_, event_id); !ok) return ok;
  auto twin = store_.twin_by_local(*tx, id_, (*event)->twin_key);
  if (!twin) return twin.error();
  const std::string message = "the other side refused a change of " + (*event)->twin_key + ": " + reason;
  std::optional<store::Twin> parked;
  if (*twin) {
    store::Twin t = std::move(**twin);
    t.state = store::TwinState::Blocked;
    t.reason = message;
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok;
    parked = std::move(t);
  }
  auto id = store_.add_error(*tx, id_, parked ? parked->id : 0, "outgoing", event_id, "refused", message);
  if (!id) return id.error();
  if (parked) {
    store::HistoryEntry h{0, "outgoing", event_id, rules_version(), "failed", "refused", 0};
    if (auto ok = store_.add_history(*tx, id_, parked->id, h); !ok) return ok;
  }
  if (auto ok = store_.add_stat(*tx, id_, store::Stat::ErrorsOpened); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  if (parked && parked->local_key) show_link(*parked->local_key, parked->remote_key.value_or(""), "blocked", message);
  return ok_status();
}

Result<size_t> ConnectionEngine::bulk(const std::string& trigger, const std::function<void(size_t, size_t)>& progress) {
  auto program = rules();
  if (!program) return make_error("connection " + name_ + " has no rules", ErrorKind::Config);
  const TriggerInfo* found = nullptr;
  for (const TriggerInfo& t : program->triggers) {
    if (t.name == trigger) found = &t;
  }
  if (!found) return make_error("no trigger named " + trigger + " in " + name_, ErrorKind::NotFound);
  auto keys = tracker_.search_keys(found->jql);
  if (!keys) return keys.error();
  // In groups, as the node's outgoing loop does: one store transaction (one fsync) per group
  // instead of one per issue.
  size_t queued = 0;
  for (size_t first = 0; first < keys->size(); first += kBatchSize) {
    const size_t end = std::min(keys->size(), first + kBatchSize);
    const uint64_t since = write_generation();
    // The notice clock before the read, as the node's outgoing loop takes it: what the read shows
    // is the twins' known issue until someone else changes it, so the other side's answer to a
    // new twin (its first replica back) is applied without reading the issue again.
    const uint64_t stamp = notices_.stamp();
    // The group in one read where the tracker can (issues deleted since the search are left out).
    auto issues = tracker_.get_issues(std::vector<std::string>(keys->begin() + static_cast<std::ptrdiff_t>(first),
                                                               keys->begin() + static_cast<std::ptrdiff_t>(end)));
    if (!issues) return issues.error();
    auto results = outgoing_batch(*issues, true, since, stamp);
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
