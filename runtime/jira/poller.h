// poller.h — change detection by JQL polling, the safety net under webhooks. The rules that
// keep it from losing changes:
//   - the next watermark is the time taken BEFORE the poll starts, so changes made while the
//     poll runs are caught by the next one;
//   - each poll reaches back by an overlap of at least a minute (JQL dates have minute
//     resolution and Cloud's search lags writes), and what comes twice (same key and
//     `updated`) is reported once;
//   - the watermark is stored only after the caller confirmed every page of the poll: a crash
//     mid-poll repeats the poll instead of skipping what was not processed.
// Pages are ordered by key, which updates do not change, so paging is not thrown off by issues
// that are edited while the poll runs.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/jira/clock.h"
#include "runtime/jira/json_util.h"
#include "runtime/jira/search.h"

namespace twinsync::jira {

class JiraClient;

/// Where a poller keeps its watermark between runs (the sync store implements it).
class WatermarkStore {
 public:
  virtual ~WatermarkStore() = default;
  /// The stored watermark (ms since the epoch), nullopt before the first completed poll.
  virtual Result<std::optional<int64_t>> load() = 0;
  virtual Status store(int64_t watermark_ms) = 0;
};

struct PollOptions {
  std::string jql;                          // the connection's filter; empty: every issue
  int64_t overlap_ms = 120'000;             // raised to 60 s when set lower
  int64_t initial_lookback_ms = 0;          // first poll without a watermark: how far back to look
  int utc_offset_minutes = 0;               // time zone Jira reads JQL dates in (the API user's)
  std::vector<std::string> fields = {"updated"};  // hits name the issue; read it before acting
};

struct PollHit {
  std::string key;
  std::string id;
  int64_t updated_ms = 0;
  Json issue;  // as the search returned it (only the requested fields)
};

struct PollPage {
  std::vector<PollHit> hits;  // changes not reported before
  bool last = true;
  int number = 0;             // 1-based within the poll; confirm pages in order
};

class JqlPoller {
 public:
  JqlPoller(JiraClient& client, WatermarkStore& store, PollOptions options, Clock& clock);

  /// Starts a poll: reads the stored watermark and takes the next one (now) before querying.
  Status begin();
  bool active() const { return pager_.has_value(); }
  /// The next page of the poll started by begin().
  Result<PollPage> next_page();
  /// The caller has processed `page`. Confirming the last page stores the new watermark.
  Status confirm(const PollPage& page);
  /// The JQL of the current poll (for logs and tests).
  const std::string& jql() const { return jql_; }

 private:
  void forget_old(int64_t before_ms);

  JiraClient& client_;
  WatermarkStore& store_;
  PollOptions options_;
  Clock& clock_;
  std::optional<SearchPager> pager_;
  std::string jql_;
  int64_t next_watermark_ = 0;
  int pages_fetched_ = 0;
  int pages_confirmed_ = 0;
  bool last_fetched_ = false;
  std::map<std::string, int64_t> reported_;  // key -> newest `updated` confirmed
  std::map<std::string, int64_t> offered_;   // key -> newest `updated` offered in this poll
};

/// `updated >= "2024/01/31 09:15"` for the given instant, in the zone JQL reads dates in.
std::string jql_updated_since(int64_t since_ms, int utc_offset_minutes);

}  // namespace twinsync::jira
