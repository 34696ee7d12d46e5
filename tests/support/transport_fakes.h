// transport_fakes.h — in-memory stand-ins for the node's store in transport tests: an
// EventQueue with an outbox and a deduplicating inbox per connection, a PeerSource over a map,
// and a wait helper for the sender's worker thread.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "runtime/transport/event_queue.h"
#include "runtime/transport/peer.h"

namespace twinsync::testkit {

class MemoryQueue final : public transport::EventQueue {
 public:
  void enqueue(const std::string& connection, transport::Event e) {
    std::lock_guard lock(mu_);
    outbox_[connection].push_back(std::move(e));
  }

  Result<std::vector<transport::Event>> pending(const std::string& connection, size_t max) override {
    std::lock_guard lock(mu_);
    std::vector<transport::Event> out;
    for (const auto& e : outbox_[connection]) {
      if (out.size() >= max) break;
      if (!delivered_.count(e.id) && !held_twins_.count(e.twin)) out.push_back(e);
    }
    return out;
  }

  Status delivered(const std::string&, const std::vector<std::string>& ids) override {
    std::lock_guard lock(mu_);
    delivered_.insert(ids.begin(), ids.end());
    return ok_status();
  }

  Status refuse(const std::string&, const std::string& id, const std::string& reason) override {
    std::lock_guard lock(mu_);
    std::string twin;
    for (const auto& [c, list] : outbox_) {
      for (const auto& e : list) {
        if (e.id == id) twin = e.twin;
      }
    }
    refused_[id] = reason;
    held_twins_.insert(twin);
    return ok_status();
  }
  std::map<std::string, std::string> refused() {
    std::lock_guard lock(mu_);
    return refused_;
  }

  Status accept(const std::string& connection, const std::vector<transport::Event>& events) override {
    std::lock_guard lock(mu_);
    ++accept_calls_;
    if (fail_accept_) return make_error("disk full", ErrorKind::Store);
    for (const auto& e : events) {
      if (inbox_ids_.insert(e.id).second) {
        inbox_[connection].push_back(e);
      } else {
        ++duplicates_;
      }
    }
    return ok_status();
  }

  std::vector<transport::Event> inbox(const std::string& connection) {
    std::lock_guard lock(mu_);
    return inbox_[connection];
  }
  size_t delivered_count() {
    std::lock_guard lock(mu_);
    return delivered_.size();
  }
  int accept_calls() {
    std::lock_guard lock(mu_);
    return accept_calls_;
  }
  int duplicates() {
    std::lock_guard lock(mu_);
    return duplicates_;
  }
  void set_fail_accept(bool fail) {
    std::lock_guard lock(mu_);
    fail_accept_ = fail;
  }

 private:
  std::mutex mu_;
  std::map<std::string, std::vector<transport::Event>> outbox_;
  std::set<std::string> delivered_;
  std::map<std::string, std::string> refused_;
  std::set<std::string> held_twins_;
  std::map<std::string, std::vector<transport::Event>> inbox_;
  std::set<std::string> inbox_ids_;
  int accept_calls_ = 0;
  int duplicates_ = 0;
  bool fail_accept_ = false;
};

class MemoryPeers final : public transport::PeerSource {
 public:
  void put(transport::Peer p) {
    std::lock_guard lock(mu_);
    peers_[p.info.connection] = std::move(p);
  }
  Result<std::optional<transport::Peer>> peer(const std::string& connection) override {
    std::lock_guard lock(mu_);
    auto it = peers_.find(connection);
    if (it == peers_.end()) return std::optional<transport::Peer>();
    return std::optional<transport::Peer>(it->second);
  }

 private:
  std::mutex mu_;
  std::map<std::string, transport::Peer> peers_;
};

/// Polls `done` every few milliseconds until it holds or `limit` passes.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return done();
}

/// An event with a recognisable id and payload, binary bytes included.
inline transport::Event make_event(const std::string& twin, uint64_t seq) {
  transport::Event e;
  e.id = twin + "#" + std::to_string(seq);
  e.kind = "replica";
  e.twin = twin;
  e.seq = seq;
  e.payload = std::string("\0\xff payload ", 11) + std::to_string(seq);
  e.created_ms = 1'700'000'000'000 + static_cast<int64_t>(seq);
  return e;
}

}  // namespace twinsync::testkit
