// three_way.h — which fields an incoming sync writes: what the rules want, compared with the
// local value now and the local value at the last sync (the base). Only fields the other side
// changed are written; a field both sides changed follows the conflict policy.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/vm/value.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::sync {

enum class ConflictPolicy { RemoteWins, LocalWins, NewestWins, Error };
const char* policy_name(ConflictPolicy p);
std::optional<ConflictPolicy> parse_policy(const std::string& name);

struct ConflictRules {
  ConflictPolicy fallback = ConflictPolicy::RemoteWins;
  std::map<std::string, ConflictPolicy> by_field;  // field name (or custom field name)
  ConflictPolicy for_field(const std::string& name) const;
};

struct FieldPlan {
  FieldChanges changes;
  std::vector<std::string> written;    // names of the fields written
  std::vector<std::string> conflicts;  // fields both sides changed, decided by the policy
  std::vector<std::string> refused;    // conflicts whose policy is Error
};

/// `wanted` is the rules' output; `now` the local issue; `base` the local issue at the last sync
/// (null: no base yet, so everything the rules want is written). Comments, attachments and the
/// tracker's read-only fields are not fields here.
FieldPlan plan_fields(const Value& wanted, const Value& now, const Value& base, const Value& replica,
                      const ConflictRules& rules);

}  // namespace twinsync::sync
