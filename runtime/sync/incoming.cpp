// incoming.cpp — inbox events onto the local tracker, in order per twin: the incoming rules,
// the three-way field plan, item operations (incoming_items.cpp), then one transaction
// recording what was done.
#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_codec.h"
#include "compiler/vm/vm.h"
#include "runtime/sync/engine.h"
#include "runtime/sync/engine_host.h"
#include "runtime/sync/issue_key.h"
#include "runtime/sync/file_parts.h"
#include "runtime/sync/items.h"
#include "runtime/sync/replica_apply.h"
#include "runtime/sync/step_tx.h"
#include "runtime/sync/vm_pool.h"

namespace twinsync::sync {
namespace {

std::string join(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& p : parts) out += (out.empty() ? "" : ",") + p;
  return out;
}

// The replicas queued right behind `first` that may be applied with it: consecutive, due now,
// replicas all (a link or an unexalate in between ends the run; it must go in its place), and
// no more bytes together than kMaxFoldedBytes (each is read and decoded to look for files).
std::vector<store::Event> foldable(const store::Event& first, std::vector<store::Event> queued) {
  const int64_t now = datetime::now_ms();
  int64_t seq = first.twin_seq, bytes = 0;
  size_t n = 0;
  while (n < queued.size() && queued[n].kind == "replica" && seq < INT64_MAX && queued[n].twin_seq == seq + 1 &&
         queued[n].next_attempt_ms <= now && bytes + queued[n].payload_bytes <= ConnectionEngine::kMaxFoldedBytes) {
    bytes += queued[n].payload_bytes;
    seq = queued[n++].twin_seq;
  }
  queued.resize(n);
  return queued;
}

}  // namespace

Result<size_t> ConnectionEngine::apply_ready(size_t max, size_t lane, size_t lanes) {
  if (retired_ || paused()) return size_t{0};
  std::vector<store::Event> events;
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto ready = store_.ready_inbox(*tx, id_, datetime::now_ms(), max);
    if (!ready) return ready.error();
    events = std::move(*ready);
    if (auto ok = tx->commit(); !ok) return ok.error();
  }
  // Events come ordered by twin and sequence; a twin stops at its first event that cannot go.
  size_t applied = 0;
  std::string stopped_twin;
  for (const store::Event& e : events) {
    if (lanes > 1 && std::hash<std::string>{}(e.twin_key) % lanes != lane) continue;
    if (e.twin_key == stopped_twin) continue;
    auto r = apply_event(e);
    if (!r) {
      // One event's failure (the store busy, a row the store refuses) is that event's: it is
      // retried with back-off and given up with an error, and the other twins go on.
      StepResult retried;
      if (auto ok = transient(e, r.error().message, retried); !ok) return ok.error();
      r = retried;
    }
    if (r->kind == StepResult::Applied || r->kind == StepResult::Skipped) {
      ++applied;
    } else {
      stopped_twin = e.twin_key;
    }
  }
  return applied;
}

// What a peer may do is bounded by this side: it addresses the twins of this connection, and
// can bind a local issue only when this side put it under sync (a trigger matches it, or the
// operator exalated or connected it). A linked twin is never re-pointed by the peer.
Result<StepResult> ConnectionEngine::apply_event(const store::Event& e) {
  // The peer's key for its issue shows on ours (the remote link's title and URL): only Jira's form.
  if (!valid_issue_key(e.twin_key)) return refuse_event(e, 0, "the other side's event names no issue key");
  // Link and connect events name our own issue in their payload; the others our twin by its key there.
  const bool by_local = e.kind == "link" || e.kind == "connect";
  std::optional<store::Twin> found;
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto f = by_local ? store_.twin_by_local(*tx, id_, e.payload) : store_.twin_by_remote(*tx, id_, e.twin_key);
    if (!f) return f.error();
    found = std::move(*f);
    if (auto ok = tx->commit(); !ok) return ok.error();
  }
  if (by_local) {
    auto taken = remote_taken(e, found ? found->id : 0);
    if (!taken) return taken.error();
    if (*taken) return refuse_event(e, found ? found->id : 0, **taken);
  }
  store::Twin twin;
  if (found) {
    twin = std::move(*found);
    if (auto why = repointing(twin, e)) return refuse_event(e, twin.id, *why);
  } else if (e.kind == "replica" || e.kind == "connect") {
    if (e.kind == "connect") {
      auto outside = outside_scope(e.payload);
      if (!outside) {
        StepResult r;
        if (!is_transient(outside.error())) {
          return refuse_event(e, 0, "the other side asked to connect " + e.payload + ", which cannot be read here: " +
                                        outside.error().message);
        }
        if (auto ok = transient(e, "checking " + e.payload + ": " + outside.error().message, r); !ok) return ok.error();
        return r;
      }
      if (*outside) return refuse_event(e, 0, **outside);
    }
    twin.connection = id_;
    twin.remote_key = e.twin_key;
    if (e.kind == "connect") twin.local_key = e.payload;
    twin.state = store::TwinState::New;
    if (auto ok = in_transaction(store_, [&](store::Tx& tx) { return store_.insert_twin(tx, twin); }); !ok) {
      return ok.error();
    }
  } else {
    store::Event done = e;
    done.state = "skipped";  // nothing to link or stop here
    if (auto ok = in_transaction(store_, [&](store::Tx& tx) { return store_.update_inbox(tx, done); }); !ok) {
      return ok.error();
    }
    return StepResult{StepResult::Skipped, "no twin for " + e.kind};
  }
  std::lock_guard lock(twin_lock(twin.id));
  std::vector<store::Event> later;
  {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto fresh = store_.twin_by_id(*tx, twin.id);
    if (!fresh) return fresh.error();
    twin = std::move(**fresh);
    if (e.twin_seq <= twin.in_seq) {  // delivered twice: already applied
      store::Event done = e;
      done.state = "skipped";
      if (auto ok = store_.update_inbox(*tx, done); !ok) return ok.error();
      if (auto ok = tx->commit(); !ok) return ok.error();
      return StepResult{StepResult::Skipped, "duplicate"};
    }
    if (e.kind == "replica") {
      auto queued = store_.later_inbox(*tx, id_, e.twin_key, e.twin_seq, kMaxFolded);
      if (!queued) return queued.error();
      later = foldable(e, std::move(*queued));
    }
    if (auto ok = tx->commit(); !ok) return ok.error();
  }
  if (e.twin_seq > twin.in_seq + 1) return StepResult{StepResult::Waiting, "an earlier event has not arrived"};
  if (twin.state == store::TwinState::Blocked) return StepResult{StepResult::Waiting, "the twin is blocked: " + twin.reason};
  if (twin.state == store::TwinState::Unexalated) {
    // Unexalate holds: nothing from the other side (a replica or link already on its way) brings
    // the twin back; only this side's operator does.
    twin.in_seq = e.twin_seq;
    store::Event done = e;
    done.state = "skipped";
    Status skipped = in_transaction(store_, [&](store::Tx& tx) -> Status {
      if (auto ok = store_.update_twin(tx, twin); !ok) return ok;
      return store_.update_inbox(tx, done);
    });
    if (!skipped) return skipped.error();
    return StepResult{StepResult::Skipped, "unexalated"};
  }
  return e.kind == "replica" ? apply_replica(twin, e, std::move(later)) : apply_control(twin, e);
}

void ConnectionEngine::note_local_writes(const std::string& key, bool begin) {
  {
    std::lock_guard lock(writes_mu_);
    if (begin) {
      ++writing_now_[key];
    } else {
      if (auto it = writing_now_.find(key); it != writing_now_.end() && --it->second <= 0) writing_now_.erase(it);
      written_at_[key] = ++write_generation_;
      // Only reads in flight need these; past a bound every older read counts as stale.
      if (written_at_.size() > 4096) {
        written_at_.clear();
        forgotten_below_ = write_generation_;
      }
    }
  }
  if (local_writes_) local_writes_(key, begin);
}

uint64_t ConnectionEngine::write_generation() {
  std::lock_guard lock(writes_mu_);
  return write_generation_;
}

bool ConnectionEngine::written_since(const std::string& key, uint64_t since) {
  if (since == kUnknownGeneration) return false;
  std::lock_guard lock(writes_mu_);
  if (writing_now_.count(key) || since < forgotten_below_) return true;
  auto it = written_at_.find(key);
  return it != written_at_.end() && it->second > since;
}

Result<StepResult> ConnectionEngine::apply_control(store::Twin& twin, const store::Event& e) {
  if (e.kind == "link" || e.kind == "connect") {
    twin.remote_key = e.twin_key;
    twin.state = store::TwinState::Synchronized;
  } else if (e.kind == "unexalate") {
    twin.state = store::TwinState::Unexalated;
  }
  twin.in_seq = e.twin_seq;
  twin.last_sync_ms = datetime::now_ms();
  auto tx = store_.begin();
  if (!tx) return tx.error();
  store::Event done = e;
  done.state = "applied";
  if (auto ok = store_.update_twin(*tx, twin); !ok) return ok.error();
  if (auto ok = store_.update_inbox(*tx, done); !ok) return ok.error();
  store::HistoryEntry h{0, "incoming", e.id, rules_version(), e.kind, "", 0};
  if (auto ok = store_.add_history(*tx, id_, twin.id, h); !ok) return ok.error();
  // The issue showed "waiting for remote" (a link without a key): it goes, the twin's link follows.
  auto waited = store_.waiting_shown(*tx, twin.id);
  if (!waited) return waited.error();
  if (*waited) {
    if (auto ok = store_.set_waiting_shown(*tx, twin.id, false); !ok) return ok.error();
  }
  if (auto ok = tx->commit(); !ok) return ok.error();
  if (*waited && twin.local_key) (void)tracker_.remove_link_state(*twin.local_key, name_, "");
  WritesWindow writing([this](const std::string& key, bool begin) { note_local_writes(key, begin); });
  if (twin.local_key && e.kind == "unexalate") show_link(*twin.local_key, twin.remote_key.value_or(""), "unexalated");
  if (twin.local_key && e.kind != "unexalate") {
    writing.open(*twin.local_key);
    if (!options_.sync_back_field.empty() && twin.remote_key) {
      // Sync back: the remote key in a local field. Outgoing rules that do not send the field
      // see no change, so this write starts no loop.
      FieldChanges back;
      back.custom[options_.sync_back_field] = Value::string(*twin.remote_key);
      if (auto ok = tracker_.update_issue(*twin.local_key, back); !ok) {
        // Not worth parking the twin for; the next link or a retry writes it again.
      }
    }
    show_link(*twin.local_key, *twin.remote_key, "synchronized");
    if (e.kind == "connect" && request_outgoing_) request_outgoing_(*twin.local_key);
  }
  return StepResult{StepResult::Applied, e.kind};
}

Status ConnectionEngine::transient(const store::Event& e, const std::string& message, StepResult& out) {
  store::Event retry = e;
  retry.attempts += 1;
  if (retry.attempts >= options_.max_attempts) {
    out = {StepResult::Parked, "gave up after " + std::to_string(retry.attempts) + " attempts: " + message};
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto twin = store_.twin_by_remote(*tx, id_, e.twin_key);
    if (!twin) return twin.error();
    if (auto ok = tx->commit(); !ok) return ok;
    if (*twin) return park(**twin, &e, "incoming", "transient", out.message);
    // No twin to park (a connect never checked): the event fails on its own, with an error.
    auto r = refuse_event(e, 0, out.message);
    if (!r) return r.error();
    return ok_status();
  }
  const int64_t delay = std::min(options_.retry_cap_ms, options_.retry_base_ms << std::min(retry.attempts, 20));
  retry.next_attempt_ms = datetime::now_ms() + delay;
  out = {StepResult::Retrying, message};
  return in_transaction(store_, [&](store::Tx& tx) -> Status {
    if (auto ok = store_.update_inbox(tx, retry); !ok) return ok;
    return store_.add_stat(tx, id_, store::Stat::Retries);
  });
}

// Phases: decode → the local issue → the rules → fields (create or edit) → items → record.
// A phase that ends the apply early (parked, retried, failed) answers; the others go on.
Result<StepResult> ConnectionEngine::apply_replica(store::Twin& twin, const store::Event& e, std::vector<store::Event> later) {
  const bool folding = !later.empty();
  auto r = apply_replica_run(twin, e, std::move(later));
  // A folded apply that would park is tried again with the twin's next event alone: the cause
  // may be in a later replica, and a good event must not be parked (or resolved away) for it.
  if (folding && r && r->kind == StepResult::Nothing) return apply_replica_run(twin, e, {});
  return r;
}

Result<StepResult> ConnectionEngine::apply_replica_run(store::Twin& twin, const store::Event& e, std::vector<store::Event> later) {
  ReplicaApply a(*this, twin, e);
  a.later = std::move(later);
  a.format = comment_format();
  // Taken before anything is read or written: a notice of another change that comes later
  // makes the record this apply leaves untrusted.
  a.stamp = notices_.stamp();
  auto decoded = decode_value(e.payload);
  if (!decoded || !decoded->is_record()) {
    if (auto ok = park(twin, &e, "incoming", "data", "the replica could not be read"); !ok) return ok.error();
    return StepResult{StepResult::Parked, "unreadable replica"};
  }
  a.replica = std::move(*decoded);
  if (!a.later.empty()) {
    if (auto ok = choose_folded(a); !ok) return ok.error();
  }
  if (ApplyStop stop = replica_local_issue(a)) return std::move(*stop);
  if (ApplyStop stop = replica_rules(a)) return std::move(*stop);
  if (a.run.kind == RunOutcome::Done) {
    if (ApplyStop stop = replica_fields(a)) return std::move(*stop);
    if (ApplyStop stop = replica_items(a)) return std::move(*stop);
  }
  return replica_record(a);
}

// The run's replicas read one at a time, in order: the apply takes the last readable one, and
// stops at a replica that carries file bytes (the only one that brings them, so it may not be
// superseded) and before one that cannot be read (parked in its own place when its turn comes).
Status ConnectionEngine::choose_folded(ReplicaApply& a) {
  if (carries_file_contents(a.replica)) {
    a.later.clear();
    return ok_status();
  }
  size_t taken = 0;
  while (taken < a.later.size()) {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto full = store_.inbox_event(*tx, id_, a.later[taken].id);
    if (!full) return full.error();
    if (auto ok = tx->commit(); !ok) return ok;
    if (!*full) break;
    auto decoded = decode_value((*full)->payload);
    if (!decoded || !decoded->is_record()) break;
    a.replica = std::move(*decoded);
    ++taken;
    if (carries_file_contents(a.replica)) break;
  }
  a.later.resize(taken);
  return ok_status();
}

// A folded apply does not park: it answers Nothing, and apply_replica tries the first event alone.
ConnectionEngine::ApplyStop ConnectionEngine::park_apply(ReplicaApply& a, const std::string& kind,
                                                         const std::string& message, const std::string& answer) {
  if (!a.later.empty()) return Result<StepResult>(StepResult{StepResult::Nothing, "unfold"});
  if (auto ok = park(a.twin, &a.e, "incoming", kind, message); !ok) return Result<StepResult>(ok.error());
  return Result<StepResult>(StepResult{StepResult::Parked, answer});
}

Result<StepResult> ConnectionEngine::replica_failed(ReplicaApply& a, const Error& err, const std::string& what) {
  // A refusal of a write made on the record alone (a status moved meanwhile, say) is tried
  // again after a read, before anyone is told.
  if (a.trusted && !is_transient(err)) forget_snapshot(a.twin.id);
  if (a.trusted || is_transient(err)) {
    if (auto ok = transient(a.e, what + ": " + err.message, a.result); !ok) return ok.error();
    return a.result;
  }
  const std::string kind = err.kind == ErrorKind::None ? std::string("tracker") : error_kind_text(err);
  return *park_apply(a, kind, what + ": " + err.message, err.message);
}

// The local issue as it is (the record when it is current, else a read), its items paired.
ConnectionEngine::ApplyStop ConnectionEngine::replica_local_issue(ReplicaApply& a) {
  store::Twin& twin = a.twin;
  // A create that was intended before a crash: find what it made before making another. It
  // counts as made by this apply, so the other side still learns its key (the link event).
  if (!twin.local_key && twin.state == store::TwinState::Creating && twin.create_marker) {
    auto found = tracker_.find_by_marker(*twin.create_marker);
    if (!found) return replica_failed(a, found.error(), "looking for a half-made issue");
    if (*found) {
      twin.local_key = **found;
      a.adopted = true;
    }
  } else if (twin.local_key && twin.state == store::TwinState::Creating) {
    a.adopted = true;  // made, its key recorded, the apply cut short after that
  }
  if (twin.local_key) {
    a.writing.open(*twin.local_key);
    a.trusted = snapshot_current(twin);
    // Whatever this apply writes makes the record old until it records the new one.
    forget_snapshot(twin.id);
    if (a.trusted) {
      a.local = twin.snapshot;
    } else {
      auto got = tracker_.get_issue(*twin.local_key);
      if (!got) return replica_failed(a, got.error(), "reading " + *twin.local_key);
      a.local = std::move(*got);
    }
  }
  std::vector<store::ItemPair> pairs;
  Status paired = in_transaction(store_, [&](store::Tx& tx) -> Status {
    auto p = store_.items(tx, twin.id);
    if (!p) return p.error();
    pairs = std::move(*p);
    // A new issue whose apply was cut short may hold the comments of its one edit already.
    const auto found_items = a.adopted ? reconcile_new_issue_comments(pairs, a.local, a.format, tracker_.sync_user())
                                       : reconcile_intents(pairs, a.local, a.format);
    for (const store::ItemPair& found : found_items) {
      if (auto ok = store_.put_item(tx, twin.id, found); !ok) return ok;
      for (store::ItemPair& q : pairs) {
        if (q.kind == found.kind && q.remote_id == found.remote_id) q = found;
      }
    }
    return ok_status();
  });
  if (!paired) return Result<StepResult>(paired.error());
  a.before = a.local.is_null() ? Value::record(issue_shape()) : annotate(a.local, local_to_remote(pairs), a.format);
  a.expected = a.before;
  a.created = a.adopted;
  return std::nullopt;
}

// The incoming rules on the replica; a rule's runtime error parks the twin at its source place.
ConnectionEngine::ApplyStop ConnectionEngine::replica_rules(ReplicaApply& a) {
  auto program = rules();
  a.frame.issue = a.before;
  a.frame.replica = a.replica;
  a.frame.previous = a.twin.received;
  a.frame.first_sync = !a.twin.local_key;
  a.frame.output = a.before;
  if (program && program->incoming) {
    EngineHost host(tracker_);
    a.run = thread_vm().run(*program, *program->incoming, a.frame, host);
  } else {
    a.run.kind = RunOutcome::Skipped;  // this side applies nothing
  }
  if (a.run.kind != RunOutcome::Failed) return std::nullopt;
  const SourceFile src(program->source_path, program->source_text);
  const LineCol lc = src.line_col(a.run.span.begin);
  const std::string where = program->source_path + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
  return park_apply(a, "rule", where + ": " + a.run.message, a.run.message);
}

// The three-way field plan, then the create (intent recorded first) or the one edit.
ConnectionEngine::ApplyStop ConnectionEngine::replica_fields(ReplicaApply& a) {
  store::Twin& twin = a.twin;
  // Rich text as the tracker will store it: compared as written, a text the tracker reshapes
  // would look changed after every apply and be written again each time.
  for (IssueSlot s : {IssueSlot::Description, IssueSlot::Environment}) {
    const Value& v = a.frame.output.field(slot(s));
    if (v.is_string()) a.frame.output.set_field(slot(s), tracker_.stored_form(slot(s), v));
  }
  const Value& wanted = a.frame.output;
  FieldPlan plan = plan_fields(wanted, a.local.is_null() ? Value() : a.before, twin.snapshot, a.replica, options_.conflicts);
  if (!plan.refused.empty()) {
    const std::string msg = "both sides changed " + join(plan.refused) + " since the last sync, and the policy is error";
    return park_apply(a, "conflict", msg, msg);
  }
  a.written = plan.written;
  for (const auto& [s, v] : plan.changes.fields) a.expected.set_field(s, v);
  if (!plan.changes.custom.empty()) {
    Value custom = a.expected.field(slot(IssueSlot::Custom));
    if (!custom.is_map()) custom = Value::map({});
    for (const auto& [name, v] : plan.changes.custom) custom.map_set(name, v);
    a.expected.set_field(slot(IssueSlot::Custom), custom);
  }
  if (twin.local_key) {
    if (plan.changes.empty()) return std::nullopt;
    plan.changes.current = a.local;
    if (auto ok = tracker_.update_issue(*twin.local_key, plan.changes); !ok) {
      return replica_failed(a, ok.error(), "updating " + *twin.local_key);
    }
    return std::nullopt;
  }
  if (wanted.field(slot(IssueSlot::Project)).is_null() || wanted.field(slot(IssueSlot::Type)).is_null()) {
    const std::string msg = "the incoming rules set no project or type, so no issue can be created";
    return park_apply(a, "data", msg, msg);
  }
  // Record the intent (and its marker) before the create, so a crash cannot make a twin twice.
  twin.state = store::TwinState::Creating;
  // Made here, never from the peer's event id: it goes into a JQL search later.
  twin.create_marker = "tw" + store::new_event_id().substr(0, 20);
  auto record_twin = [&](store::Tx& tx) { return store_.update_twin(tx, twin); };
  if (auto ok = in_transaction(store_, record_twin); !ok) return Result<StepResult>(ok.error());
  auto key = tracker_.create_issue(plan.changes, *twin.create_marker);
  if (!key) return replica_failed(a, key.error(), "creating the issue");
  twin.local_key = *key;
  a.writing.open(*key);
  a.created = true;
  // The key is recorded before anything else is written to the new issue, in one transaction
  // with the intents of the items written next (flush_intents): from there on a crash finds the
  // issue by its key, so the marker may go in the first write made anyway. Until then the
  // marker, still on the issue, finds it.
  a.key_unrecorded = true;
  return std::nullopt;
}

// The new issue's key and the intents gathered so far, in one transaction, before the tracker
// write they guard.
Status ConnectionEngine::flush_intents(ReplicaApply& a) {
  if (!a.key_unrecorded && a.intents.empty()) return ok_status();
  Status recorded = in_transaction(store_, [&](store::Tx& tx) -> Status {
    if (a.key_unrecorded) {
      if (auto ok = store_.update_twin(tx, a.twin); !ok) return ok;
    }
    for (const store::ItemPair& intent : a.intents) {
      if (auto ok = store_.put_item(tx, a.twin.id, intent); !ok) return ok;
    }
    return ok_status();
  });
  if (!recorded) return recorded;
  a.key_unrecorded = false;
  a.intents.clear();
  return ok_status();
}

// Record the result: what arrived, the local issue as it is now, and what is already known
// on the other side (so the tracker's notice of this very write sends nothing back).
// A new issue is as the tracker gave it back (its last edit's answer, else a read: the tracker
// filled in its fields); an updated one is what we made it.
Result<StepResult> ConnectionEngine::replica_record(ReplicaApply& a) {
  store::Twin& twin = a.twin;
  const store::Event& e = a.e;
  Value after = a.expected;
  if (a.created && a.edited.is_record()) {
    after = std::move(a.edited);
  } else if (a.created) {
    auto got = tracker_.get_issue(*twin.local_key);
    if (!got) return replica_failed(a, got.error(), "reading " + *twin.local_key + " after the sync");
    after = std::move(*got);
  }
  if (!a.created && a.local.is_null()) after = Value();
  // An updated issue is not read back for the tracker's time of the write: a read that may
  // predate this apply's writes (one taken while they went on, such as after the first of two
  // transitions) is told by the write generation instead (written_since), and read again.
  if (twin.local_key && !twin.sent.is_null() && !a.written.empty()) twin.sent = attribute_echo(twin, a.before, a.expected);
  twin.received = a.replica;
  twin.in_seq = a.last().twin_seq;
  if (!after.is_null()) twin.snapshot = after;
  twin.remote_key = e.twin_key;
  twin.state = twin.local_key ? store::TwinState::Synchronized : store::TwinState::Waiting;
  twin.reason.clear();
  twin.last_sync_ms = datetime::now_ms();
  const std::string outcome = a.run.kind == RunOutcome::Skipped ? "skipped" : "applied";
  Status recorded = in_transaction(store_, [&](store::Tx& tx) -> Status {
    // Comments added with the marker's removal have their ids in the issue as it is now: mapped
    // in this transaction, before the outgoing side sees the issue, or they would look like
    // this side's own and go back.
    if (a.created && a.marker_cleared) {
      auto pairs_now = store_.items(tx, twin.id);
      if (!pairs_now) return pairs_now.error();
      for (const store::ItemPair& found : reconcile_new_issue_comments(*pairs_now, after, a.format, tracker_.sync_user())) {
        if (auto ok = store_.put_item(tx, twin.id, found); !ok) return ok;
      }
    }
    if (a.created) {
      twin.out_seq += 1;
      auto link = store_.append_outbox(tx, id_, "link", *twin.local_key, twin.out_seq, e.twin_key);
      if (!link) return link.error();
    }
    if (auto ok = store_.update_twin(tx, twin); !ok) return ok;
    return record_events(tx, a, a.created ? "created" : outcome);
  });
  if (!recorded) return recorded.error();
  if (!after.is_null()) remember_snapshot(twin.id, a.stamp);
  if (change_latency_) {
    for (size_t i = 0; i <= a.later.size(); ++i) {
      if (auto ms = change_latency(i == 0 ? e : a.later[i - 1], twin.last_sync_ms)) change_latency_(*ms);
    }
  }
  if (a.created) announce_new_issue(a, after);
  return StepResult{a.run.kind == RunOutcome::Skipped ? StepResult::Skipped : StepResult::Applied, join(a.written)};
}

// The peer's clock: a skew shows as 0, never negative; a time from the future or older than a
// month is not a latency at all (a peer can send any number).
std::optional<int64_t> ConnectionEngine::change_latency(const store::Event& e, int64_t applied_ms) {
  if (e.origin_ms <= 0) return std::nullopt;
  const int64_t latency = applied_ms - e.origin_ms;
  if (latency > int64_t{30} * 24 * 3600 * 1000 || latency < -60 * 1000) return std::nullopt;
  return std::max<int64_t>(0, latency);
}

// The apply's events done in its record's transaction: the last applied with `outcome` (the
// fields written), the ones before it superseded (their changes are in the last replica), each
// with its change-to-twin latency.
Status ConnectionEngine::record_events(store::Tx& tx, ReplicaApply& a, const std::string& outcome) {
  const int64_t applied_ms = a.twin.last_sync_ms;
  for (size_t i = 0; i <= a.later.size(); ++i) {
    store::Event done = i == 0 ? a.e : a.later[i - 1];
    const bool last = i == a.later.size();
    done.state = a.run.kind == RunOutcome::Skipped ? "skipped" : "applied";
    if (auto ok = store_.update_inbox(tx, done); !ok) return ok;
    store::HistoryEntry h{0, "incoming", done.id, rules_version(), last ? outcome : "superseded",
                          last ? join(a.written) : "", 0};
    if (auto ok = store_.add_history(tx, id_, a.twin.id, h); !ok) return ok;
    if (auto ok = store_.add_stat(tx, id_, last ? store::Stat::Applied : store::Stat::Superseded); !ok) return ok;
    const auto latency = change_latency(done, applied_ms);
    if (!latency) continue;
    if (auto ok = store_.add_stat(tx, id_, store::Stat::LatencyMsSum, *latency); !ok) return ok;
    if (auto ok = store_.add_stat(tx, id_, store::Stat::LatencyCount); !ok) return ok;
  }
  return ok_status();
}

// After a create is recorded: the marker goes, the issue's state shows, the other side learns.
void ConnectionEngine::announce_new_issue(ReplicaApply& a, const Value& after) {
  const store::Twin& twin = a.twin;
  notify_outbox();
  // The marker label only guarded the create against a crash; with the key recorded it goes.
  if (twin.create_marker && !a.marker_cleared) (void)tracker_.clear_marker(*twin.local_key, *twin.create_marker);
  // Changes made to the new issue before its key was recorded (a crash in between) are sent now,
  // from the issue as read back after this apply's writes (what is written after it, the
  // marker's removal and the remote link, is nothing the rules see): no second read.
  if (change_read_) {
    change_read_(*twin.local_key, after);
  } else if (request_outgoing_) {
    request_outgoing_(*twin.local_key);
  }
  show_link(*twin.local_key, a.e.twin_key, "synchronized");
}

// The replica fields this apply changed are already known on the other side: they become part
// of what was sent. Fields that changed here for other reasons are left to be sent.
Value ConnectionEngine::attribute_echo(const store::Twin& twin, const Value& before, const Value& after) {
  std::string error;
  const Value r_before = run_outgoing_rules(before, twin.sent, false, &error);
  const Value r_after = run_outgoing_rules(after, twin.sent, false, &error);
  if (!r_before.is_record() || !r_after.is_record()) return twin.sent;
  Value sent = twin.sent;
  for (uint32_t i = 0; i < issue_shape().size(); ++i) {
    if (!(r_before.field(i) == r_after.field(i))) sent.set_field(i, r_after.field(i));
  }
  return sent;
}

}  // namespace twinsync::sync
