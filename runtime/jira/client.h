// client.h — the Jira connector's client: every REST operation the sync needs, over the abstract
// net::HttpClient, speaking Cloud or Data Center, REST v2 or v3, with the transport's retries,
// budget and redacted errors. Operations return Result values; nothing throws.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "compiler/jql/jql_lookups.h"
#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/changelog.h"
#include "runtime/jira/clock.h"
#include "runtime/jira/config.h"
#include "runtime/jira/dialect.h"
#include "runtime/jira/field_catalog.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/issue_encode.h"
#include "runtime/jira/search.h"
#include "runtime/jira/transitions.h"
#include "runtime/jira/transport.h"

namespace twinsync::jira {

struct ServerInfo {
  std::string base_url;
  std::string version;          // "9.12.2", "1001.0.0-SNAPSHOT"
  std::string deployment_type;  // "Cloud", "Server", "DataCenter" (empty on old servers)
  Flavour flavour = Flavour::DataCenter;
  int64_t server_time_ms = 0;
  int utc_offset_minutes = 0;   // of serverTime: Data Center's default time zone for JQL dates
};

/// A created issue.
struct IssueRef {
  std::string id;
  std::string key;
};

struct GetIssueOptions {
  std::vector<std::string> fields = {"*all"};
  bool changelog = false;       // expand=changelog
  bool rendered = false;        // expand=renderedFields
};

/// A field on the create screen of a project and issue type (createmeta).
struct FieldMeta {
  std::string id;
  std::string name;
  bool required = false;
  bool has_default = false;
  FieldKind kind = FieldKind::Unknown;
  std::vector<std::string> allowed;
};

/// The twin's sync state, shown on the issue as a remote link ("synchronized", "waiting",
/// "blocked: <reason>") so people outside the admin console see why an issue is not syncing.
struct RemoteLinkState {
  std::string global_id;  // stable per twin, e.g. "twinsync:blue_to_green:GR-12"; the link is upserted by it
  std::string url;        // the remote issue
  std::string title;      // "GR-12"
  std::string state;      // "synchronized", "waiting", "blocked"
  std::string reason;     // shown with a blocked state
  std::string relationship = "synchronized with";
};

/// What a status change needs to know of an issue: where it is and whose workflow it follows.
struct IssueFacts {
  std::string status;
  std::string project;  // key
  std::string type;     // issue type name
};

/// What the connector learns of the tracker's workflows (the transitions each status offers,
/// the statuses each workflow has). Shared by the clients of one tracker, so that a pool of
/// connections learns a workflow once.
class WorkflowKnowledge {
 public:
  WorkflowMap map(const std::string& workflow);
  void learn(const std::string& workflow, const std::string& status, const std::vector<Transition>& offered);
  std::optional<std::vector<std::string>> statuses(const std::string& workflow);
  void set_statuses(const std::string& workflow, std::vector<std::string> statuses);

 private:
  std::mutex mu_;
  std::map<std::string, WorkflowMap> maps_;                    // by "project/issuetype"
  std::map<std::string, std::vector<std::string>> statuses_;  // same key
};

/// What apply() did.
struct ApplyReport {
  std::vector<std::string> transitions;  // labels of the transitions taken, in order
  bool edited = false;                   // one PUT with the remaining fields
  int64_t requests = 0;                  // API calls this apply cost
};

class JiraClient {
 public:
  /// `http` is bound to the tracker's endpoint (which adds the base path to every target).
  JiraClient(net::HttpClient& http, JiraConfig config, Clock& clock = system_clock());
  JiraClient(const JiraClient&) = delete;
  JiraClient& operator=(const JiraClient&) = delete;

  /// Checks the configuration, detects Cloud or Data Center through serverInfo when asked to,
  /// picks the API version and loads the field catalog. Call once before the operations.
  Status connect();
  /// Connects as `other` did, without asking the tracker again: its flavour, API version and
  /// field catalog, and the workflow knowledge shared from then on (a pool's further clients).
  void connect_like(const JiraClient& other);
  const Dialect& dialect() const { return dialect_; }
  const FieldCatalog& catalog() const { return catalog_; }
  /// Replace the catalog (tests, or a catalog kept by the caller).
  void set_catalog(FieldCatalog catalog) { catalog_ = std::move(catalog); }
  void set_dialect(Dialect dialect) { dialect_ = dialect; }
  const JiraConfig& config() const { return config_; }
  Transport& transport() { return transport_; }
  int64_t requests_sent() const { return transport_.requests_sent(); }

  // --- server and schema
  Result<ServerInfo> server_info();
  /// The connector's own user (a user record): its writes are recognised by this author.
  Result<Value> myself();
  /// GET field, kept as catalog().
  Result<FieldCatalog> load_fields();
  /// Fields of the create screen (createmeta), for required-field checks before the first sync.
  Result<std::vector<FieldMeta>> create_fields(const std::string& project, const std::string& issue_type);
  /// Required fields without default that `changes` does not set: what a create would miss.
  Result<std::vector<FieldMeta>> missing_required(const std::string& project, const std::string& issue_type,
                                                  const WantedChanges& changes);

  // --- issues
  Result<Json> get_issue_json(const std::string& key, const GetIssueOptions& options = {});
  Result<DecodedIssue> get_issue(const std::string& key, const GetIssueOptions& options = {});
  /// POST issue, not retried on an unknown outcome: see create_issue_once.
  Result<IssueRef> create_issue(const WantedChanges& changes);
  /// Creates an issue at most once: `marker` (the idempotency key recorded with the intent
  /// before the create) is written as a label carrying config().decode.hidden_label_prefix
  /// (added when missing), so rules never see it; when the outcome is unknown (timeout,
  /// 5xx), the tracker is searched for the marker before the create is tried again, and on a
  /// restart the half-made twin is found the same way.
  /// `look_first` false skips the search before the first attempt, for a caller that knows no
  /// earlier attempt can have landed (it looks itself when resuming one).
  Result<IssueRef> create_issue_once(const WantedChanges& changes, const std::string& marker, bool look_first = true);
  /// The issue carrying `marker`, if any.
  Result<std::optional<IssueRef>> find_by_marker(const std::string& marker);
  /// Takes the marker label off once the caller recorded the key: it only guarded the create.
  /// Removes a create's marker label; `comments` (each {"add": {"body", "visibility"?}}) are added
  /// in the same edit. With comments the edit is not repeated once it may have landed. With
  /// `return_issue`, on Jira Cloud, the answer is the issue as the edit left it (`returnIssue`,
  /// in Get issue's format); null where the tracker answers without it (Data Center).
  Result<Json> remove_marker(const std::string& key, const std::string& marker, const Json& comments = Json(),
                             bool return_issue = false);
  /// ONE PUT with every field change (notifyUsers=false unless configured otherwise).
  Status edit_issue(const std::string& key, const WantedChanges& changes);
  Status delete_issue(const std::string& key);
  /// Status through transitions (with the fields their screens need taken from `changes`),
  /// then the remaining fields in one edit.
  /// `known`: the issue's facts as the caller just read them, so the walk needs no read first.
  Result<ApplyReport> apply(const std::string& key, WantedChanges changes, const IssueFacts* known = nullptr);

  // --- search
  /// A pager over all results (Cloud: POST search/jql with nextPageToken; Data Center: POST
  /// search with startAt/maxResults).
  SearchPager search(SearchRequest request);
  /// Every result of a search, all pages.
  Result<std::vector<Json>> search_all(SearchRequest request);
  /// The answer to a JQL function that needs the tracker's data (user identities, version names
  /// or issue keys): client_lookup.cpp.
  Result<std::vector<std::string>> jql_lookup(jql::Lookup which, const std::vector<std::string>& args);

  // --- comments
  Result<Value> add_comment(const std::string& key, std::string_view body, const Value& visibility = Value(),
                            bool internal = false);
  Result<Value> update_comment(const std::string& key, const std::string& comment_id, std::string_view body,
                               const Value& visibility = Value(), bool internal = false);
  Status delete_comment(const std::string& key, const std::string& comment_id);
  /// All comments of an issue (every page).
  Result<Value> comments(const std::string& key);
  /// Decodes an issue read with its comments (GET issue, a search page, an edit's returnIssue);
  /// when its `comment` field is one page of a longer list (comments_cut_short), the list is
  /// read whole from the comment resource.
  Result<DecodedIssue> decode_whole_issue(const Json& issue);

  // --- workflow
  Result<std::vector<Transition>> transitions(const std::string& key);
  Status do_transition(const std::string& key, const std::string& transition_id, const Json& fields = Json::object(),
                       std::string_view comment = {});
  /// Moves the issue to `target` along a path found through the workflow (bounded by
  /// config().max_transition_steps). Fields the transition screens need are taken from
  /// `changes` and dropped from it. Fails with kind "workflow", naming the current status, the
  /// target and the transitions offered, when no path exists.
  /// `known` as in apply(); without it (or with no status in it) the issue is read first.
  Result<std::vector<std::string>> move_to_status(const std::string& key, const std::string& target,
                                                  WantedChanges& changes, const IssueFacts* known = nullptr);
  /// The issue's status, project key and type name (one GET with only those fields).
  Result<IssueFacts> issue_facts(const std::string& key);
  /// The statuses of the workflow of `project`'s issue `type` (GET project/{key}/statuses),
  /// remembered; empty when the server does not say.
  Result<std::vector<std::string>> workflow_statuses(const std::string& project, const std::string& type);

  // --- attachments
  /// The bytes of an attachment record (its content URL, or its id).
  Result<std::string> download_attachment(const Value& attachment);
  /// Uploads one file (multipart/form-data); the attachment record Jira made.
  Result<Value> upload_attachment(const std::string& key, const std::string& filename, const std::string& mime_type,
                                  const std::string& bytes);
  Status delete_attachment(const std::string& attachment_id);

  // --- history
  Result<ChangelogPage> changelog_page(const std::string& key, int64_t start_at);
  /// Every history entry of an issue, oldest first.
  Result<std::vector<ChangelogEntry>> changelog(const std::string& key);

  // --- users
  /// The user with this e-mail (Cloud: when the address is visible to the connector's user).
  Result<std::optional<Value>> find_user_by_email(const std::string& email);
  /// The user by Cloud account id, or by Data Center user name.
  Result<Value> user_by_id(const std::string& id);
  /// Fills the id this flavour writes (accountId or name) into user values of `changes` that
  /// only carry an e-mail; users that cannot be found become an "unresolved_user" error.
  Status resolve_users(WantedChanges& changes);

  // --- remote links
  Status set_remote_link(const std::string& key, const RemoteLinkState& state);
  /// DELETE …/remotelink?globalId=…: the link with that global id goes (none is not an error).
  Status delete_remote_link(const std::string& key, const std::string& global_id);
  Result<Json> remote_links(const std::string& key);

 private:
  friend class SearchPager;
  std::string issue_path(const std::string& key) const;
  Result<Value> resolve_user(const Value& user);
  Result<std::vector<std::string>> group_members(const std::string& group);
  Result<std::vector<std::string>> project_versions(const std::string& project, jql::Lookup which);
  Result<std::vector<std::string>> linked_issues(const std::string& key, const std::string& description);
  Result<std::vector<std::string>> watched_issues();
  Result<std::vector<FieldMeta>> create_fields_legacy(const std::string& project, const std::string& issue_type);

  JiraConfig config_;
  Clock& clock_;
  Transport transport_;
  Dialect dialect_;
  FieldCatalog catalog_;
  bool notify_param_allowed_ = true;         // false after Jira refused notifyUsers=false
  std::shared_ptr<WorkflowKnowledge> workflows_ = std::make_shared<WorkflowKnowledge>();
  std::map<std::string, Value> users_by_email_;   // resolve_users cache
};

}  // namespace twinsync::jira
