// state.h — what every part of a running tracker shares: options, the store, the catalog and
// the JQL engine behind one mutex, the base URL for `self` links, the rate limiter, the webhook
// wake-up.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "runtime/tracker/catalog.h"
#include "runtime/tracker/fields.h"
#include "runtime/tracker/jql_engine.h"
#include "runtime/tracker/rate_limit.h"
#include "runtime/tracker/store.h"

namespace twinsync::tracker {

/// One request the tracker answered, as a bench or test counts it: which route (the pattern,
/// "/rest/api/{v}/issue/{key}"), for whom, with what status. Never bodies or credentials.
struct RequestNote {
  std::string method, route, account;  // account: the authenticated user's name ("" if none)
  int status = 0;
};

struct TrackerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0: any free port
  std::string db_path;     // ":memory:" for a throw-away tracker
  bool seed_sample = true; // seed the sample project and admin into an empty store
  std::string base_url;    // for `self` links; default http://HOST:PORT
  std::string project_key = "DEMO";
  std::string project_name = "Demo Project";
  std::string admin_email = "admin@example.com";
  std::string admin_token;  // the admin's API token when seeding; random when empty
  double rate_limit = 0;    // requests per second, 0 = unlimited
  std::size_t max_attachment_bytes = 10 * 1024 * 1024;
  /// At most this many comments in an issue's `comment` field (GET issue, search, an edit's
  /// returnIssue), the rest counted in its `total` only, as Jira Cloud cuts the list short; the
  /// comment resource pages through all of them. 0: every comment, as Data Center sends them.
  std::int64_t issue_comment_page = 0;
  // Handlers hold `mu` from start to end, so a second worker only waits on the lock: measured
  // on 2 cores, one worker serves about 25% more GETs and creates per second than two.
  int worker_threads = 1;
  std::chrono::milliseconds webhook_retry_base{500};
  int webhook_max_attempts = 6;
  std::chrono::milliseconds webhook_timeout{5000};
  /// Server-style webhooks for every issue and comment event, registered at start.
  std::vector<std::string> webhook_urls;
  /// Users made at start when missing: "name:email[:api-token]".
  std::vector<std::string> users;
  /// Groups beyond Jira's default ones (every user is in jira-users): "name:user,user" (users by
  /// name, e-mail or account id). For membersOf() and /group/member.
  std::vector<std::string> groups;
  /// Projects made at start when missing: "KEY[:Name]", led by the admin.
  std::vector<std::string> projects;
  /// Issue types made at start when missing, beyond Jira's five: "Name".
  std::vector<std::string> issue_types;
  /// Custom fields made at start when missing: "Name:kind" or "Name:select:One|Two|Three"
  /// (kinds: text, textarea, number, url, select, multiselect, date, user, labels).
  std::vector<std::string> custom_fields;
  /// A new store's names for the workflow's four statuses (To Do, In Progress, In Review, Done)
  /// and the five priorities (Highest … Lowest), for a site that words them otherwise, e.g. an
  /// older Jira Server with Open/Resolved/Closed and Blocker … Trivial. Empty: Jira Cloud's.
  std::vector<std::string> status_names, priority_names;
  /// One stderr line per request: method, path, status, time. Never headers or bodies.
  bool log_requests = false;
  /// Called for every request a route answered (from the server's worker threads).
  std::function<void(const RequestNote&)> observe;
};

struct TrackerState {
  TrackerOptions opt;
  std::string base_url;
  std::mutex mu;  // guards store, catalog and jql
  std::unique_ptr<Store> store;
  Catalog catalog;
  std::vector<FieldInfo> fields;  // field_catalog(catalog), kept: every render walks it
  JqlEngine jql;  // compiled queries and issue records; cleared when the catalog is reloaded
  RateLimiter limiter;
  std::function<void()> wake_webhooks = [] {};

  /// Re-reads the configuration after an admin change (caller holds mu).
  void reload_catalog();
};

}  // namespace twinsync::tracker
