// tracker_port.h — what the sync engine needs from the tracker it serves. The Jira connector
// implements it (runtime/node/jira_port); any tracker kind can, behind the same engine.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"

namespace twinsync::sync {

/// Field values to write on one issue: standard slots and custom fields by name. Status is
/// reached through the workflow; comments and attachments are separate item operations.
struct FieldChanges {
  std::map<uint32_t, Value> fields;  // IssueSlot -> value
  std::map<std::string, Value> custom;
  /// The issue as the engine read it just before (null: not known). Not written: it tells the
  /// tracker what it need not read again (where the issue is in its workflow).
  Value current;
  bool empty() const { return fields.empty() && custom.empty(); }
};

/// The sync's state shown on the issue itself (a remote link), so people see why it does not sync.
struct LinkState {
  std::string connection;
  std::string remote_key;
  std::string state;   // waiting for remote | synchronized | blocked | unexalated
  std::string reason;
  std::string url;     // opens the twin on the other tracker ("" when the node was not told how)
};

/// Errors of a port are permanent (a person has to fix something) unless their kind is
/// "transient" (network, timeout, rate limit, server error): those are retried with back-off.
inline bool is_transient(const Error& e) { return e.kind == ErrorKind::Transient; }

class TrackerPort {
 public:
  virtual ~TrackerPort() = default;

  /// The issue as a record of issue_shape(), comments and attachments included.
  virtual Result<Value> get_issue(const std::string& key) = 0;
  /// Creates an issue at most once per marker; returns its key.
  virtual Result<std::string> create_issue(const FieldChanges& changes, const std::string& marker) = 0;
  /// The key of the issue a create with `marker` made, if it did.
  virtual Result<std::optional<std::string>> find_by_marker(const std::string& marker) = 0;
  /// Writes fields (status through transitions) in as few requests as the tracker allows.
  virtual Status update_issue(const std::string& key, const FieldChanges& changes) = 0;

  virtual Result<std::string> add_comment(const std::string& key, const std::string& body, const Value& visibility,
                                          bool internal) = 0;
  virtual Status update_comment(const std::string& key, const std::string& id, const std::string& body,
                                const Value& visibility, bool internal) = 0;
  virtual Status delete_comment(const std::string& key, const std::string& id) = 0;
  virtual Result<std::string> download_attachment(const Value& attachment) = 0;
  virtual Result<std::string> upload_attachment(const std::string& key, const std::string& filename,
                                                const std::string& mime_type, const std::string& bytes) = 0;
  virtual Status delete_attachment(const std::string& id) = 0;

  /// Several issues at once, as get_issue gives each (bulk sync reads its groups so); issues
  /// that are gone are left out. A tracker that cannot do better reads them one by one.
  virtual Result<std::vector<Value>> get_issues(const std::vector<std::string>& keys) {
    std::vector<Value> issues;
    for (const std::string& key : keys) {
      auto issue = get_issue(key);
      if (!issue) {
        if (issue.error().kind == ErrorKind::NotFound) continue;
        return issue.error();
      }
      issues.push_back(std::move(*issue));
    }
    return issues;
  }
  /// Keys of the issues a JQL filter matches now (bulk sync).
  virtual Result<std::vector<std::string>> search_keys(const std::string& jql) = 0;

  virtual Value user_by_email(const std::string&) { return {}; }
  virtual Value user_by_id(const std::string&) { return {}; }
  /// The tracker's spelling of an issue type, or null when it has none of that name.
  virtual Value local_type(const std::string& name) { return Value::string(name); }
  /// The account the sync writes as: its writes are recognised by this author.
  virtual Value sync_user() { return {}; }
  /// A trigger JQL function's answer from the tracker's data (compiler/jql/jql_lookups.def): a
  /// list of texts, or an error (transient ones retry the change that asked).
  virtual Result<Value> jql_lookup(const std::string& function, const std::vector<std::string>&) {
    return make_error("this tracker cannot answer " + function + "()", ErrorKind::BadRequest);
  }
  /// `value` of standard field `slot` as the tracker will give it back once written (rich text
  /// normalised): what the three-way compare needs, or a field would be written again and again.
  virtual Value stored_form(uint32_t slot, const Value& value) {
    (void)slot;
    return value;
  }
  /// Removes the marker a create left on the issue (once its key is recorded); best effort.
  virtual Status clear_marker(const std::string& key, const std::string& marker) {
    (void)key, (void)marker;
    return ok_status();
  }
  /// Removes the marker and adds comments in one edit (Jira's `update.comment` `add`), where the
  /// tracker takes that. `written` false: nothing was written (the tracker or its edit screen
  /// does not take comments so), and the caller adds them one by one. `issue`: the whole issue
  /// as the edit left it, comments and their ids included, when the tracker answered with it
  /// (Jira Cloud); null when the caller must read it.
  struct NewComment {
    std::string body;
    Value visibility;
  };
  struct MarkerEdit {
    bool written = false;
    Value issue;
  };
  virtual Result<MarkerEdit> clear_marker_adding_comments(const std::string& key, const std::string& marker,
                                                          const std::vector<NewComment>& comments) {
    (void)key, (void)marker, (void)comments;
    return MarkerEdit{};
  }
  virtual Status set_link_state(const std::string& key, const LinkState& state) {
    (void)key, (void)state;
    return ok_status();
  }
  /// Removes the link set_link_state wrote for (`connection`, `remote_key`), if there is one: the
  /// "waiting for remote" link (no remote key yet) once the twin has its key and a link of its own.
  virtual Status remove_link_state(const std::string& key, const std::string& connection,
                                   const std::string& remote_key) {
    (void)key, (void)connection, (void)remote_key;
    return ok_status();
  }
};

}  // namespace twinsync::sync
