// client_lookup.cpp — the tracker's answers to the JQL functions a trigger filter evaluates
// locally (compiler/jql/jql_lookups.def): group members, a project's versions, an issue's links,
// the issues the connector's account watches. Each answer is a list of texts that `in` matches.
#include <cctype>

#include "compiler/jql/jql_lookups.h"
#include "compiler/support/text.h"
#include "runtime/jira/client.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {
namespace {

using Names = std::vector<std::string>;

// Bounds on what a tracker's answer may grow to: a hostile or broken tracker that pages forever
// or lists a million projects makes the lookup an error, not the node's memory.
constexpr size_t kMaxNames = 100'000;
constexpr size_t kMaxProjects = 200;

Error too_large(const std::string& what) {
  return make_error("the tracker's answer to " + what + " is larger than twinsync takes (" +
                        std::to_string(kMaxNames) + " names, " + std::to_string(kMaxProjects) + " projects)",
                    ErrorKind::BadJson);
}

// A user as `in` matches it: Cloud by account id, Data Center by user name (and key).
void add_identities(const Json& user, Names& out) {
  for (const char* field : {"accountId", "name", "key"}) {
    if (auto id = text_at(user, field); id && !id->empty()) out.push_back(*id);
  }
}

// Versions in the project's own order (their sequence), which is what Jira means by latest and
// earliest, not their release dates.
struct VersionFacts {
  std::string name;
  bool released = false, archived = false;
};

}  // namespace

Result<std::vector<std::string>> JiraClient::group_members(const std::string& group) {
  Names out;
  const std::string base = dialect_.api_root() + "/group/member?groupname=" + url_encode(group) + "&maxResults=50";
  for (int64_t start = 0, page = 0; page < config_.max_pages; ++page) {
    auto j = transport_.get(base + "&startAt=" + std::to_string(start));
    if (!j) {
      if (http_status_of(j.error()) == 404) return make_error("the tracker has no group \"" + group + "\"", ErrorKind::NotFound);
      return j.error();
    }
    const Json* values = member(*j, "values");
    if (values == nullptr || !values->is_array()) return make_error("group members: unexpected answer", ErrorKind::BadJson);
    for (const Json& u : *values) add_identities(u, out);
    if (out.size() > kMaxNames) return too_large("membersOf(" + group + ")");
    start += static_cast<int64_t>(values->size());
    if (values->empty() || bool_at(*j, "isLast").value_or(true)) break;
  }
  return out;
}

Result<std::vector<std::string>> JiraClient::project_versions(const std::string& project, jql::Lookup which) {
  std::vector<std::string> projects;
  if (!project.empty()) {
    projects.push_back(project);
  } else {
    auto all = transport_.get(dialect_.api_root() + "/project");
    if (!all) return all.error();
    if (!all->is_array()) return make_error("projects: unexpected answer", ErrorKind::BadJson);
    for (const Json& p : *all) projects.push_back(text_at(p, "key").value_or(""));
    if (projects.size() > kMaxProjects) return too_large("a version function without a project");
  }
  Names out;
  for (const std::string& key : projects) {
    auto j = transport_.get(dialect_.api_root() + "/project/" + url_encode(key) + "/versions");
    if (!j) {
      if (http_status_of(j.error()) == 404) return make_error("the tracker has no project \"" + key + "\"", ErrorKind::NotFound);
      return j.error();
    }
    if (!j->is_array()) return make_error("versions of " + key + ": unexpected answer", ErrorKind::BadJson);
    std::vector<VersionFacts> versions;
    for (const Json& v : *j) {
      versions.push_back({text_at(v, "name").value_or(""), bool_at(v, "released").value_or(false),
                          bool_at(v, "archived").value_or(false)});
    }
    switch (which) {
      case jql::Lookup::ReleasedVersions:
      case jql::Lookup::UnreleasedVersions: {
        const bool want = which == jql::Lookup::ReleasedVersions;
        for (const VersionFacts& v : versions) {
          if (v.released == want && (want || !v.archived)) out.push_back(v.name);
        }
        break;
      }
      case jql::Lookup::LatestReleasedVersion:
        for (auto v = versions.rbegin(); v != versions.rend(); ++v) {
          if (v->released) {
            out.push_back(v->name);
            break;
          }
        }
        break;
      case jql::Lookup::EarliestUnreleasedVersion:
        for (const VersionFacts& v : versions) {
          if (!v.released && !v.archived) {
            out.push_back(v.name);
            break;
          }
        }
        break;
      default: return make_error("not a version function", ErrorKind::BadRequest);
    }
    if (out.size() > kMaxNames) return too_large("a version function");
  }
  return out;
}

Result<std::vector<std::string>> JiraClient::linked_issues(const std::string& key, const std::string& description) {
  auto j = transport_.get(dialect_.api_root() + "/issue/" + url_encode(key) + "?fields=issuelinks");
  if (!j) {
    if (http_status_of(j.error()) == 404) return make_error("the tracker has no issue " + key, ErrorKind::NotFound);
    return j.error();
  }
  Names out;
  const Json* fields = member(*j, "fields");
  const Json* links = fields ? member(*fields, "issuelinks") : nullptr;
  if (links == nullptr || !links->is_array()) return out;
  for (const Json& link : *links) {
    const Json* type = member(link, "type");
    for (const char* side : {"outwardIssue", "inwardIssue"}) {
      const Json* other = member(link, side);
      if (other == nullptr) continue;
      // The description as seen from `key`: "blocks" for an outward link, "is blocked by" inward.
      const std::string seen = type ? text_at(*type, side[0] == 'o' ? "outward" : "inward").value_or("") : "";
      const std::string name = type ? text_at(*type, "name").value_or("") : "";
      if (!description.empty() && !iequals(seen, description) && !iequals(name, description)) continue;
      if (auto k = text_at(*other, "key")) out.push_back(*k);
    }
  }
  return out;
}

Result<std::vector<std::string>> JiraClient::watched_issues() {
  // Jira has no resource for "what I watch" but its own JQL: ask the search, keys only.
  SearchRequest request;
  request.jql = "issue in watchedIssues()";
  request.fields = {"key"};
  request.page_size = 100;
  SearchPager pager = search(request);
  Names out;
  while (!pager.done() && pager.pages() < config_.max_pages) {
    auto page = pager.next();
    if (!page) return page.error();
    for (const Json& issue : page->issues) {
      if (auto k = text_at(issue, "key")) out.push_back(*k);
    }
    if (out.size() > kMaxNames) return too_large("watchedIssues()");
  }
  return out;
}

Result<std::vector<std::string>> JiraClient::jql_lookup(jql::Lookup which, const std::vector<std::string>& args) {
  auto arg = [&](size_t i) { return i < args.size() ? args[i] : std::string(); };
  switch (which) {
    case jql::Lookup::MembersOf: return group_members(arg(0));
    case jql::Lookup::ReleasedVersions:
    case jql::Lookup::UnreleasedVersions:
    case jql::Lookup::LatestReleasedVersion:
    case jql::Lookup::EarliestUnreleasedVersion: return project_versions(arg(0), which);
    case jql::Lookup::LinkedIssues: return linked_issues(arg(0), arg(1));
    case jql::Lookup::WatchedIssues: return watched_issues();
  }
  return make_error("unknown JQL function", ErrorKind::BadRequest);
}

}  // namespace twinsync::jira
