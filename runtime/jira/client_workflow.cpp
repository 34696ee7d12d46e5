// client_workflow.cpp — transitions, and moving an issue to a wanted status along a path
// through its workflow, filling the fields the transition screens ask for.
#include <algorithm>

#include "compiler/schema/shapes.h"
#include "runtime/jira/client.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"

namespace twinsync::jira {
namespace {

// The wanted value for a transition screen's field, if the changes carry one.
struct Fill {
  Json fields = Json::object();
  std::vector<IssueSlot> used_slots;
  std::vector<std::string> used_custom;
  std::string missing;  // the first required field nothing fills
};

Fill fill_fields(const Transition& t, const WantedChanges& changes, const FieldCatalog& catalog, const Dialect& dialect) {
  Fill fill;
  for (const TransitionField& f : t.fields) {
    bool filled = false;
    for (const auto& [slot, value] : changes.fields()) {
      if (jira_field_id(slot) != f.id || value.is_null()) continue;
      auto v = encode_standard(slot, value, dialect);
      if (!v) break;
      const bool allowed = f.allowed.empty() || !value.is_string() ||
                           std::find(f.allowed.begin(), f.allowed.end(), value.as_string()) != f.allowed.end();
      if (!allowed) break;
      fill.fields[f.id] = std::move(*v);
      fill.used_slots.push_back(slot);
      filled = true;
    }
    for (const auto& [name, value] : changes.custom()) {
      if (filled) break;
      const FieldInfo* info = catalog.by_name(name);
      if (info == nullptr || info->id != f.id || value.is_null()) continue;
      auto v = encode_custom(name, value, catalog, dialect);
      if (!v) break;
      fill.fields[f.id] = std::move(v->second);
      fill.used_custom.push_back(name);
      filled = true;
    }
    if (!filled && f.required && !f.has_default && fill.missing.empty()) fill.missing = f.name;
  }
  return fill;
}

std::string offered_text(const std::vector<Transition>& offered) {
  if (offered.empty()) return "none";
  std::string out;
  for (const Transition& t : offered) out += (out.empty() ? "" : ", ") + t.label();
  return out;
}

}  // namespace

Result<std::vector<Transition>> JiraClient::transitions(const std::string& key) {
  auto j = transport_.get(issue_path(key) + "/transitions?expand=transitions.fields");
  if (!j) return j.error();
  return decode_transitions(*j);
}

Status JiraClient::do_transition(const std::string& key, const std::string& transition_id, const Json& fields,
                                 std::string_view comment) {
  const Json body = encode_transition(transition_id, fields, comment, dialect_);
  // Not repeated on an unknown outcome: the issue may already have moved; the caller re-reads.
  auto r = transport_.send(Call::json("POST", issue_path(key) + "/transitions", body, Repeat::OnlyIfUnsent));
  if (!r) return r.error();
  return ok_status();
}

WorkflowMap WorkflowKnowledge::map(const std::string& workflow) {
  std::lock_guard lock(mu_);
  return maps_[workflow];
}

void WorkflowKnowledge::learn(const std::string& workflow, const std::string& status,
                              const std::vector<Transition>& offered) {
  std::lock_guard lock(mu_);
  maps_[workflow].learn(status, offered);
}

std::optional<std::vector<std::string>> WorkflowKnowledge::statuses(const std::string& workflow) {
  std::lock_guard lock(mu_);
  auto it = statuses_.find(workflow);
  if (it == statuses_.end()) return std::nullopt;
  return it->second;
}

void WorkflowKnowledge::set_statuses(const std::string& workflow, std::vector<std::string> statuses) {
  std::lock_guard lock(mu_);
  statuses_[workflow] = std::move(statuses);
}

Result<std::vector<std::string>> JiraClient::workflow_statuses(const std::string& project, const std::string& type) {
  const std::string cache_key = project + "/" + type;
  if (auto known = workflows_->statuses(cache_key)) return *known;
  auto j = transport_.get("/rest/api/2/project/" + url_encode(project) + "/statuses");
  if (!j) return j.error();
  std::vector<std::string> names;
  if (j->is_array()) {
    for (const Json& per_type : *j) {
      if (!per_type.is_object() || !same_status(per_type.value("name", ""), type)) continue;
      for (const Json& st : member_or_null(per_type, "statuses")) {
        if (auto name = text_at(st, "name")) names.push_back(*name);
      }
    }
  }
  workflows_->set_statuses(cache_key, names);
  return names;
}

Result<IssueFacts> JiraClient::issue_facts(const std::string& key) {
  auto issue = get_issue_json(key, {{"status", "project", "issuetype"}});
  if (!issue) return issue.error();
  const Json& fields = member_or_null(*issue, "fields");
  IssueFacts facts;
  facts.status = text_at(member_or_null(fields, "status"), "name").value_or("");
  facts.project = text_at(member_or_null(fields, "project"), "key").value_or("");
  facts.type = text_at(member_or_null(fields, "issuetype"), "name").value_or("");
  if (facts.status.empty()) return make_error(key + ": the issue has no status", ErrorKind::BadJson);
  return facts;
}

Result<std::vector<std::string>> JiraClient::move_to_status(const std::string& key, const std::string& target,
                                                           WantedChanges& changes, const IssueFacts* known_facts) {
  // The caller may know the issue as it just read it: then the walk starts without a read, and
  // falls back to one if a transition is refused (a person moved the issue meanwhile).
  bool facts_fresh = known_facts == nullptr || known_facts->status.empty();
  IssueFacts facts;
  if (facts_fresh) {
    auto read = issue_facts(key);
    if (!read) return read.error();
    facts = std::move(*read);
  } else {
    facts = *known_facts;
  }
  std::string current = facts.status;
  const std::string& project = facts.project;
  const std::string& type = facts.type;
  // Workflows belong to a project and issue type: what is learned about one serves the next.
  const std::string workflow = project + "/" + type;
  WorkflowMap map = workflows_->map(workflow);
  // Exploring the workflow moves the issue; a status the workflow does not have must stop that
  // before the first step, or the issue would wander through statuses in vain.
  if (!same_status(current, target)) {
    if (auto known = workflow_statuses(project, type); known && !known->empty()) {
      const bool has = std::any_of(known->begin(), known->end(), [&](const std::string& s) { return same_status(s, target); });
      if (!has) {
        std::string list;
        for (const std::string& s : *known) list += (list.empty() ? "" : ", ") + s;
        return make_error(key + ": status \"" + target + "\" is not in the workflow of " + project + " " + type +
                              " (its statuses: " + list + "); the issue stays in \"" + current + "\"",
                          ErrorKind::Workflow);
      }
    }
  }
  std::vector<std::string> taken;
  std::set<std::string> blocked, visited;
  std::set<std::string> read_here;  // statuses whose transitions were read during this move
  // Reads what the current status offers, for this walk and for every client of the tracker.
  auto learn_here = [&]() -> Status {
    auto got = transitions(key);
    if (!got) return got.error();
    map.learn(current, *got);
    workflows_->learn(workflow, current, *got);
    read_here.insert(current);
    return ok_status();
  };
  std::string blocked_why;
  std::vector<Transition> offered;
  for (int step = 0; !same_status(current, target); ++step) {
    if (step >= config_.max_transition_steps) {
      return make_error(key + ": no path to status \"" + target + "\" within " +
                            std::to_string(config_.max_transition_steps) + " transitions; the issue is in \"" +
                            current + "\" (offered: " + offered_text(offered) + ")",
                        ErrorKind::Workflow);
    }
    // What a status offers is learned once per workflow and reused: a walk through a known
    // workflow costs one request per step, not two.
    if (map.offered(current) == nullptr) {
      if (auto ok = learn_here(); !ok) return ok.error();
    }
    offered = *map.offered(current);
    visited.insert(current);
    std::optional<WorkflowMap::Plan> plan;
    Fill fill;
    // Re-plan while the first step needs a field nothing provides.
    while ((plan = map.plan(current, target, blocked, visited))) {
      fill = fill_fields(plan->steps.front(), changes, catalog_, dialect_);
      if (fill.missing.empty()) break;
      blocked.insert(plan->steps.front().id);
      blocked_why = "transition \"" + plan->steps.front().label() + "\" needs field \"" + fill.missing + "\"";
    }
    if (!plan) {
      return make_error(key + ": cannot reach status \"" + target + "\" from \"" + current +
                            "\"; transitions offered: " + offered_text(offered) +
                            (blocked_why.empty() ? "" : "; " + blocked_why),
                        ErrorKind::Workflow);
    }
    const Transition& t = plan->steps.front();
    if (auto done = do_transition(key, t.id, fill.fields); !done) {
      // Refused on what was known before this move (the transition's conditions, or a person
      // moved the issue): read where the issue is and what it offers, and plan again, once.
      const auto status = http_status_of(done.error());
      const bool refused = status && (*status == 400 || *status == 409);
      if (!refused || (facts_fresh && read_here.count(current))) return done.error();
      auto read = issue_facts(key);
      if (!read) return read.error();
      facts_fresh = true;
      current = read->status;
      if (auto ok = learn_here(); !ok) return ok.error();
      visited.clear();
      continue;
    }
    for (IssueSlot s : fill.used_slots) changes.drop(s);
    // Written on the transition screen: not again in the edit.
    for (const std::string& name : fill.used_custom) changes.drop_custom(name);
    taken.push_back(t.label());
    current = t.to_status;
  }
  return taken;
}

}  // namespace twinsync::jira
