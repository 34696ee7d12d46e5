// triggers.cpp — which of a connection's triggers are on: the rule file says (a trigger marked
// `inactive` starts off), and an operator can switch one at runtime; the switch is kept in the
// store by trigger name, so it survives a restart and a publish that keeps the trigger.
#include "runtime/sync/engine.h"

#include <algorithm>

namespace twinsync::sync {

bool ConnectionEngine::trigger_active(const TriggerInfo& t) const {
  std::lock_guard lock(rules_mu_);
  auto it = trigger_states_.find(t.name);
  return it == trigger_states_.end() ? t.active : it->second;
}

std::vector<ConnectionEngine::TriggerView> ConnectionEngine::triggers() const {
  std::vector<TriggerView> out;
  auto program = rules();
  if (!program) return out;
  for (const TriggerInfo& t : program->triggers) {
    out.push_back({t.name, t.jql, t.note, trigger_active(t), t.active});
  }
  return out;
}

Status ConnectionEngine::set_trigger_active(const std::string& name, bool active) {
  auto program = rules();
  const bool known = program && std::any_of(program->triggers.begin(), program->triggers.end(),
                                            [&](const TriggerInfo& t) { return t.name == name; });
  if (!known) return make_error("no trigger named " + name + " in " + name_, "not_found");
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.set_trigger_state(*tx, id_, name, active); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  std::lock_guard lock(rules_mu_);
  trigger_states_[name] = active;
  return ok_status();
}

}  // namespace twinsync::sync
