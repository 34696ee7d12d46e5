// three_way.cpp — the per-field three-way decision.
#include "runtime/sync/three_way.h"

#include "compiler/schema/shapes.h"
#include "compiler/vm/vm_ops.h"

namespace twinsync::sync {
namespace {

const Value kNull;

const Value& at(const Value& record, uint32_t slot) { return record.is_record() ? record.field(slot) : kNull; }

const Value& custom_of(const Value& record, const std::string& name) {
  const Value& m = at(record, slot(IssueSlot::Custom));
  return m.is_map() ? m.map_get(name) : kNull;
}

bool newer_remote(const Value& replica, const Value& now) {
  auto c = vmops::compare(at(replica, slot(IssueSlot::Updated)), at(now, slot(IssueSlot::Updated)));
  return !c || *c >= 0;  // unknown times: the remote side wins, as by default
}

// Decides one field. Returns true when the wanted value is to be written.
bool decide(const std::string& name, const Value& want, const Value& now, const Value& base, bool has_base,
            const Value& replica, const Value& now_issue, const ConflictRules& rules, FieldPlan& plan) {
  if (want == now) return false;            // already so
  if (!has_base || now == base) return true;  // only the other side changed it
  if (want == base) return false;           // only this side changed it: keep it
  plan.conflicts.push_back(name);
  switch (rules.for_field(name)) {
    case ConflictPolicy::RemoteWins: return true;
    case ConflictPolicy::LocalWins: return false;
    case ConflictPolicy::NewestWins: return newer_remote(replica, now_issue);
    case ConflictPolicy::Error: plan.refused.push_back(name); return false;
  }
  return true;
}

}  // namespace

const char* policy_name(ConflictPolicy p) {
  switch (p) {
    case ConflictPolicy::RemoteWins: return "remote";
    case ConflictPolicy::LocalWins: return "local";
    case ConflictPolicy::NewestWins: return "newest";
    case ConflictPolicy::Error: return "error";
  }
  return "remote";
}

std::optional<ConflictPolicy> parse_policy(const std::string& name) {
  if (name == "remote") return ConflictPolicy::RemoteWins;
  if (name == "local") return ConflictPolicy::LocalWins;
  if (name == "newest") return ConflictPolicy::NewestWins;
  if (name == "error") return ConflictPolicy::Error;
  return std::nullopt;
}

ConflictPolicy ConflictRules::for_field(const std::string& name) const {
  auto it = by_field.find(name);
  return it == by_field.end() ? fallback : it->second;
}

FieldPlan plan_fields(const Value& wanted, const Value& now, const Value& base, const Value& replica,
                      const ConflictRules& rules) {
  FieldPlan plan;
  const bool has_base = base.is_record();
  const Shape& shape = issue_shape();
  for (uint32_t i = 0; i < shape.size(); ++i) {
    const ShapeField& f = shape.fields[i];
    if ((f.flags & ReadOnly) || i == slot(IssueSlot::Comments) || i == slot(IssueSlot::Attachments) ||
        i == slot(IssueSlot::Custom)) {
      continue;
    }
    const std::string name(f.name);
    if (decide(name, at(wanted, i), at(now, i), at(base, i), has_base, replica, now, rules, plan)) {
      plan.changes.fields[i] = at(wanted, i);
      plan.written.push_back(name);
    }
  }
  const Value& custom = at(wanted, slot(IssueSlot::Custom));
  if (custom.is_map()) {
    for (const auto& [name, want] : custom.map_entries()) {
      if (decide(name, want, custom_of(now, name), custom_of(base, name), has_base, replica, now, rules, plan)) {
        plan.changes.custom[name] = want;
        plan.written.push_back("custom[\"" + name + "\"]");
      }
    }
  }
  return plan;
}

}  // namespace twinsync::sync
