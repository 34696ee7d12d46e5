// sender.h — one worker per connection that delivers the outbox to the remote node: pending
// batches in outbox order, signed, marked delivered only once the remote's signed answer
// acknowledges them. While the remote is down it backs off with jitter and drops nothing.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <thread>

#include "runtime/net/http.h"
#include "runtime/transport/client_options.h"
#include "runtime/transport/clock.h"
#include "runtime/transport/event_queue.h"
#include "runtime/transport/peer.h"
#include "runtime/transport/wire.h"

namespace twinsync::transport {

struct SenderOptions {
  size_t max_batch_events = 100;
  WireLimits limits;  // a batch is cut so that its body stays under limits.max_body_bytes
  std::chrono::milliseconds backoff_initial{1000};
  std::chrono::milliseconds backoff_max{std::chrono::minutes(5)};
  /// Without notify(), the outbox is still looked at this often (a safety net, not the path).
  std::chrono::milliseconds idle_recheck{std::chrono::seconds(30)};
  /// stop() waits for a request in flight at most about request_timeout.
  net::ClientOptions client = transport_client_options();
  Clock clock = system_now_ms;
  /// One line when delivery starts failing, when the reason changes, and when it recovers.
  std::function<void(std::string_view)> log;
};

/// A snapshot of the worker's state for status pages and tests.
struct SenderStatus {
  bool running = false;
  uint64_t delivered = 0;             // events acknowledged since start()
  uint64_t batches = 0;               // acknowledged requests since start()
  uint64_t refused = 0;               // events held back for good (their twins parked)
  uint32_t consecutive_failures = 0;
  std::string last_error;             // why the last attempt failed; empty after a success
  int64_t next_attempt_ms = 0;        // while backing off, when the next attempt is due
};

class Sender {
 public:
  Sender(std::string connection, PeerSource& peers, EventQueue& queue, SenderOptions options = {});
  ~Sender();
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  /// Starts the worker thread (once; later calls do nothing while it runs).
  void start();
  /// New events are in the outbox: an idle worker looks at once. A worker backing off keeps its
  /// pace (a down remote is not hammered once per new event) but sends them at the next attempt.
  void notify();
  /// Finishes the request in flight, if any, and joins the worker. Idempotent.
  void stop();
  SenderStatus status() const;

 private:
  enum class Outcome { Sent, Idle, Failed };
  struct Attempt {
    Outcome outcome = Outcome::Idle;
    std::string error;
    std::chrono::milliseconds retry_after{0};
  };

  void run();
  Attempt attempt();
  Attempt deliver(const Peer& peer, std::vector<Event> batch);
  Attempt refuse(const Event& event, const std::string& why);
  std::chrono::milliseconds backoff(uint32_t failures, std::chrono::milliseconds retry_after);
  std::string record(const Attempt& a, std::chrono::milliseconds delay);

  const std::string connection_;
  PeerSource& peers_;
  EventQueue& queue_;
  const SenderOptions options_;

  // Worker-thread state.
  std::unique_ptr<net::HttpClient> client_;
  std::string client_url_;
  static constexpr int kUnsignedRefusalsToHold = 3;
  std::map<std::string, int> unsigned_refusals_;  // by event id; cleared when the event is held
  std::mt19937_64 rng_;
  size_t split_to_ = 0;  // after a refused batch: the next one has at most this many events

  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;
  bool notified_ = false;
  SenderStatus status_;
  std::string logged_error_;
  std::thread worker_;
};

}  // namespace twinsync::transport
