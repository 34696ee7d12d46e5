// outgoing.cpp — a local change through the outgoing rules into the outbox (one transaction).
#include <algorithm>
#include <set>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_codec.h"
#include "compiler/vm/vm.h"
#include "compiler/vm/vm_ops.h"
#include "runtime/sync/engine.h"
#include "runtime/sync/engine_host.h"
#include "runtime/sync/file_parts.h"
#include "runtime/sync/items.h"
#include "runtime/sync/step_tx.h"
#include "runtime/sync/vm_pool.h"

namespace twinsync::sync {
namespace {

std::string key_of(const Value& issue) {
  const Value& k = issue.field(slot(IssueSlot::Key));
  return k.is_string() ? std::string(k.as_string()) : std::string();
}

// The names of the replica fields that differ: what a history entry lists.
std::string changed_fields(const Value& a, const Value& b) {
  std::string out;
  for (uint32_t i = 0; i < issue_shape().size(); ++i) {
    const Value& x = a.is_record() ? a.field(i) : Value();
    if (!(x == b.field(i))) out += (out.empty() ? "" : ",") + std::string(issue_shape().fields[i].name);
  }
  return out;
}

}  // namespace

Value ConnectionEngine::run_outgoing_rules(const Value& issue, const Value& previous, bool first_sync,
                                           std::string* error, const Program* with) {
  auto running = with ? nullptr : rules();
  const Program* program = with ? with : running.get();
  if (!program || !program->outgoing) return Value();  // nothing leaves this side
  RunFrame frame;
  frame.issue = issue;
  frame.previous = previous;
  frame.first_sync = first_sync;
  frame.output = Value::record(issue_shape());
  EngineHost host(tracker_);
  const RunOutcome r = thread_vm().run(*program, *program->outgoing, frame, host);
  if (r.kind == RunOutcome::Failed) {
    const SourceFile src(program->source_path, program->source_text);
    const LineCol lc = src.line_col(r.span.begin);
    if (error) *error = program->source_path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) + ": " + r.message;
    return Value();
  }
  if (r.kind == RunOutcome::Skipped) return Value();
  // The replica names its issue, whatever the rules did, so the other side can address the twin.
  if (frame.output.field(slot(IssueSlot::Key)).is_null()) frame.output.set_field(slot(IssueSlot::Key), issue.field(slot(IssueSlot::Key)));
  return without_file_contents(frame.output);
}

Result<ConnectionEngine::Preview> ConnectionEngine::preview(const Program& draft, const Value& issue) {
  const std::string key = key_of(issue);
  Preview p;
  store::Twin t;
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto found = store_.twin_by_local(*tx, id_, key);
    if (!found) return found.error();
    if (*found) t = std::move(**found);
    std::vector<store::ItemPair> pairs;
    if (*found) {
      auto items = store_.items(*tx, t.id);
      if (!items) return items.error();
      pairs = std::move(*items);
    }
    (void)tx->commit();
    p.under_sync = t.id != 0 && t.state != store::TwinState::Unexalated;
    p.sent = t.sent;
    const Value annotated = annotate(issue, local_to_remote(pairs), comment_format());
    p.running = run_outgoing_rules(annotated, t.sent, t.sent.is_null(), &p.running_error);
    p.draft = run_outgoing_rules(annotated, t.sent, t.sent.is_null(), &p.draft_error, &draft);
  }
  EngineHost host(tracker_);
  for (const TriggerInfo& trigger : draft.triggers) {
    if (!trigger.active) continue;
    RunFrame frame;
    frame.issue = issue;
    const RunOutcome r = thread_vm().run(draft, trigger.predicate, frame, host);
    if (r.kind == RunOutcome::Done && r.value.truthy()) p.draft_triggers.push_back(trigger.name);
  }
  return p;
}

Result<bool> ConnectionEngine::triggered(const Value& issue) {
  auto program = rules();
  if (!program) return false;
  EngineHost host(tracker_);
  for (const TriggerInfo& t : program->triggers) {
    if (!trigger_active(t)) continue;
    RunFrame frame;
    frame.issue = issue;
    const RunOutcome r = thread_vm().run(*program, t.predicate, frame, host);
    if (r.kind == RunOutcome::Done && r.value.truthy()) return true;
    // A trigger that needed the tracker's answer (membersOf() …) and did not get it has no
    // verdict: the change is retried as any failed read is, not dropped as unmatched.
    if (host.lookup_error) {
      const bool transient = host.lookup_error->kind == ErrorKind::Transient;
      return make_error("trigger " + t.name + ": " + host.lookup_error->message, transient ? ErrorKind::Transient : ErrorKind::Lookup);
    }
  }
  return false;
}

Result<StepResult> ConnectionEngine::local_change(const std::string& key, bool force, bool skip_oversize) {
  if (retired_) return make_error("connection " + name_ + " is deleted", ErrorKind::NotFound);
  const uint64_t since = write_generation();
  auto issue = tracker_.get_issue(key);
  if (!issue) {
    if (issue.error().kind == ErrorKind::NotFound) return StepResult{StepResult::Nothing, "issue " + key + " is gone"};
    return issue.error();
  }
  return outgoing_in(*issue, force, nullptr, skip_oversize, since);
}

Result<StepResult> ConnectionEngine::outgoing(const Value& issue, bool force) { return outgoing_in(issue, force, nullptr); }

Result<std::vector<Result<StepResult>>> ConnectionEngine::outgoing_batch(const std::vector<Value>& issues, bool force,
                                                                        uint64_t read_since, uint64_t notice_stamp) {
  std::vector<Result<StepResult>> results;
  results.reserve(issues.size());
  if (retired_) {  // a deleted connection sends nothing
    results.assign(issues.size(), StepResult{StepResult::Nothing, "the connection is deleted"});
    return results;
  }
  // The twins first (found, or started when a trigger or `force` says so), so that their locks
  // can be taken before the store's: the incoming side takes a twin's lock, then the store's.
  std::vector<int64_t> twin_ids(issues.size(), 0);
  // The triggers are judged before the store is held, since one may ask the tracker; an issue
  // whose trigger could not be judged is retried (its error), not taken as unmatched.
  std::vector<Result<bool>> wanted;
  wanted.reserve(issues.size());
  for (const Value& issue : issues) wanted.push_back(force ? Result<bool>(true) : triggered(issue));
  std::vector<std::optional<Error>> unjudged(issues.size());
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    for (size_t i = 0; i < issues.size(); ++i) {
      const std::string key = key_of(issues[i]);
      if (key.empty()) continue;
      auto found = store_.twin_ref_by_local(*tx, id_, key);
      if (!found) return found.error();
      if (*found) {
        twin_ids[i] = (*found)->id;
      } else if (!wanted[i]) {
        unjudged[i] = wanted[i].error();
      } else if (*wanted[i]) {
        store::Twin t;
        t.connection = id_;
        t.local_key = key;
        t.state = store::TwinState::Waiting;
        if (auto ok = store_.insert_twin(*tx, t); !ok) return ok.error();
        twin_ids[i] = t.id;
      }
    }
    if (auto ok = tx->commit(); !ok) return ok.error();
  }
  std::vector<size_t> lock_slots;
  for (int64_t id : twin_ids) {
    if (id) lock_slots.push_back(static_cast<size_t>(id) % twin_locks_.size());
  }
  std::sort(lock_slots.begin(), lock_slots.end());
  lock_slots.erase(std::unique(lock_slots.begin(), lock_slots.end()), lock_slots.end());
  std::vector<std::unique_lock<std::mutex>> locks;
  for (size_t slot_no : lock_slots) locks.emplace_back(twin_locks_[slot_no]);

  auto tx = store_.begin();
  if (!tx) return tx.error();
  bool sent = false;
  for (size_t i = 0; i < issues.size(); ++i) {
    if (!twin_ids[i]) {
      static const Error keyless = make_error("an issue without a key cannot sync", ErrorKind::Data);
      const Error* why = key_of(issues[i]).empty() ? &keyless : unjudged[i] ? &*unjudged[i] : nullptr;
      results.push_back(why ? Result<StepResult>(*why) : Result<StepResult>(StepResult{}));
      continue;
    }
    if (auto ok = store_.savepoint(*tx); !ok) return ok.error();
    auto r = outgoing_in(issues[i], force, &*tx, false, read_since, notice_stamp);
    if (r) {
      if (auto ok = store_.release(*tx); !ok) return ok.error();
      sent = sent || r->kind == StepResult::Sent;
    } else {
      forget_snapshot(twin_ids[i]);  // its snapshot is undone with it: what was known is not now
      if (auto undone = store_.rollback_to(*tx); !undone) {
        for (int64_t id : twin_ids) forget_snapshot(id);
        return r.error();  // SQLite gave up the whole transaction: nothing of the batch is written
      }
    }
    results.push_back(std::move(r));
  }
  if (auto ok = tx->commit(); !ok) {
    for (int64_t id : twin_ids) forget_snapshot(id);
    return ok.error();
  }
  locks.clear();
  if (sent) notify_outbox();
  if (options_.show_state_on_issue) {
    for (size_t i = 0; i < issues.size(); ++i) {
      if (!results[i] || results[i]->kind != StepResult::Parked) continue;
      const std::string key = key_of(issues[i]);
      std::string remote;
      if (auto rtx = store_.begin()) {
        if (auto ref = store_.twin_ref_by_local(*rtx, id_, key); ref && *ref) remote = (*ref)->remote_key.value_or("");
        (void)rtx->commit();
      }
      show_link(key, remote, "blocked", results[i]->message);
    }
  }
  return results;
}

// Finds the issue's twin or, when a trigger or an operator (force) wants the issue, starts one.
// Only its id and state: its replicas are read (decoded) once, under the twin's lock. Nullopt:
// the issue is not for this connection.
Result<std::optional<store::TwinRef>> ConnectionEngine::outgoing_twin(const Value& issue, const std::string& key,
                                                                       bool force, store::Tx* batch) {
  // Judged before the store's transaction: a trigger may ask the tracker (membersOf() …), and no
  // request to a tracker is made while the store is held. (In a batch, the batch judged it.)
  const Result<bool> wanted = force || batch ? Result<bool>(true) : triggered(issue);
  StepTx tx(store_, batch);
  if (auto ok = tx.open(); !ok) return ok.error();
  auto found = store_.twin_ref_by_local(*tx, id_, key);
  if (!found) return found.error();
  if (*found) return std::move(*found);
  if (!wanted) return wanted.error();
  if (!*wanted) return std::optional<store::TwinRef>();
  store::Twin fresh;
  fresh.connection = id_;
  fresh.local_key = key;
  fresh.state = store::TwinState::Waiting;
  if (auto ok = store_.insert_twin(*tx, fresh); !ok) return ok.error();
  if (auto ok = tx.commit(); !ok) return ok.error();
  return std::optional<store::TwinRef>(store::TwinRef{fresh.id, fresh.state, std::nullopt});
}

// Why this read of the issue must not be sent (nullopt: it may).
std::optional<StepResult> ConnectionEngine::outgoing_read_too_old(const store::Twin& t, const Value& issue,
                                                                  const std::string& key, uint64_t read_since) {
  // Two readers of one issue (a webhook and a poll) may reach here in either order: a read older
  // than the version already synced must not send the older values again.
  if (t.snapshot.is_record()) {
    const auto order = vmops::compare(issue.field(slot(IssueSlot::Updated)), t.snapshot.field(slot(IssueSlot::Updated)));
    if (order && *order < 0) return StepResult{StepResult::Nothing, "stale read of " + key};
  }
  // A read that may predate an apply's writes to the issue (the twin's lock, held by the caller,
  // makes the apply finish first) would send the values it overwrote back: read the issue again.
  if (written_since(key, read_since)) {
    if (request_outgoing_) request_outgoing_(key);
    return StepResult{StepResult::Nothing, "read of " + key + " taken during a write to it; read again"};
  }
  return std::nullopt;
}

// The twin's item pairs, with items made just before a crash found first: they are this side's
// copies of the other side's, and would otherwise be sent back as new.
Result<std::vector<store::ItemPair>> ConnectionEngine::outgoing_items(store::Tx& tx, int64_t twin_id, const Value& issue,
                                                                      const CommentFormat& format) {
  auto pairs = store_.items(tx, twin_id);
  if (!pairs) return pairs.error();
  for (const store::ItemPair& p : reconcile_intents(*pairs, issue, format)) {
    if (auto ok = store_.put_item(tx, twin_id, p); !ok) return ok.error();
    for (store::ItemPair& q : *pairs) {
      if (q.kind == p.kind && q.remote_id == p.remote_id) q = p;
    }
  }
  return std::move(*pairs);
}

// The replica's parts into the outbox, and the twin's record of what was sent.
Status ConnectionEngine::outgoing_queue(store::Tx& tx, store::Twin& t, const Value& issue, Value replica,
                                        const std::vector<Value>& parts, const std::string& fields, uint64_t notice_stamp) {
  std::string first_event;
  for (const Value& part : parts) {
    t.out_seq += 1;
    auto event = store_.append_outbox(tx, id_, "replica", *t.local_key, t.out_seq, encode_value(part));
    if (!event) return event.error();
    if (first_event.empty()) first_event = event->id;
  }
  t.sent = std::move(replica);
  t.snapshot = issue;
  // A read no older than this engine's writes (written_since): known as of the stamp. Without
  // one (an issue an apply read, kept by the node until then and dropped by any write or notice
  // since) the apply's record stands.
  if (notice_stamp) remember_snapshot(t.id, notice_stamp);
  t.last_sync_ms = datetime::now_ms();
  if (auto ok = store_.update_twin(tx, t); !ok) return ok;
  store::HistoryEntry h{0, "outgoing", first_event, rules_version(), "sent", fields, 0};
  if (auto ok = store_.add_history(tx, id_, t.id, h); !ok) return ok;
  return store_.add_stat(tx, id_, store::Stat::Sent);
}

// Phases: the twin → its lock and record → is the read current → items → the rules → queue or park.
Result<StepResult> ConnectionEngine::outgoing_in(const Value& issue, bool force, store::Tx* batch, bool skip_oversize,
                                                uint64_t read_since, uint64_t notice_stamp) {
  const std::string key = key_of(issue);
  if (key.empty()) return make_error("an issue without a key cannot sync", ErrorKind::Data);
  auto twin = outgoing_twin(issue, key, force, batch);
  if (!twin) return twin.error();
  if (!*twin || ((*twin)->state == store::TwinState::Unexalated && !force)) return StepResult{};
  std::unique_lock lock(twin_lock((*twin)->id), std::defer_lock);
  if (!batch) lock.lock();

  StepTx tx(store_, batch);
  if (auto ok = tx.open(); !ok) return ok.error();
  auto fresh = store_.twin_by_id(*tx, (*twin)->id);
  if (!fresh) return fresh.error();
  if (!*fresh) return make_error("twin vanished", ErrorKind::Data);
  store::Twin t = std::move(**fresh);
  if (t.state == store::TwinState::Unexalated && force) t.state = t.remote_key ? store::TwinState::Synchronized : store::TwinState::Waiting;
  // An issue this side made for the peer, whose apply was cut short after its key was recorded:
  // its link goes first, or the peer would take this change for a new issue of ours and refuse
  // the link after it. The apply, when it runs again, sends what changed (announce_new_issue).
  if (t.state == store::TwinState::Creating) {
    return StepResult{StepResult::Nothing, key + " is still being made for the other side; sent once it is linked"};
  }
  if (auto old = outgoing_read_too_old(t, issue, key, read_since)) return *old;
  const CommentFormat format = comment_format();
  auto pairs = outgoing_items(*tx, t.id, issue, format);
  if (!pairs) return pairs.error();
  std::string error;
  Value replica = run_outgoing_rules(annotate(issue, local_to_remote(*pairs), format), t.sent, t.sent.is_null(), &error);
  StepResult result;
  // Parking keeps what was read (and reconciled): in the batch's transaction, or after ours.
  auto park_here = [&](const std::string& kind, const std::string& message) -> Status {
    result = {StepResult::Parked, message};
    if (tx.borrowed()) return park_in(*tx, t, nullptr, "outgoing", kind, message);
    if (auto ok = tx.commit(); !ok) return ok;
    return park(t, nullptr, "outgoing", kind, message);
  };
  if (!error.empty()) {
    if (auto ok = park_here("rule", error); !ok) return ok.error();
  } else if (!replica.is_null() && !(replica == t.sent)) {
    const std::string fields = changed_fields(t.sent, replica);
    // File contents are read outside the store's lock (another twin's commit need not wait);
    // in a batch the transaction stays open while the bytes are read.
    tx.drop();
    auto parts = split_new_files(tracker_, replica, t.sent, options_.max_attachment_bytes, skip_oversize);
    if (!parts) return parts.error();
    if (auto ok = tx.open(); !ok) return ok.error();
    if (!parts->too_large.empty()) {
      if (auto ok = park_here("too_large", parts->too_large); !ok) return ok.error();
    } else {
      if (auto ok = outgoing_queue(*tx, t, issue, std::move(replica), parts->replicas, fields, notice_stamp); !ok) {
        return ok.error();
      }
      result = {StepResult::Sent, fields};
    }
  } else if (t.id && t.snapshot.is_null()) {
    t.snapshot = issue;
    if (notice_stamp) remember_snapshot(t.id, notice_stamp);
    if (auto ok = store_.update_twin(*tx, t); !ok) return ok.error();
  }
  if (auto ok = tx.commit(); !ok) return ok.error();
  if (result.kind == StepResult::Sent && !batch) notify_outbox();
  return result;
}

}  // namespace twinsync::sync
