// node_intake.cpp — changes coming in from the node's own tracker: webhook deliveries and the
// JQL poll, coalesced per issue, read, and run through every connection's outgoing side.
#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/schema/shapes.h"
#include "runtime/jira/poller.h"
#include "runtime/jira/webhook.h"
#include "runtime/node/node.h"
#include "runtime/sync/items.h"
#include "runtime/sync/issue_key.h"
#include "runtime/transport/crypto.h"
#include "compiler/support/encoding.h"

namespace twinsync::node {
namespace {
// The poller's watermark lives in the node's store.
class StoreWatermark : public jira::WatermarkStore {
 public:
  explicit StoreWatermark(store::SyncStore& s) : store_(s) {}
  Result<std::optional<int64_t>> load() override {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    auto v = store_.load_watermark(*tx, "poll");
    if (!v) return v.error();
    (void)tx->commit();
    return v;
  }
  Status store(int64_t watermark_ms) override {
    auto tx = store_.begin();
    if (!tx) return tx.error();
    if (auto ok = store_.store_watermark(*tx, "poll", watermark_ms); !ok) return ok;
    return tx->commit();
  }

 private:
  store::SyncStore& store_;
};

std::string key_of(const Value& issue) {
  const Value& k = issue.field(slot(IssueSlot::Key));
  return k.is_string() ? std::string(k.as_string()) : std::string("?");
}

}  // namespace

// --- change intake and the outgoing side

void Node::local_change(const std::string& key, int64_t version_ms) {
  std::lock_guard lock(mu_);
  // A notice of a version the node has read already is no news (Jira's deliveries lag behind
  // under load: a comment's webhook can come after the read that saw the comment). It neither
  // costs a read nor makes the record of that read untrusted.
  if (known_already_locked(key, version_ms)) return;
  if (noticed_at_.size() >= kMaxQueuedKeys * 10) {  // a bound: what is forgotten is read again
    noticed_at_.clear();
    written_by_.clear();
    notices_forgotten_below_ = notice_clock_;
  }
  note_notice_locked(key, version_ms);
  read_ahead_.erase(key);  // a notice from elsewhere: what was read before may be old now
  if (auto it = writing_.find(key); it != writing_.end()) {
    it->second.hold(version_ms);  // most likely the apply's own write: read once when it is done
    return;
  }
  enqueue_locked(key, false, version_ms);
}

void Node::note_read_locked(const Value& issue) {
  const int64_t updated = sync::updated_ms(issue);
  if (updated == 0) return;
  if (read_at_version_.size() >= kMaxQueuedKeys) read_at_version_.clear();  // a bound, not a cache policy
  int64_t& at = read_at_version_[key_of(issue)];
  at = std::max(at, updated);
}

// A read that saw the issue `updated` at or after the change's own time came after the change.
// (Two changes by different people in the same millisecond could not be told apart; Jira's
// timestamps have no finer grain, and the poller has always judged by the same rule.)
bool Node::read_already_locked(const std::string& key, int64_t updated_ms) const {
  auto it = read_at_version_.find(key);
  return updated_ms > 0 && updated_ms != kUnknownVersion && it != read_at_version_.end() && updated_ms <= it->second;
}

// A notice is no news when a read saw its version, or when an apply's read handed over to the
// outgoing step (queued, not taken yet) holds it: under load a delivery of the apply's own
// write comes after the apply, and would throw that read away and cost another.
bool Node::known_already_locked(const std::string& key, int64_t updated_ms) const {
  if (read_already_locked(key, updated_ms)) return true;
  auto ahead = read_ahead_.find(key);
  return updated_ms > 0 && updated_ms != kUnknownVersion && ahead != read_ahead_.end() &&
         updated_ms <= sync::updated_ms(ahead->second);
}

void Node::note_notice_locked(const std::string& key, int64_t version_ms) {
  if (auto q = queued_.find(key); q != queued_.end()) q->second.handover_only = false;
  Noticed& n = noticed_at_[key];
  n.at = ++notice_clock_;
  n.version = std::max(n.version, announced(version_ms));
}

// No notice of a change to `key` since `stamp` but the writes of `connection`'s own applies,
// or notices of versions no newer than `known_version` (the record's `updated`), which the
// record shows already: Jira's deliveries lag behind, and one can come after the read that saw
// its change.
bool Node::quiet_since(const std::string& key, uint64_t stamp, const std::string& connection, int64_t known_version) {
  std::lock_guard lock(mu_);
  if (stamp < notices_forgotten_below_) return false;
  if (auto q = queued_.find(key); q != queued_.end() && !q->second.handover_only) return false;
  if (auto n = noticed_at_.find(key); n != noticed_at_.end() && n->second.at > stamp && n->second.version > known_version) {
    return false;
  }
  auto w = written_by_.find(key);
  if (w == written_by_.end()) return true;
  return std::none_of(w->second.begin(), w->second.end(),
                      [&](const auto& by) { return by.first != connection && by.second > stamp; });
}

// The key is queued with the version read, so that once a read at that version was made (the
// poll's, taking this issue) the queued key costs nothing more.
void Node::local_change_read(const std::string& key, const Value& issue) {
  std::lock_guard lock(mu_);
  if (read_ahead_.size() < kMaxQueuedKeys) read_ahead_[key] = issue;
  if (auto it = writing_.find(key); it != writing_.end()) {
    it->second.hold(sync::updated_ms(issue), false);  // queued when the apply is done
    return;
  }
  enqueue_locked(key, false, sync::updated_ms(issue), /*handover=*/true);
}

void Node::unqueue_locked(const std::string& key) {
  auto q = queued_.find(key);
  if (q == queued_.end()) return;
  queued_.erase(q);
  queue_.erase(std::find_if(queue_.begin(), queue_.end(), [&](const Queued& k) { return k.key == key; }));
}

void Node::local_writes(const std::string& key, bool begin, const std::string& writer) {
  std::lock_guard lock(mu_);
  if (written_by_.size() >= kMaxQueuedKeys * 10) {  // a bound, as for noticed_at_
    noticed_at_.clear();
    written_by_.clear();
    notices_forgotten_below_ = notice_clock_;
  }
  written_by_[key][writer] = ++notice_clock_;
  if (begin) {
    read_ahead_.erase(key);  // read before this write: the outgoing step reads the issue anew
    Writing& w = writing_[key];
    ++w.applies;
    // A new twin's handover not taken yet waits for this apply too: taken now, its read would
    // come in the middle of this apply's writes and be made again after them.
    if (auto q = queued_.find(key); q != queued_.end() && q->second.handover_only) {
      w.hold(q->second.version, false);
      unqueue_locked(key);
    }
    return;
  }
  auto it = writing_.find(key);
  if (it == writing_.end() || --it->second.applies > 0) return;
  const Writing done = it->second;
  writing_.erase(it);
  if (done.held) enqueue_locked(key, false, done.held_version, /*handover=*/!done.noticed);
}

// A change usually comes as a burst of notices (Jira sends an issue_updated and a
// comment_created for one comment; a person edits twice in a row; a poll hit follows a webhook):
// a key waits the coalescing window in the queue, so that the burst costs one read.
void Node::enqueue_locked(const std::string& key, bool now, int64_t version_ms, bool handover) {
  version_ms = announced(version_ms);
  auto [it, added] = queued_.emplace(key, QueuedKey{version_ms, handover});
  if (added) {
    const auto window = std::chrono::milliseconds(now ? 0 : config_.tracker.coalesce_ms);
    queue_.push_back({key, std::chrono::steady_clock::now() + window});
  } else {
    it->second.version = std::max(it->second.version, version_ms);
    it->second.handover_only = it->second.handover_only && handover;
  }
  changed_.notify_all();
}

namespace {

net::HttpResponse webhook_answer(int status, const std::string& error) {
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = error.empty() ? "{}" : nlohmann::json{{"error", error}}.dump();
  return r;
}

// Who made the change a delivery reports: the delivery's user for issue events; Jira sends
// none with comment and attachment events, whose own author is the maker of a new one.
Value maker_of(const jira::ChangeEvent& e) {
  if (e.actor.is_record()) return e.actor;
  if (e.kind == jira::EventKind::CommentCreated && e.comment.is_record()) return e.comment.field(slot(CommentSlot::Author));
  if (e.kind == jira::EventKind::AttachmentCreated && e.attachment.is_record()) {
    return e.attachment.field(slot(AttachmentSlot::Author));
  }
  return {};
}

}  // namespace

// With a dedicated account (no person signs in as the node's user), a change made by that
// account is one of the node's own writes, which its store already records: no read is needed.
// A change whose maker cannot be told is read, and the poller stays the safety net.
// Only the account the node knows already: this runs on the HTTP server's I/O thread, which
// must never wait on the tracker (while it is not known, a delivery costs a read, as without
// `dedicatedAccount`).
bool Node::own_write(const jira::ChangeEvent& event) {
  if (!config_.tracker.dedicated_account) return false;
  const Value maker = maker_of(event);
  const Value me = port_->known_sync_user();
  return !maker.is_null() && !me.is_null() && sync::same_user(maker, me);
}

// A delivery proves it knows the webhook secret: in the URL's last path segment (any tracker
// can be given that URL), or as Jira's X-Hub-Signature (HMAC-SHA256 of the body) for admin
// webhooks registered with a secret. Compared in constant time.
bool Node::is_webhook_delivery(const std::string& method, const std::string& target) {
  return method == "POST" && target.rfind("/webhooks/jira", 0) == 0;
}

// The body is hashed only for a delivery that says it is signed.
bool Node::webhook_authentic(const net::HttpRequest& request) const {
  const std::string& secret = webhook_secret_text_;
  if (secret.empty()) return false;
  const std::string path = request.target.substr(0, request.target.find('?'));
  const std::string prefix = "/webhooks/jira/";
  if (path.size() > prefix.size() && path.rfind(prefix, 0) == 0 &&
      transport::constant_time_equal(transport::sha256(path.substr(prefix.size())), transport::sha256(secret))) {
    return true;
  }
  const std::string_view signature = request.header("X-Hub-Signature");
  if (signature.empty()) return false;
  const std::string want = "sha256=" + hex_encode(transport::hmac_sha256(secret, request.body));
  return transport::constant_time_equal(transport::sha256(signature), transport::sha256(want));
}

net::HttpResponse Node::on_webhook(const net::HttpRequest& request) {
  if (!webhook_authentic(request)) return webhook_answer(401, "webhook deliveries need the node's webhook secret");
  auto event = jira::parse_webhook_notice(request.headers, request.body, port_->client().catalog());
  if (!event) return webhook_answer(400, "not a Jira webhook");
  std::string key = event->issue_key;
  if (key.empty() && event->issue.is_record()) {
    const Value& k = event->issue.field(slot(IssueSlot::Key));
    if (k.is_string()) key = std::string(k.as_string());
  }
  if (!key.empty() && !sync::valid_issue_key(key)) return webhook_answer(400, "the delivery names no valid issue key");
  {
    std::lock_guard lock(mu_);
    // A flood cannot grow the queue without bound; the tracker retries later, the poller is the safety net.
    if (queue_.size() >= kMaxQueuedKeys && !queued_.count(key)) {
      auto r = webhook_answer(503, "the node's queue of changes is full");
      r.headers.push_back({"Retry-After", "30"});
      return r;
    }
    // Jira delivers at least once: the same delivery id twice is one change.
    if (!event->delivery_id.empty()) {
      if (!seen_deliveries_.insert(event->delivery_id).second) return webhook_answer(200, "");
      seen_order_.push_back(event->delivery_id);
      if (seen_order_.size() > 10000) {
        seen_deliveries_.erase(seen_order_.front());
        seen_order_.pop_front();
      }
    }
  }
  if (!key.empty() && event->kind != jira::EventKind::IssueDeleted && !own_write(*event)) {
    local_change(key, event->version_ms());
  }
  return webhook_answer(200, "");
}

// The issue as an apply just read it (a new twin), else from the tracker; its version noted.
Result<Value> Node::read_issue(const std::string& key, bool* read_before, int64_t at_least) {
  {
    std::lock_guard lock(mu_);
    auto ahead = read_ahead_.find(key);
    // A poll hit newer than the apply's read (someone changed the issue right after it) is read.
    if (ahead != read_ahead_.end() && at_least > 0 && sync::updated_ms(ahead->second) < at_least) {
      read_ahead_.erase(ahead);
      ahead = read_ahead_.end();
    }
    if (ahead != read_ahead_.end()) {
      Value issue = std::move(ahead->second);
      read_ahead_.erase(ahead);
      note_read_locked(issue);
      if (read_before) *read_before = true;
      return issue;
    }
  }
  auto issue = port_->get_issue(key);
  if (issue) {
    std::lock_guard lock(mu_);
    note_read_locked(*issue);
  }
  return issue;
}

// Reads the issues, then runs them through each connection's outgoing side in one store
// transaction (group commit: one fsync for the lot, each change undone alone if it fails).
// Returns the keys that failed and will be tried again (retry_later); the others are done.
std::vector<std::string> Node::process_keys(const std::vector<std::string>& keys, const std::vector<int64_t>& versions) {
  std::vector<std::string> failed;
  std::vector<Value> issues;
  std::vector<uint64_t> read_since;  // per connection, before the reads
  for (auto& c : connections_) read_since.push_back(c->engine->write_generation());
  // The notice clock before the reads: what they show is known as of it (an issue read earlier,
  // by an apply, is not).
  uint64_t notice_stamp = notice_clock_.load();
  for (size_t i = 0; i < keys.size(); ++i) {
    const std::string& key = keys[i];
    bool read_before = false;
    auto issue = read_issue(key, &read_before, i < versions.size() ? versions[i] : 0);
    if (read_before) notice_stamp = 0;
    if (!issue) {
      // A deleted issue has nothing to send; anything else is tried again, and in the end parks
      // the twin with the reason (an issue that was never under sync has no twin to park).
      if (issue.error().kind == ErrorKind::NotFound) continue;
      const std::string why = "reading " + key + ": " + issue.error().message;
      if (retry_later(key, why)) {
        failed.push_back(key);
      } else {
        for (auto& c : connections_) (void)c->engine->park_outgoing(key, "outgoing", why);
      }
      continue;
    }
    issues.push_back(std::move(*issue));
  }
  std::set<std::string> retry;
  std::map<std::string, std::string> why;
  for (size_t ci = 0; ci < connections_.size(); ++ci) {
    auto& c = connections_[ci];
    auto r = c->engine->outgoing_batch(issues, false, read_since[ci], notice_stamp);
    if (!r) {
      log(LogEventId::ChangeFailed, c->config.name + ": " + std::to_string(issues.size()) + " changes not recorded: " +
          r.error().message, c->config.name);
      for (const Value& issue : issues) {
        const std::string key = key_of(issue);
        retry.insert(key);
        why[key] = r.error().message;
      }
      continue;
    }
    for (size_t i = 0; i < r->size(); ++i) {
      const std::string key = key_of(issues[i]);
      const auto& one = (*r)[i];
      if (!one) {
        log(LogEventId::ChangeFailed, c->config.name + ": " + key + ": " + one.error().message, c->config.name, key);
        if (one.error().kind != ErrorKind::Data) retry.insert(key), why[key] = one.error().message;
      } else if (one->kind == sync::StepResult::Parked) {
        log(LogEventId::ChangeBlocked, c->config.name + ": " + key + " blocked: " + one->message, c->config.name, key);
      } else if (one->kind == sync::StepResult::Sent) {
        log(LogEventId::ChangeSent, c->config.name + ": " + key + " sent", c->config.name, key);
      }
    }
  }
  for (const Value& issue : issues) {
    const std::string key = key_of(issue);
    if (!retry.count(key)) {
      done_retrying(key);
    } else if (retry_later(key, why[key])) {
      failed.push_back(key);
    } else {
      for (auto& c : connections_) (void)c->engine->park_outgoing(key, "outgoing", why[key]);
    }
  }
  return failed;
}

// A key whose outgoing step failed runs again after a back-off (doubling up to a minute); after
// kMaxOutgoingAttempts its twin is parked with the reason instead, so that the failure is seen
// and the poller can move its watermark on.
bool Node::retry_later(const std::string& key, const std::string& why) {
  std::lock_guard lock(mu_);
  Retry& r = retries_[key];
  if (++r.attempts >= kMaxOutgoingAttempts) {
    retries_.erase(key);
    log(LogEventId::OutgoingGaveUp,
        "outgoing " + key + ": gave up after " + std::to_string(kMaxOutgoingAttempts) + " attempts: " + why, {}, key);
    return false;
  }
  const auto delay = std::min<std::chrono::milliseconds>(std::chrono::minutes(1), options_.outgoing_retry_base * (1 << std::min(r.attempts - 1, 16)));
  r.due = std::chrono::steady_clock::now() + delay;
  if (r.attempts == 1) log(LogEventId::OutgoingRetry, "outgoing " + key + ": " + why + " (trying again with back-off)", {}, key);
  changed_.notify_all();
  return true;
}

void Node::done_retrying(const std::string& key) {
  std::lock_guard lock(mu_);
  auto it = retries_.find(key);
  if (it == retries_.end()) return;
  log(LogEventId::OutgoingRecovered, "outgoing " + key + ": done after " + std::to_string(it->second.attempts + 1) + " attempts",
      {}, key);
  retries_.erase(it);
}

// Keys whose back-off is over go back into the queue; returns when the next one is due.
std::optional<std::chrono::steady_clock::time_point> Node::requeue_due_locked() {
  std::optional<std::chrono::steady_clock::time_point> next;
  const auto now = std::chrono::steady_clock::now();
  for (auto& [key, r] : retries_) {
    if (r.queued) continue;
    if (r.due <= now) {
      r.queued = true;
      enqueue_locked(key, true);
    } else if (!next || r.due < *next) {
      next = r.due;
    }
  }
  return next;
}

void Node::outgoing_loop() {
  for (;;) {
    std::vector<std::string> keys;
    {
      std::unique_lock lock(mu_);
      for (;;) {
        if (stopping_) return;
        auto next = requeue_due_locked();
        if (!queue_.empty()) {
          if (queue_.front().due <= std::chrono::steady_clock::now()) break;
          if (!next || queue_.front().due < *next) next = queue_.front().due;
        }
        if (next) {
          changed_.wait_until(lock, *next);
        } else {
          changed_.wait(lock);
        }
      }
      const auto now = std::chrono::steady_clock::now();
      while (!queue_.empty() && queue_.front().due <= now && keys.size() < sync::ConnectionEngine::kBatchSize) {
        const std::string key = std::move(queue_.front().key);
        queue_.pop_front();
        const auto q = queued_.find(key);
        const int64_t version = q->second.version;
        queued_.erase(q);
        if (auto it = retries_.find(key); it != retries_.end()) {
          it->second.queued = false;
        } else if (read_already_locked(key, version)) {
          read_ahead_.erase(key);  // not wanted now: a later read must not take it for the issue
          continue;  // a read since the notices (often the poll's) saw what they announced
        }
        keys.push_back(key);
      }
      ++busy_;
    }
    process_keys(keys);
    std::lock_guard lock(mu_);
    --busy_;
    changed_.notify_all();
  }
}

void Node::poll_loop() {
  // The poller has a connection of its own: a connector client is not shared between threads.
  auto own = connect_tracker(&port_->client());
  while (!own && !stopping_) {
    log(LogEventId::PollFailed, "poll: " + own.error().message);
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, std::chrono::seconds(config_.tracker.poll_seconds), [this] { return stopping_.load(); });
    own = connect_tracker(&port_->client());
  }
  if (!own) return;
  StoreWatermark marks(*store_);
  jira::PollOptions po;
  po.jql = config_.tracker.poll_jql;
  po.initial_lookback_ms = 24LL * 3600 * 1000;
  jira::JqlPoller poller(*own->client, marks, po, jira::system_clock());
  while (!stopping_) {
    if (auto ok = poller.begin(); ok) {
      while (poller.active() && !stopping_) {
        auto page = poller.next_page();
        if (!page) {
          log(LogEventId::PollFailed, "poll: " + page.error().message);
          break;
        }
        std::vector<std::string> keys;
        std::vector<int64_t> versions;
        bool held = false;
        {
          // A poll hit is a notice too (it comes here, not through local_change): a record of
          // the issue made before it is not known to be true any more. A hit on an issue an
          // apply is writing waits for the apply, as its webhooks do: read then, once.
          std::lock_guard lock(mu_);
          for (const auto& hit : page->hits) {
            if (known_already_locked(hit.key, hit.updated_ms)) continue;
            note_notice_locked(hit.key, hit.updated_ms);
            if (auto w = writing_.find(hit.key); w != writing_.end()) {
              w->second.hold(hit.updated_ms);
              held = true;
              continue;
            }
            keys.push_back(hit.key);
            versions.push_back(hit.updated_ms);
          }
        }
        // The watermark only moves past what was processed: a page with a key still being
        // retried, or held for an apply, stays unconfirmed, and the next poll reaches back to it.
        if (!process_keys(keys, versions).empty() || held) break;
        if (auto ok2 = poller.confirm(*page); !ok2) log(LogEventId::PollFailed, "poll: " + ok2.error().message);
      }
      if (!poller.active()) ++polls_completed_;
    } else {
      log(LogEventId::PollFailed, "poll: " + ok.error().message);
    }
    std::unique_lock lock(mu_);
    changed_.wait_for(lock, std::chrono::seconds(config_.tracker.poll_seconds), [this] { return stopping_.load(); });
  }
}

}  // namespace twinsync::node
