// search.cpp — paging through JQL results on Cloud (nextPageToken) and Data Center (startAt).
#include "runtime/jira/search.h"

#include "runtime/jira/client.h"

namespace twinsync::jira {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) out += (out.empty() ? "" : ",") + s;
  return out;
}

Result<std::vector<Json>> issues_of(const Json& page) {
  const Json* issues = member(page, "issues");
  if (issues == nullptr || !issues->is_array()) return make_error("search: the answer has no \"issues\" list", ErrorKind::BadJson);
  return std::vector<Json>(issues->begin(), issues->end());
}

}  // namespace

bool keys_only(const std::vector<std::string>& fields) {
  if (fields.empty()) return false;
  for (const std::string& f : fields) {
    if (f != "key" && f != "id") return false;
  }
  return true;
}

SearchPager::SearchPager(JiraClient& client, SearchRequest request) : client_(client), request_(std::move(request)) {}

Result<SearchPage> SearchPager::next() {
  if (done_) return SearchPage{};
  if (pages_ >= client_.config().max_pages) {
    done_ = true;
    return make_error("search: stopped after " + std::to_string(pages_) + " pages (max_pages) for: " + request_.jql,
                      ErrorKind::TooManyPages);
  }
  ++pages_;
  // Decided at the first page, when the client knows which Jira it speaks to. A bulk of 100,000
  // keys is 20 pages on Cloud instead of 1,000, and each page is a search Jira runs whole.
  if (request_.page_size <= 0) {
    request_.page_size = !keys_only(request_.fields)       ? client_.config().page_size
                         : client_.dialect().cloud()        ? kCloudKeyPageSize
                                                            : kDataCenterKeyPageSize;
  }
  auto page = client_.dialect().cloud() ? next_cloud() : next_data_center();
  if (!page) done_ = true;
  return page;
}

Result<SearchPage> SearchPager::next_cloud() {
  Json body = {{"jql", request_.jql}, {"fields", request_.fields}, {"maxResults", request_.page_size}};
  if (!request_.expand.empty()) body["expand"] = join(request_.expand);  // a string on this endpoint
  if (!next_token_.empty()) body["nextPageToken"] = next_token_;
  auto j = client_.transport().send_json(
      Call::json("POST", client_.dialect().api_root() + "/search/jql", body, Repeat::Safe));
  if (!j) return j.error();
  auto issues = issues_of(*j);
  if (!issues) return issues.error();
  SearchPage page;
  page.issues = std::move(*issues);
  next_token_ = text_at(*j, "nextPageToken").value_or("");
  page.last = next_token_.empty() || bool_at(*j, "isLast").value_or(false);
  done_ = page.last;
  return page;
}

Result<SearchPage> SearchPager::next_data_center() {
  Json body = {{"jql", request_.jql}, {"fields", request_.fields}, {"startAt", start_at_},
               {"maxResults", request_.page_size}};
  if (!request_.expand.empty()) body["expand"] = request_.expand;
  auto j = client_.transport().send_json(Call::json("POST", "/rest/api/2/search", body, Repeat::Safe));
  if (!j) return j.error();
  auto issues = issues_of(*j);
  if (!issues) return issues.error();
  SearchPage page;
  page.issues = std::move(*issues);
  page.total = int_at(*j, "total").value_or(-1);
  // The server may cap maxResults below what was asked: advance by what came back.
  start_at_ = int_at(*j, "startAt").value_or(start_at_) + static_cast<int64_t>(page.issues.size());
  page.last = page.issues.empty() || (page.total >= 0 && start_at_ >= page.total);
  done_ = page.last;
  return page;
}

SearchPager JiraClient::search(SearchRequest request) { return SearchPager(*this, std::move(request)); }

Result<std::vector<Json>> JiraClient::search_all(SearchRequest request) {
  SearchPager pager = search(std::move(request));
  std::vector<Json> all;
  while (!pager.done()) {
    auto page = pager.next();
    if (!page) return page.error();
    for (Json& issue : page->issues) all.push_back(std::move(issue));
  }
  return all;
}

}  // namespace twinsync::jira
