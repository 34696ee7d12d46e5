// search_filter.h — the tracker's only use of JQL: compile a query once, then test issues and
// order them. The implementation is INTERIM (search_filter.cpp) until compiler/jql lands; this
// interface is what the real compiler will sit behind.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

/// What a filter may read of an issue.
struct IssueFacts {
  Id id = 0;
  std::string_view key;
  std::string_view project_key;
  Id project_id = 0;
  std::int64_t number = 0;
  std::int64_t created = 0, updated = 0;  // Unix ms
  std::string_view issuetype, status, priority, resolution;  // names; empty when unset
  std::vector<std::string> labels;
  std::vector<std::string> assignee, reporter;  // account id, user name and e-mail; empty when unset
};

struct Catalog;
/// The facts of a stored issue (views into `issue` and `cat`, which must outlive them).
IssueFacts facts_of(const Catalog& cat, const Issue& issue);

class SearchFilter {
 public:
  /// An empty query matches everything. Errors carry Jira's wording for its 400 body.
  static Result<SearchFilter> compile(std::string_view jql, std::int64_t now_ms);

  bool matches(const IssueFacts& issue) const;
  /// Strict weak order of the ORDER BY clause (created DESC when the query has none).
  bool before(const IssueFacts& a, const IssueFacts& b) const;

  struct Query;

 private:
  std::shared_ptr<const Query> q_;
};

}  // namespace twinsync::tracker
