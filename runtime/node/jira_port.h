// jira_port.h — the sync engine's TrackerPort over the Jira connector (Cloud, Data Center, or
// the embedded tracker): fields through one edit and workflow transitions, comments,
// attachments, users and issue types, and the twin's state as a remote link.
#pragma once

#include <map>
#include <memory>
#include <mutex>

#include "runtime/jira/client.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::node {

class JiraPort : public sync::TrackerPort {
 public:
  /// `client` must be connected; `remote_base_url` (optional) makes links to the remote issue.
  JiraPort(std::unique_ptr<net::HttpClient> http, std::unique_ptr<jira::JiraClient> client,
           std::string remote_base_url = "");

  Result<Value> get_issue(const std::string& key) override;
  Result<std::string> create_issue(const sync::FieldChanges& changes, const std::string& marker) override;
  Result<std::optional<std::string>> find_by_marker(const std::string& marker) override;
  Status update_issue(const std::string& key, const sync::FieldChanges& changes) override;
  Result<std::string> add_comment(const std::string& key, const std::string& body, const Value& visibility,
                                  bool internal) override;
  Status update_comment(const std::string& key, const std::string& id, const std::string& body, const Value& visibility,
                        bool internal) override;
  Status delete_comment(const std::string& key, const std::string& id) override;
  Result<std::string> download_attachment(const Value& attachment) override;
  Result<std::string> upload_attachment(const std::string& key, const std::string& filename,
                                        const std::string& mime_type, const std::string& bytes) override;
  Status delete_attachment(const std::string& id) override;
  Result<std::vector<std::string>> search_keys(const std::string& jql) override;
  Value user_by_email(const std::string& email) override;
  Value user_by_id(const std::string& id) override;
  Value local_type(const std::string& name) override;
  Status clear_marker(const std::string& key, const std::string& marker) override;
  Value sync_user() override;
  Status set_link_state(const std::string& key, const sync::LinkState& state) override;

  /// The connector itself, for setup before the node's threads start (catalog, webhook
  /// registration). It is not thread-safe: once the node runs, go through the port's methods.
  jira::JiraClient& client() { return *client_; }

 private:
  // One connector client is one connection: calls from several engine threads take turns.
  std::mutex mu_;
  std::unique_ptr<net::HttpClient> http_;
  std::unique_ptr<jira::JiraClient> client_;
  std::string remote_base_url_;
  std::optional<std::vector<std::string>> issue_types_;
  Value myself_;
};

/// A port error for the engine: transient faults get kind "transient", 404 "not_found".
Error port_error(const Error& e);

}  // namespace twinsync::node
