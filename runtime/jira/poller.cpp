// poller.cpp — JQL polling with a watermark taken before the poll, overlap and dedupe.
#include "runtime/jira/poller.h"

#include <algorithm>

#include "compiler/vm/datetime.h"
#include "runtime/jira/client.h"

namespace twinsync::jira {
namespace {

constexpr int64_t kMinute = 60'000;

}  // namespace

std::string jql_updated_since(int64_t since_ms, int utc_offset_minutes) {
  return "updated >= \"" + datetime::format_jql_datetime(since_ms + int64_t{utc_offset_minutes} * kMinute) + "\"";
}

JqlPoller::JqlPoller(JiraClient& client, WatermarkStore& store, PollOptions options, Clock& clock)
    : client_(client), store_(store), options_(std::move(options)), clock_(clock) {
  options_.overlap_ms = std::max(options_.overlap_ms, kMinute);
}

Status JqlPoller::begin() {
  auto stored = store_.load();
  if (!stored) return stored.error();
  // Taken before the query runs: whatever changes from here on is the next poll's.
  next_watermark_ = clock_.now_ms();
  const int64_t from = stored->value_or(next_watermark_ - options_.initial_lookback_ms);
  const int64_t since = from - options_.overlap_ms;
  jql_ = options_.jql.empty() ? jql_updated_since(since, options_.utc_offset_minutes)
                              : "(" + options_.jql + ") AND " + jql_updated_since(since, options_.utc_offset_minutes);
  jql_ += " ORDER BY key ASC";
  SearchRequest request;
  request.jql = jql_;
  request.fields = options_.fields;
  if (std::find(request.fields.begin(), request.fields.end(), "updated") == request.fields.end()) {
    request.fields.push_back("updated");
  }
  pager_.emplace(client_, std::move(request));
  pages_fetched_ = pages_confirmed_ = 0;
  last_fetched_ = false;
  offered_.clear();
  return ok_status();
}

Result<PollPage> JqlPoller::next_page() {
  if (!pager_) return make_error("poll: next_page() before begin()", ErrorKind::Usage);
  if (last_fetched_) return make_error("poll: every page was fetched; confirm the last one", ErrorKind::Usage);
  auto page = pager_->next();
  if (!page) {
    pager_.reset();  // a failed poll is started again from the stored watermark
    return page.error();
  }
  PollPage out;
  out.number = ++pages_fetched_;
  out.last = page->last;
  last_fetched_ = page->last;
  for (Json& issue : page->issues) {
    PollHit hit;
    hit.key = text_at(issue, "key").value_or("");
    hit.id = text_at(issue, "id").value_or("");
    const std::string updated = text_at(member_or_null(issue, "fields"), "updated").value_or("");
    hit.updated_ms = datetime::parse_datetime(updated).value_or(0);
    if (hit.key.empty()) continue;
    auto seen = reported_.find(hit.key);
    if (seen != reported_.end() && hit.updated_ms <= seen->second) continue;  // came twice
    auto offered = offered_.find(hit.key);
    if (offered != offered_.end() && hit.updated_ms <= offered->second) continue;  // twice in this poll
    offered_[hit.key] = hit.updated_ms;
    hit.issue = std::move(issue);
    out.hits.push_back(std::move(hit));
  }
  return out;
}

Status JqlPoller::confirm(const PollPage& page) {
  if (!pager_) return make_error("poll: confirm() without a poll", ErrorKind::Usage);
  if (page.number != pages_confirmed_ + 1) {
    return make_error("poll: pages must be confirmed in order (expected page " + std::to_string(pages_confirmed_ + 1) +
                          ", got " + std::to_string(page.number) + ")",
                      ErrorKind::Usage);
  }
  ++pages_confirmed_;
  // Reported only once processed: an unconfirmed page is offered again by the next poll.
  for (const PollHit& hit : page.hits) {
    int64_t& newest = reported_[hit.key];
    newest = std::max(newest, hit.updated_ms);
  }
  if (!page.last) return ok_status();
  if (auto stored = store_.store(next_watermark_); !stored) return stored.error();
  pager_.reset();
  forget_old(next_watermark_ - options_.overlap_ms - kMinute);
  return ok_status();
}

void JqlPoller::forget_old(int64_t before_ms) {
  // Changes older than the next poll's reach cannot come again; keep the dedupe set small.
  for (auto it = reported_.begin(); it != reported_.end();) {
    it = it->second < before_ms ? reported_.erase(it) : std::next(it);
  }
}

}  // namespace twinsync::jira
