// search_lookups.h — the tracker's answers to the JQL functions that need its data (membersOf(),
// releasedVersions() …, linkedIssues(), watchedIssues(); compiler/jql/jql_lookups.def): the same
// answers its REST resources give a connector, so a trigger evaluated by a node and the same
// query searched here agree.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/jql/jql_history.h"
#include "compiler/vm/host.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

struct TrackerState;

/// A user as the VM sees one (what the connector reads from the tracker's own JSON), so JQL's
/// `=` matches it by any identity; null for no user.
Value user_record(TrackerState& s, const User* u);

/// The VM's host during a search: currentUser() is the caller; lookups are answered from the
/// store and kept for the one search (the caller holds s.mu throughout).
class SearchHost : public HostContext {
 public:
  SearchHost(TrackerState& s, const User* caller, Value caller_value)
      : s_(s), caller_(caller), user_(std::move(caller_value)) {}
  Value current_user() const override { return user_; }
  Result<Value> jql_lookup(std::string_view function, const std::vector<std::string>& args) override;
  /// WAS and CHANGED, from the issue's changelog (search_history.h).
  Result<bool> jql_history(const Value& issue, const jql::HistoryQuery& query) override;

  /// Why the query cannot be answered, as Jira words it ("The value 'devs' does not exist for
  /// the function 'membersOf'."): a search refuses it with a 400, as Jira does.
  const std::optional<std::string>& refusal() const { return refusal_; }

 private:
  Result<std::vector<std::string>> answer(std::string_view function, const std::vector<std::string>& args);

  TrackerState& s_;
  const User* caller_;
  Value user_;
  std::map<std::string, Value> answers_;
  std::optional<std::string> refusal_;
};

}  // namespace twinsync::tracker
