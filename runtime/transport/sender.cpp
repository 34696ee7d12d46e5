// sender.cpp — the worker loop (attempt, then wait: not at all after a sent batch, until
// notified when idle, a jittered back-off after a failure) and one delivery attempt.
#include "runtime/transport/sender.h"

#include <algorithm>
#include <charconv>
#include <unordered_set>

#include "compiler/support/numbers.h"
#include "compiler/support/thread_name.h"
#include "runtime/transport/paths.h"
#include "runtime/transport/signing.h"

namespace twinsync::transport {

namespace {

// Retry-After in seconds (the only form the receiver sends); ignored when absent or malformed.
std::chrono::milliseconds retry_after_of(const net::HttpResponse& r) {
  const std::string_view text = r.header("Retry-After");
  const std::optional<int64_t> seconds = parse_int<int64_t>(text);
  if (!seconds || *seconds < 0) return {};
  return std::chrono::seconds(std::min<int64_t>(*seconds, 3600));
}

// The batch's longest prefix the remote acknowledged: marking only that keeps the outbox's
// order even if an answer acknowledged a later event but not an earlier one.
std::vector<std::string> acked_prefix(const std::vector<Event>& batch, const std::vector<std::string>& acked) {
  const std::unordered_set<std::string> set(acked.begin(), acked.end());
  std::vector<std::string> ids;
  for (const Event& e : batch) {
    if (!set.count(e.id)) break;
    ids.push_back(e.id);
  }
  return ids;
}

}  // namespace

Sender::Sender(std::string connection, PeerSource& peers, EventQueue& queue, SenderOptions options)
    : connection_(std::move(connection)), peers_(peers), queue_(queue), options_(std::move(options)),
      rng_(std::random_device{}()) {}

Sender::~Sender() { stop(); }

void Sender::start() {
  std::lock_guard lock(mu_);
  if (worker_.joinable()) return;
  stop_ = false;
  notified_ = true;  // look at the outbox straight away
  status_ = SenderStatus{};
  status_.running = true;
  worker_ = named_thread("xport-send", [this] { run(); });
}

void Sender::notify() {
  std::lock_guard lock(mu_);
  notified_ = true;
  cv_.notify_all();
}

void Sender::stop() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
    cv_.notify_all();
  }
  if (worker_.joinable()) worker_.join();
  std::lock_guard lock(mu_);
  status_.running = false;
}

SenderStatus Sender::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void Sender::run() {
  for (;;) {
    {
      std::lock_guard lock(mu_);
      if (stop_) return;
      notified_ = false;  // a notify() from here on is for events this attempt may not see
    }
    const Attempt a = attempt();
    std::unique_lock lock(mu_);
    const auto delay = a.outcome == Outcome::Failed ? backoff(status_.consecutive_failures + 1, a.retry_after)
                                                    : std::chrono::milliseconds(0);
    if (const std::string line = record(a, delay); !line.empty() && options_.log) {
      lock.unlock();  // the log callback may call status()
      options_.log(line);
      lock.lock();
    }
    if (a.outcome == Outcome::Idle) {
      cv_.wait_for(lock, options_.idle_recheck, [this] { return stop_ || notified_; });
    } else if (a.outcome == Outcome::Failed) {
      cv_.wait_for(lock, delay, [this] { return stop_; });
    }
  }
}

// Called with mu_ held; returns the line to log, if any.
std::string Sender::record(const Attempt& a, std::chrono::milliseconds delay) {
  std::string line;
  if (a.outcome != Outcome::Failed) {
    if (status_.consecutive_failures > 0) {
      line = "transport: connection " + connection_ + ": delivering again after " +
             std::to_string(status_.consecutive_failures) + " failed attempts";
    }
    status_.consecutive_failures = 0;
    status_.last_error.clear();
    status_.next_attempt_ms = 0;
    logged_error_.clear();
    return line;
  }
  ++status_.consecutive_failures;
  status_.last_error = a.error;
  status_.next_attempt_ms = options_.clock() + delay.count();
  if (a.error != logged_error_) {
    line = "transport: connection " + connection_ + ": cannot deliver events: " + a.error +
           " (retrying with back-off; nothing is dropped)";
    logged_error_ = a.error;
  }
  return line;
}

std::chrono::milliseconds Sender::backoff(uint32_t failures, std::chrono::milliseconds retry_after) {
  const int64_t initial = std::max<int64_t>(1, options_.backoff_initial.count());
  const int64_t cap = std::max<int64_t>(initial, options_.backoff_max.count());
  int64_t delay = initial;
  for (uint32_t i = 1; i < failures && delay < cap; ++i) delay *= 2;
  delay = std::min(delay, cap);
  // Half fixed, half random: nodes that lost the same remote do not all retry in step.
  std::uniform_int_distribution<int64_t> jitter(0, delay / 2);
  delay = delay - delay / 2 + jitter(rng_);
  return std::chrono::milliseconds(std::min(cap, std::max<int64_t>(delay, retry_after.count())));
}

Sender::Attempt Sender::attempt() {
  auto found = peers_.peer(connection_);
  if (!found) return {Outcome::Failed, "cannot read the connection's keys: " + found.error().message, {}};
  if (!*found) {
    return {Outcome::Failed, "this node has no link to a remote node for the connection (invite or accept first)", {}};
  }
  const Peer& peer = **found;
  size_t max = std::max<size_t>(1, options_.max_batch_events);
  if (split_to_ > 0) max = std::min(max, split_to_);
  auto pending = queue_.pending(connection_, max);
  if (!pending) return {Outcome::Failed, "cannot read the outbox: " + pending.error().message, {}};
  if (pending->empty()) return {Outcome::Idle, {}, {}};

  // Cut the batch where the next event would not fit or could not be sent at all.
  size_t size = encoded_batch_overhead(), keep = 0;
  for (; keep < pending->size(); ++keep) {
    const Event& e = (*pending)[keep];
    if (Status s = check_event(e, options_.limits); !s) {
      if (keep == 0) return refuse(e, "it cannot be sent: " + s.error().message);
      break;
    }
    size += encoded_event_size(e);
    if (keep > 0 && size > options_.limits.max_body_bytes) break;
  }
  pending->resize(keep);
  return deliver(peer, std::move(*pending));
}

Sender::Attempt Sender::deliver(const Peer& peer, std::vector<Event> batch) {
  if (!client_ || client_url_ != peer.info.remote_url) {
    client_.reset();
    auto endpoint = net::parse_endpoint(peer.info.remote_url);
    if (!endpoint) return {Outcome::Failed, "bad remote URL: " + endpoint.error().message, {}};
    auto client = net::make_http_client(*endpoint, options_.client);
    if (!client) return {Outcome::Failed, client.error().message, {}};
    client_ = std::move(*client);
    client_url_ = peer.info.remote_url;
  }
  const std::string path = events_path(peer.info.remote_connection);
  net::HttpRequest request{"POST", path, {{"Content-Type", "application/json"}}, encode_batch(batch)};
  if (Status s = sign_request(request, path, peer.secret, peer.info.role, options_.clock()); !s) {
    return {Outcome::Failed, s.error().message, {}};
  }
  const std::string nonce(request.header(kNonceHeader));
  auto response = client_->send(request);
  if (!response) return {Outcome::Failed, "remote node unreachable: " + response.error().message, {}};
  const std::string remote = "remote node answered " + std::to_string(response->status);
  Status verified = verify_response(*response, nonce, peer.secret, other_role(peer.info.role), options_.clock());
  // A permanent refusal of the batch (too large for the remote, or events it will never take):
  // halve the batch until the one event it refuses is found, and hold that one alone.
  if (response->status == 413 || (response->status == 400 && verified)) {
    const std::string why = remote + ": " + describe_error_body(response->body);
    if (batch.size() > 1) {
      split_to_ = batch.size() / 2;
      return {Outcome::Sent, {}, {}};
    }
    // A 413 from the peer's HTTP layer (or a proxy) cannot be signed, so anyone on the path could
    // forge it: an unsigned refusal holds the event only once it has come a few times, with
    // back-off between.
    if (!verified && ++unsigned_refusals_[batch.front().id] < kUnsignedRefusalsToHold) {
      return {Outcome::Failed, why, retry_after_of(*response)};
    }
    unsigned_refusals_.erase(batch.front().id);
    return refuse(batch.front(), why);
  }
  if (response->status != 200) {
    // Refusals of the request itself (401, 404) cannot be signed; they are reported, not trusted.
    return {Outcome::Failed, remote + ": " + describe_error_body(response->body), retry_after_of(*response)};
  }
  if (!verified) return {Outcome::Failed, remote + " but the answer is not trusted: " + verified.error().message, {}};
  auto acked = parse_ack(response->body, options_.limits);
  if (!acked) return {Outcome::Failed, remote + " with " + acked.error().message, {}};
  const std::vector<std::string> ids = acked_prefix(batch, *acked);
  if (ids.empty()) return {Outcome::Failed, remote + " but acknowledged none of the batch", {}};
  if (Status s = queue_.delivered(connection_, ids); !s) {
    return {Outcome::Failed, "cannot mark events delivered: " + s.error().message, {}};
  }
  split_to_ = 0;
  unsigned_refusals_.clear();
  std::lock_guard lock(mu_);
  status_.delivered += ids.size();
  ++status_.batches;
  return {Outcome::Sent, {}, {}};
}

// The event is held and its twin parked on this side; the sender goes on with the others.
Sender::Attempt Sender::refuse(const Event& event, const std::string& why) {
  split_to_ = 0;
  if (Status s = queue_.refuse(connection_, event.id, why); !s) {
    return {Outcome::Failed, "cannot hold back event " + event.id + ": " + s.error().message, {}};
  }
  if (options_.log) options_.log("transport: connection " + connection_ + ": event " + event.id + " held back: " + why);
  std::lock_guard lock(mu_);
  ++status_.refused;
  return {Outcome::Sent, {}, {}};
}

}  // namespace twinsync::transport
