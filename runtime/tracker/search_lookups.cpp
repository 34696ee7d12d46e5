// search_lookups.cpp — membersOf(), the version functions, linkedIssues() and watchedIssues()
// answered from the tracker's store. Store failures become errors of the one evaluation (the
// issue does not match), never exceptions through the VM.
#include "runtime/tracker/search_lookups.h"

#include "compiler/jql/jql_lookups.h"
#include "compiler/schema/shapes.h"
#include "runtime/jira/value_read.h"
#include "runtime/tracker/groups.h"
#include "runtime/tracker/render.h"
#include "runtime/tracker/search_history.h"
#include "runtime/tracker/state.h"
#include "stdlib/text/text.h"

namespace twinsync::tracker {
namespace {

using Names = std::vector<std::string>;

Result<Names> members(TrackerState& s, const std::string& group) {
  auto users = group_members(s, group);
  if (!users) return make_error("The value '" + group + "' does not exist for the function 'membersOf'.", ErrorKind::NotFound);
  Names out;
  for (const User* u : *users) {
    out.push_back(u->account_id);
    if (!u->name.empty()) out.push_back(u->name);
  }
  return out;
}

// The project's versions in their order (the catalog keeps them by id, the order they were made).
Result<Names> versions(TrackerState& s, const std::string& project, jql::Lookup which) {
  const Project* p = project.empty() ? nullptr : s.catalog.project_by_key(project);
  if (!project.empty() && !p) {
    return make_error("The value '" + project + "' does not exist for the function '" +
                          std::string(jql::lookup_info(which).name) + "'.", ErrorKind::NotFound);
  }
  std::vector<const Version*> mine;
  for (const Version& v : s.catalog.versions) {
    if (!p || v.project_id == p->id) mine.push_back(&v);
  }
  Names out;
  switch (which) {
    case jql::Lookup::ReleasedVersions:
    case jql::Lookup::UnreleasedVersions: {
      const bool want = which == jql::Lookup::ReleasedVersions;
      for (const Version* v : mine) {
        if (v->released == want && (want || !v->archived)) out.push_back(v->name);
      }
      return out;
    }
    case jql::Lookup::LatestReleasedVersion:
      for (auto v = mine.rbegin(); v != mine.rend(); ++v) {
        if ((*v)->released) return Names{(*v)->name};
      }
      return out;
    case jql::Lookup::EarliestUnreleasedVersion:
      for (const Version* v : mine) {
        if (!v->released && !v->archived) return Names{v->name};
      }
      return out;
    default: return make_error("not a version function", ErrorKind::BadRequest);
  }
}

Result<Names> linked(TrackerState& s, const std::string& key, const std::string& description) {
  auto issue = s.store->issue_by_key(key);
  if (!issue) return issue.error();
  if (!*issue) return make_error("An issue with key '" + key + "' does not exist for function 'linkedIssues'.", ErrorKind::NotFound);
  auto links = s.store->links_of((*issue)->id);
  if (!links) return links.error();
  Names out;
  for (const IssueLink& l : *links) {
    const LinkType* type = s.catalog.link_type(l.type_id);
    // Seen from `key`: "A blocks B" is A's outward link and B's inward one.
    const bool outward = l.inward_issue_id == (*issue)->id;
    const std::string seen = type ? (outward ? type->outward : type->inward) : std::string();
    if (!description.empty() && !text::equals_ignore_case(seen, description) &&
        !(type && text::equals_ignore_case(type->name, description))) {
      continue;
    }
    auto other = s.store->issue_by_id(outward ? l.outward_issue_id : l.inward_issue_id);
    if (!other) return other.error();
    if (*other) out.push_back((*other)->key);
  }
  return out;
}

// Jira watches an issue for its reporter and for everyone who comments on it (the default
// auto-watch); the tracker has no explicit watch list, so that is what it watches.
Result<Names> watched(TrackerState& s, const User* caller) {
  Names out;
  if (!caller) return out;
  auto all = s.store->issue_versions();
  if (!all) return all.error();
  for (const IssueVersion& v : *all) {
    auto issue = s.store->issue_by_id(v.id);
    if (!issue) return issue.error();
    if (!*issue) continue;
    const Json& reporter = (*issue)->fields["reporter"];
    bool watches = reporter.is_string() && reporter.get<std::string>() == caller->account_id;
    if (!watches) {
      auto comments = s.store->comments_of(v.id);
      if (!comments) return comments.error();
      for (const Comment& c : *comments) watches = watches || c.author == caller->account_id;
    }
    if (watches) out.push_back((*issue)->key);
  }
  return out;
}

}  // namespace

Value user_record(TrackerState& s, const User* u) {
  if (!u) return {};
  jira::Decoder d(jira::empty_catalog());
  return jira::read_user(d, Renderer(s.catalog, s.base_url, 2).user(*u), "/user");
}

Result<bool> SearchHost::jql_history(const Value& issue, const jql::HistoryQuery& query) {
  const Value& key = issue.is_record() && &issue.shape() == &issue_shape() ? issue.field(slot(IssueSlot::Key)) : Value();
  if (!key.is_string()) return false;
  auto stored = s_.store->issue_by_key(std::string(key.as_string()));
  if (!stored) return stored.error();
  if (!*stored) return false;
  return history_matches(s_, **stored, query);
}

Result<std::vector<std::string>> SearchHost::answer(std::string_view function, const std::vector<std::string>& args) {
  const jql::LookupInfo* which = jql::find_lookup(function);
  if (!which) return make_error("no JQL function " + std::string(function) + "()", ErrorKind::BadRequest);
  auto arg = [&](size_t i) { return i < args.size() ? args[i] : std::string(); };
  switch (which->id) {
    case jql::Lookup::MembersOf: return members(s_, arg(0));
    case jql::Lookup::ReleasedVersions:
    case jql::Lookup::UnreleasedVersions:
    case jql::Lookup::LatestReleasedVersion:
    case jql::Lookup::EarliestUnreleasedVersion: return versions(s_, arg(0), which->id);
    case jql::Lookup::LinkedIssues: return linked(s_, arg(0), arg(1));
    case jql::Lookup::WatchedIssues: return watched(s_, caller_);
  }
  return make_error("no JQL function " + std::string(function) + "()", ErrorKind::BadRequest);
}

Result<Value> SearchHost::jql_lookup(std::string_view function, const std::vector<std::string>& args) {
  std::string call(function);
  for (const std::string& a : args) call += "\x1f" + a;
  if (auto it = answers_.find(call); it != answers_.end()) return it->second;
  auto names = answer(function, args);
  if (!names) {
    if (!refusal_) refusal_ = names.error().message;
    return names.error();
  }
  std::vector<Value> items;
  for (const std::string& n : *names) items.push_back(Value::string(n));
  Value list = Value::list(std::move(items));
  answers_.emplace(std::move(call), list);
  return list;
}

}  // namespace twinsync::tracker
