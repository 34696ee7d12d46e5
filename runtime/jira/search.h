// search.h — JQL search, page by page: Jira Cloud's POST /rest/api/3/search/jql with
// nextPageToken (the old /search answers 410 there) and Data Center's POST /rest/api/2/search
// with startAt/maxResults; the pager hides which.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/jira/json_util.h"

namespace twinsync::jira {

class JiraClient;

struct SearchRequest {
  std::string jql;
  std::vector<std::string> fields = {"*all"};
  std::vector<std::string> expand;  // "changelog", "names", "renderedFields" …
  int page_size = 0;                // 0: the client's configured page size, or for a search of
                                    // keys and ids only the most Jira gives (below)
};

/// The most issues one page of a search for `id` and `key` only brings: Cloud's /search/jql
/// gives up to 5,000 then ("the greatest number of items returned per page is achieved when
/// requesting id or key only"), Data Center's /search up to its jira.search.views.default.max
/// (1,000 unless its admin changed it). Either may give fewer; the pager goes on from what came.
inline constexpr int kCloudKeyPageSize = 5000;
inline constexpr int kDataCenterKeyPageSize = 1000;
/// Whether a search asks only for what the larger pages allow.
bool keys_only(const std::vector<std::string>& fields);

struct SearchPage {
  std::vector<Json> issues;  // raw issue objects: decode with the client's catalog
  bool last = true;
  int64_t total = -1;        // Data Center only
};

/// Fetches one page per next() until done(). Bounded by the client's max_pages.
class SearchPager {
 public:
  SearchPager(JiraClient& client, SearchRequest request);
  Result<SearchPage> next();
  bool done() const { return done_; }
  int pages() const { return pages_; }

 private:
  Result<SearchPage> next_cloud();
  Result<SearchPage> next_data_center();

  JiraClient& client_;
  SearchRequest request_;
  std::string next_token_;
  int64_t start_at_ = 0;
  int pages_ = 0;
  bool done_ = false;
};

}  // namespace twinsync::jira
