// step_tx.h — the transactions a sync step writes in: borrowed from its caller's batch, or its own.
#pragma once

#include <optional>
#include <utility>

#include "runtime/store/sync_store.h"

namespace twinsync::sync {

/// A step inside a batch writes in the batch's transaction and leaves the commit to the batch;
/// a step on its own opens a transaction of its own, may end it early (no tracker is called while
/// the store is held) and open another. Every call is a no-op on a borrowed batch but `*`.
class StepTx {
 public:
  StepTx(store::SyncStore& store, store::Tx* batch) : store_(store), batch_(batch) {}
  StepTx(const StepTx&) = delete;
  StepTx& operator=(const StepTx&) = delete;

  bool borrowed() const { return batch_ != nullptr; }
  /// Opens the step's own transaction, unless it has one.
  Status open() {
    if (batch_ || own_) return ok_status();
    auto tx = store_.begin();
    if (!tx) return tx.error();
    own_.emplace(std::move(*tx));
    return ok_status();
  }
  /// The transaction to write in; open() first when not borrowed.
  store::Tx& operator*() { return batch_ ? *batch_ : *own_; }
  /// Commits and ends the step's own transaction.
  Status commit() {
    if (!own_) return ok_status();
    Status done = own_->commit();
    own_.reset();
    return done;
  }
  /// Ends the step's own transaction without writing (it only read).
  void drop() { own_.reset(); }

 private:
  store::SyncStore& store_;
  store::Tx* batch_;
  std::optional<store::Tx> own_;
};

/// Runs `body(tx)` in a transaction of its own, committed when `body` succeeds (rolled back when
/// it fails): the one shape of the store's writes between two tracker calls.
template <class Body>
Status in_transaction(store::SyncStore& store, Body&& body) {
  auto tx = store.begin();
  if (!tx) return tx.error();
  if (Status ok = std::forward<Body>(body)(*tx); !ok) return ok;
  return tx->commit();
}

}  // namespace twinsync::sync
