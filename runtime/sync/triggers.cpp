// triggers.cpp — which of a connection's triggers are on: the rule file says (a trigger marked
// `inactive` starts off), and an operator can switch one at runtime; the switch is kept in the
// store by trigger name, so it survives a restart and a publish that keeps the trigger.
#include "compiler/jql/jql_lookups.h"
#include "compiler/parse/parse.h"
#include "runtime/sync/engine.h"

namespace twinsync::sync {
namespace {

// Which of the tracker's data a trigger depends on, for `twinsync triggers`.
std::vector<std::string> lookups_in(const std::string& text) {
  const SourceFile file("trigger", text);
  DiagnosticSink sink;
  auto query = parse::parse_jql(file, {0, static_cast<uint32_t>(text.size())}, sink);
  return query ? jql::lookups_of(*query) : std::vector<std::string>();
}

}  // namespace
}  // namespace twinsync::sync

namespace twinsync::sync {

bool ConnectionEngine::trigger_active(const TriggerInfo& t) const {
  std::lock_guard lock(rules_mu_);
  // A switch holds for the trigger as it was when switched: redefined, it starts from its default.
  auto it = trigger_states_.find(t.name);
  return it == trigger_states_.end() || it->second.second != t.jql ? t.active : it->second.first;
}

std::vector<ConnectionEngine::TriggerView> ConnectionEngine::triggers() const {
  std::vector<TriggerView> out;
  auto program = rules();
  if (!program) return out;
  for (const TriggerInfo& t : program->triggers) {
    out.push_back({t.name, t.jql, t.note, trigger_active(t), t.active, lookups_in(t.jql)});
  }
  return out;
}

Status ConnectionEngine::set_trigger_active(const std::string& name, bool active) {
  auto program = rules();
  const TriggerInfo* found = nullptr;
  if (program) {
    for (const TriggerInfo& t : program->triggers) {
      if (t.name == name) found = &t;
    }
  }
  if (!found) return make_error("no trigger named " + name + " in " + name_, ErrorKind::NotFound);
  auto tx = store_.begin();
  if (!tx) return tx.error();
  if (auto ok = store_.set_trigger_state(*tx, id_, name, active, found->jql); !ok) return ok;
  if (auto ok = tx->commit(); !ok) return ok;
  std::lock_guard lock(rules_mu_);
  trigger_states_[name] = {active, found->jql};
  return ok_status();
}

}  // namespace twinsync::sync
