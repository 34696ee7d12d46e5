// store.h — the tracker's SQLite store: every read and write of tracker data goes through here,
// with the statements of store_sql.def prepared once. Not thread-safe: the tracker serialises
// access with one mutex (TrackerState::mu).
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "runtime/sqlite/rows.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/tracker/catalog.h"
#include "runtime/tracker/model.h"

namespace twinsync::tracker {

enum class Sql : int {
#define SQL(name, text) name,
#include "runtime/tracker/store_sql.def"
#undef SQL
  count_
};

/// The SQL text of a statement (for its query plan in tests).
const char* sql_text(Sql s);

class Store {
 public:
  /// Opens (creating when missing) and migrates; refuses non-databases and newer schemas.
  static Result<std::unique_ptr<Store>> open(const std::string& path);

  Result<sqlite::Transaction> begin() { return db_.begin(); }

  Result<std::optional<std::string>> setting(const std::string& key);
  Status put_setting(const std::string& key, const std::string& value);

  Status insert_user(const User& u);
  Status insert_token(const std::string& account_id, const std::string& kind, const std::string& hash,
                      const std::string& label, std::int64_t now);
  /// (account id, kind) of the token with this hash.
  Result<std::optional<std::pair<std::string, std::string>>> find_token(const std::string& hash);

  Result<Catalog> load_catalog();
  Result<Id> insert_project(const Project& p);
  Status insert_issue_type(const IssueType& t);
  Status insert_status(const IssueStatus& s);
  Status insert_transition(const Transition& t);
  Status insert_priority(const Priority& p);
  Status insert_resolution(const Resolution& r);
  /// Inserts the field and its options (their ids are assigned by the store).
  Status insert_custom_field(const CustomField& f);
  Result<Id> insert_component(const Component& c);
  Result<Id> insert_version(const Version& v);
  Status insert_link_type(const LinkType& t);

  Result<Id> take_issue_number(Id project_id);
  Result<Id> insert_issue(const Issue& issue);
  Status update_issue(const Issue& issue);
  Status delete_issue(Id id);
  Result<std::optional<Issue>> issue_by_id(Id id);
  Result<std::optional<Issue>> issue_by_key(const std::string& key);
  Result<std::vector<Issue>> all_issues();
  /// Id and `updated` of every issue, without their fields (what a search checks its cache by).
  Result<std::vector<IssueVersion>> issue_versions();
  Result<std::vector<Issue>> subtasks_of(Id parent_id);

  Result<Id> insert_comment(const Comment& c);
  Status update_comment(const Comment& c);
  Status delete_comment(Id id);
  Result<std::vector<Comment>> comments_of(Id issue_id);
  Result<std::optional<Comment>> comment(Id id);

  Result<Id> insert_attachment(const Attachment& a, std::string_view content);
  Result<std::vector<Attachment>> attachments_of(Id issue_id);
  Result<std::optional<Attachment>> attachment(Id id);
  Result<std::string> attachment_content(Id id);
  Status delete_attachment(Id id);

  Result<Id> insert_changelog(const ChangelogEntry& e);
  Result<std::vector<ChangelogEntry>> changelog_of(Id issue_id);

  Result<Id> insert_link(const IssueLink& l);
  Result<std::vector<IssueLink>> links_of(Id issue_id);
  Result<std::optional<IssueLink>> link(Id id);
  Status delete_link(Id id);

  Result<Id> insert_remote_link(const RemoteLink& l);
  Status update_remote_link(const RemoteLink& l);
  Result<std::vector<RemoteLink>> remote_links_of(Id issue_id);
  Status delete_remote_link(Id id);

  Result<Id> insert_webhook(const Webhook& w);
  Result<std::vector<Webhook>> webhooks();
  Status delete_webhook(Id id);
  Status refresh_webhook(Id id, std::int64_t expires);

  Status insert_delivery(Id webhook_id, Id issue_id, const std::string& identifier,
                         const std::string& payload, std::int64_t now);
  Result<std::vector<Delivery>> due_deliveries(std::int64_t now, int limit);
  Result<std::optional<std::int64_t>> next_delivery_time();
  Status finish_delivery(Id id, const std::string& state, const std::string& error);
  Status retry_delivery(Id id, std::int64_t next_attempt, const std::string& error);
  Result<std::vector<Delivery>> recent_deliveries(int limit);
  Status prune_deliveries(int keep);

 private:
  explicit Store(sqlite::Database db) : db_(std::move(db)) {}

  template <typename... A>
  sqlite::Statement& prep(Sql s, const A&... args) {
    sqlite::Statement& st = stmts_[static_cast<size_t>(s)];
    st.reset();
    int i = 1;
    (st.bind(i++, args), ...);
    return st;
  }
  template <typename... A>
  Status exec(Sql s, const A&... args) {
    return prep(s, args...).run();
  }
  template <typename... A>
  Result<Id> insert(Sql s, const A&... args) {
    if (Status st = exec(s, args...); !st) return st.error();
    return db_.last_insert_rowid();
  }
  template <typename T, typename Map, typename... A>
  Result<std::vector<T>> rows(Sql s, Map map, const A&... args) {
    std::vector<T> out;
    Status ok = sqlite::each_row(prep(s, args...), [&](sqlite::Statement& st) { out.push_back(map(st)); });
    if (!ok) return ok.error();
    return out;
  }
  template <typename T, typename Map, typename... A>
  Result<std::optional<T>> row(Sql s, Map map, const A&... args) {
    auto all = rows<T>(s, map, args...);
    if (!all) return all.error();
    if (all->empty()) return std::optional<T>();
    return std::optional<T>(std::move(all->front()));
  }

  sqlite::Database db_;
  std::array<sqlite::Statement, static_cast<size_t>(Sql::count_)> stmts_;
};

}  // namespace twinsync::tracker
