// replica_apply.h — what one apply of a replica knows as it goes, shared by its phases
// (incoming.cpp: the issue, the rules, the fields and the record; incoming_items.cpp: the items).
#pragma once

#include <algorithm>
#include <functional>
#include <string>
#include <vector>

#include "compiler/vm/vm.h"
#include "runtime/sync/engine.h"

namespace twinsync::sync {

// The local issues an apply writes, announced as it comes to each and closed when it returns,
// on every path out: the node holds back the tracker's notices of this apply's own writes and
// reads the issue once afterwards, instead of once per notice while the writes go on.
class WritesWindow {
 public:
  explicit WritesWindow(std::function<void(const std::string&, bool)> notify) : notify_(std::move(notify)) {}
  WritesWindow(const WritesWindow&) = delete;
  WritesWindow& operator=(const WritesWindow&) = delete;
  ~WritesWindow() {
    for (const std::string& key : keys_) notify_(key, false);
  }
  void open(const std::string& key) {
    if (!notify_ || std::find(keys_.begin(), keys_.end(), key) != keys_.end()) return;
    keys_.push_back(key);
    notify_(key, true);
  }

 private:
  std::function<void(const std::string&, bool)> notify_;
  std::vector<std::string> keys_;
};

// What one apply of a replica knows as it goes: each phase reads what the ones before it left.
struct ConnectionEngine::ReplicaApply {
  ReplicaApply(ConnectionEngine& engine, store::Twin& t, const store::Event& ev)
      : twin(t), e(ev), writing([&engine](const std::string& key, bool begin) { engine.note_local_writes(key, begin); }) {}
  store::Twin& twin;
  const store::Event& e;            // the twin's next event: what a failure retries or parks
  std::vector<store::Event> later;  // replicas right behind it, applied with it (the last's payload)
  const store::Event& last() const { return later.empty() ? e : later.back(); }
  CommentFormat format;
  uint64_t stamp = 0;
  Value replica;
  bool adopted = false;  // a create cut short before (its issue found by key or marker)
  bool trusted = false;  // `local` is the twin's record, not a read
  WritesWindow writing;
  Value local;           // the local issue before this apply (null: none yet)
  Value before;          // `local` as the rules see it, items annotated with the other side's ids
  RunFrame frame;
  RunOutcome run;
  std::vector<std::string> written;
  bool created = false;
  bool key_unrecorded = false;  // a new issue's key, recorded with what is recorded next (flush_intents)
  std::vector<store::ItemPair> intents;  // items about to be made, recorded before the write that makes them
  bool marker_cleared = false;  // the marker went in one edit, with the new issue's comments if any
  Value edited;                 // the new issue as that edit left it, when the tracker answered with it
  // The local issue as this apply leaves it, leaving out whatever a person changed meanwhile:
  // the base of the next three-way compare, and what the other side now knows (echo).
  Value expected;
  StepResult result;
};

}  // namespace twinsync::sync
