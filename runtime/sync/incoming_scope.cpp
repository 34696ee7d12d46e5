// incoming_scope.cpp — what the peer may bind on this side: a link or connect never re-points a
// linked twin, one local issue has one twin, and an issue the peer names must be inside this
// connection (a trigger matches it, or an operator here put it under sync). A refusal is about
// the peer's request, not about a twin.
#include "compiler/schema/shapes.h"
#include "runtime/sync/engine.h"
#include "runtime/sync/issue_key.h"
#include "runtime/sync/items.h"

namespace twinsync::sync {

std::optional<std::string> ConnectionEngine::repointing(const store::Twin& twin, const store::Event& e) const {
  if (e.kind != "link" && e.kind != "connect") return std::nullopt;
  const std::string local = twin.local_key.value_or(e.payload);
  if (twin.remote_key && *twin.remote_key != e.twin_key) {
    return "the other side asked to pair " + local + " with its " + e.twin_key + ", but " + local + " is the twin of " +
           *twin.remote_key + "; a linked twin is never re-pointed from the other side";
  }
  if (e.kind == "connect" && twin.state == store::TwinState::Unexalated) {
    return "the other side asked to connect " + local + ", which was unexalated here; exalate it on this side first";
  }
  return std::nullopt;
}

// A link or connect binds the peer's issue to one of ours; the peer's issue must not already be
// the twin of another of ours (the store would refuse the second binding, and the peer could
// otherwise move a pairing).
Result<std::optional<std::string>> ConnectionEngine::remote_taken(const store::Event& e, int64_t twin_id) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  auto other = store_.twin_by_remote(*tx, id_, e.twin_key);
  if (!other) return other.error();
  if (auto ok = tx->commit(); !ok) return ok.error();
  if (!*other || (*other)->id == twin_id) return std::optional<std::string>();
  return std::optional<std::string>("the other side asked to pair its " + e.twin_key + " with " + e.payload + ", but " +
                                    e.twin_key + " is already the twin of " + (*other)->local_key.value_or("an issue being made") +
                                    " here; a linked twin is never re-pointed from the other side");
}

Result<std::optional<std::string>> ConnectionEngine::outside_scope(const std::string& local_key) {
  if (!valid_issue_key(local_key)) {
    return std::optional<std::string>("the other side asked to connect \"" + local_key.substr(0, 64) +
                                      "\", which is not an issue key");
  }
  auto issue = tracker_.get_issue(local_key);
  if (!issue) {
    if (issue.error().kind == ErrorKind::NotFound) {
      return std::optional<std::string>("the other side asked to connect " + local_key + ", which does not exist here");
    }
    return issue.error();
  }
  const Value& key = issue->field(slot(IssueSlot::Key));
  if (!key.is_string() || key.as_string() != local_key) {
    // The tracker answered for another issue (a moved issue's old key): bind nothing by alias.
    return std::optional<std::string>("the other side asked to connect " + local_key + ", which the tracker knows as " +
                                      text_of(key) + "; connect it by that key");
  }
  auto wanted = triggered(*issue);
  if (!wanted) return wanted.error();
  if (*wanted) return std::optional<std::string>();
  return std::optional<std::string>("the other side asked to connect " + local_key + ", which is outside connection " +
                                    name_ + ": no trigger of this side matches it and no operator here exalated it");
}

// A refused event stays in the inbox, failed, with an error that says why; the twin it names
// (if any) is not blocked: the refusal is about the peer's request, not about this twin.
Result<StepResult> ConnectionEngine::refuse_event(const store::Event& e, int64_t twin_id, const std::string& why) {
  auto tx = store_.begin();
  if (!tx) return tx.error();
  store::Event failed = e;
  failed.state = "failed";
  if (auto ok = store_.update_inbox(*tx, failed); !ok) return ok.error();
  if (auto id = store_.add_error(*tx, id_, twin_id, "incoming", e.id, "scope", why); !id) return id.error();
  if (auto ok = store_.add_stat(*tx, id_, store::Stat::ErrorsOpened); !ok) return ok.error();
  if (auto ok = tx->commit(); !ok) return ok.error();
  return StepResult{StepResult::Parked, why};
}

}  // namespace twinsync::sync
