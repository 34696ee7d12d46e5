// jql_engine.h — the tracker's JQL, through the project's own JQL compiler: a query compiles
// once (cached by its text) into a bytecode predicate, each issue is decoded once per version
// into the issue record that predicate reads (the connector's decoder over the tracker's own
// REST JSON), and ORDER BY sorts those records. Search and webhook filters both use it.
#pragma once

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/bytecode/program.h"
#include "compiler/check/checker.h"
#include "compiler/vm/vm.h"
#include "runtime/jira/field_catalog.h"
#include "runtime/tracker/model.h"
#include "runtime/tracker/search_order.h"

namespace twinsync::tracker {

struct TrackerState;

/// A query as the tracker runs it. `errors` holds Jira's errorMessages when it did not compile.
struct CompiledQuery {
  std::string jql;
  std::vector<std::string> errors;
  std::optional<Program> program;  // set when errors is empty
  std::vector<OrderKey> order;     // empty: Jira's default (created DESC)
  /// The keys outside which it matches nothing (search_keys.h); nullopt: any issue may match.
  std::optional<std::vector<std::string>> keys;
  bool ok() const { return errors.empty(); }
};

/// One per tracker, inside TrackerState. NOT thread-safe: every call is made with s.mu held,
/// which is also what keeps the records' (non-atomic) reference counts on one thread at a time.
class JqlEngine {
 public:
  JqlEngine();
  JqlEngine(const JqlEngine&) = delete;
  JqlEngine& operator=(const JqlEngine&) = delete;

  /// The query compiled against the tracker's fields; cached, so a poller's repeated query and
  /// the connector's marker searches compile once.
  std::shared_ptr<const CompiledQuery> compile(TrackerState& s, std::string_view jql);

  /// The ids of the stored issues that match, in the query's order. `caller` is currentUser().
  std::vector<Id> search(TrackerState& s, const CompiledQuery& q, const User* caller);

  /// Does the issue (as REST v2 JSON with all fields, e.g. a webhook payload's) match?
  bool matches_json(TrackerState& s, const CompiledQuery& q, const Json& issue_json, const User* caller);

  /// Forgets compiled queries and records: the fields, users or workflow changed.
  void clear();

  /// How many issue records are cached (tests).
  std::size_t cached_records() const { return records_.size(); }

 private:
  struct CachedRecord {
    std::int64_t updated = 0;
    Value record;
  };
  void prepare(TrackerState& s);
  Value decode(const Json& issue_json);
  const Value& record_of(TrackerState& s, const Issue& issue);
  bool run(const CompiledQuery& q, const Value& record, HostContext& host);
  void forget_deleted(const std::vector<IssueVersion>& live);
  /// The issues a search runs its predicate on: those of q.keys, or every one.
  std::vector<IssueVersion> candidates(TrackerState& s, const CompiledQuery& q);

  bool prepared_ = false;
  jira::FieldCatalog fields_;  // the tracker's own field list, as the connector reads it
  Schema schema_;
  Vm vm_;
  std::map<std::string, std::shared_ptr<const CompiledQuery>, std::less<>> queries_;
  std::map<Id, CachedRecord> records_;
};

}  // namespace twinsync::tracker
