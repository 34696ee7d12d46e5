// transitions.h — workflow transitions (GET issue/{key}/transitions?expand=transitions.fields)
// and the map of a workflow the connector learns from them, to plan a path to a wanted status.
// Jira only shows the transitions of the status an issue is in, so the map grows as the issue
// moves; planning prefers a known path and otherwise explores the nearest unknown status.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/jira/field_catalog.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {

/// A field on a transition's screen.
struct TransitionField {
  std::string id;    // "resolution", "customfield_10010"
  std::string name;  // "Resolution"
  bool required = false;
  bool has_default = false;
  std::vector<std::string> allowed;  // names/values of allowedValues, when listed
};

struct Transition {
  std::string id;
  std::string name;       // "Resolve Issue"
  std::string to_status;  // "Resolved"
  std::string to_status_id;
  std::vector<TransitionField> fields;

  /// "Resolve Issue → Resolved"
  std::string label() const { return name + " → " + to_status; }
};

/// The answer of GET transitions. Entries without an id or target status are skipped.
Result<std::vector<Transition>> decode_transitions(const Json& j);

/// Case-insensitive status name comparison (Jira treats "Done" and "DONE" as one status).
bool same_status(std::string_view a, std::string_view b);

/// The transitions seen in each status of one workflow.
class WorkflowMap {
 public:
  void learn(const std::string& status, std::vector<Transition> offered);
  const std::vector<Transition>* offered(const std::string& status) const;

  struct Plan {
    std::vector<Transition> steps;  // first step leaves `from`
    bool reaches_target = false;    // false: the path leads to a status still to explore
  };
  /// Shortest known path from `from` to `to` that avoids the transition ids in `blocked`; when
  /// there is none, the shortest path to a status whose transitions are unknown (and not in
  /// `visited`). nullopt when neither exists: the target cannot be reached.
  std::optional<Plan> plan(const std::string& from, const std::string& to, const std::set<std::string>& blocked,
                           const std::set<std::string>& visited) const;

 private:
  std::map<std::string, std::vector<Transition>> by_status_;  // key: lower-cased status name
};

}  // namespace twinsync::jira
