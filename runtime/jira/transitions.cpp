// transitions.cpp — reading transitions and planning paths over what is known of a workflow.
#include "runtime/jira/transitions.h"

#include <cctype>
#include <deque>

#include "compiler/support/text.h"

namespace twinsync::jira {
namespace {

std::vector<std::string> allowed_values(const Json& field) {
  std::vector<std::string> out;
  const Json* allowed = member(field, "allowedValues");
  if (allowed == nullptr || !allowed->is_array()) return out;
  for (const Json& v : *allowed) {
    std::optional<std::string> s = text_of(&v);
    if (!s) s = text_at(v, "name");
    if (!s) s = text_at(v, "value");
    if (s) out.push_back(*s);
  }
  return out;
}

Transition read_transition(const Json& t) {
  Transition out;
  out.id = text_at(t, "id").value_or("");
  out.name = text_at(t, "name").value_or("");
  const Json& to = member_or_null(t, "to");
  out.to_status = text_at(to, "name").value_or("");
  out.to_status_id = text_at(to, "id").value_or("");
  if (const Json* fields = member(t, "fields"); fields && fields->is_object()) {
    for (const auto& [id, f] : fields->items()) {
      TransitionField field;
      field.id = id;
      field.name = text_at(f, "name").value_or(id);
      field.required = bool_at(f, "required").value_or(false);
      field.has_default = bool_at(f, "hasDefaultValue").value_or(false);
      field.allowed = allowed_values(f);
      out.fields.push_back(std::move(field));
    }
  }
  return out;
}

}  // namespace

Result<std::vector<Transition>> decode_transitions(const Json& j) {
  const Json* list = member(j, "transitions");
  if (list == nullptr || !list->is_array()) return make_error("transitions: expected {\"transitions\": […]}", ErrorKind::BadJson);
  std::vector<Transition> out;
  for (const Json& t : *list) {
    Transition tr = read_transition(t);
    if (!tr.id.empty() && !tr.to_status.empty()) out.push_back(std::move(tr));
  }
  return out;
}

bool same_status(std::string_view a, std::string_view b) { return iequals(a, b); }

void WorkflowMap::learn(const std::string& status, std::vector<Transition> offered) {
  by_status_[ascii_lower(status)] = std::move(offered);
}

const std::vector<Transition>* WorkflowMap::offered(const std::string& status) const {
  auto it = by_status_.find(ascii_lower(status));
  return it == by_status_.end() ? nullptr : &it->second;
}

std::optional<WorkflowMap::Plan> WorkflowMap::plan(const std::string& from, const std::string& to,
                                                   const std::set<std::string>& blocked,
                                                   const std::set<std::string>& visited) const {
  // Breadth-first over known edges; the first unknown status met is remembered as the
  // exploration goal in case the target is not reachable through what is known.
  struct Node {
    std::string status;
    int parent;
    const Transition* via;
  };
  std::vector<Node> nodes{{ascii_lower(from), -1, nullptr}};
  std::set<std::string> seen{ascii_lower(from)};
  std::deque<int> queue{0};
  int explore = -1;
  int found = -1;
  while (!queue.empty() && found < 0) {
    const int at = queue.front();
    queue.pop_front();
    auto known = by_status_.find(nodes[at].status);
    if (known == by_status_.end()) {
      if (explore < 0 && !visited.count(nodes[at].status)) explore = at;
      continue;
    }
    for (const Transition& t : known->second) {
      if (blocked.count(t.id)) continue;
      const std::string next = ascii_lower(t.to_status);
      if (!seen.insert(next).second) continue;
      nodes.push_back({next, at, &t});
      const int index = static_cast<int>(nodes.size()) - 1;
      if (next == ascii_lower(to)) {
        found = index;
        break;
      }
      queue.push_back(index);
    }
  }
  const int goal = found >= 0 ? found : explore;
  if (goal <= 0) return std::nullopt;
  Plan plan;
  plan.reaches_target = found >= 0;
  for (int at = goal; nodes[at].parent >= 0; at = nodes[at].parent) plan.steps.insert(plan.steps.begin(), *nodes[at].via);
  return plan;
}

}  // namespace twinsync::jira
