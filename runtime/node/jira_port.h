// jira_port.h — the sync engine's TrackerPort over the Jira connector (Cloud, Data Center, or
// the embedded tracker): fields through one edit and workflow transitions, comments,
// attachments, users and issue types, and the twin's state as a remote link.
#pragma once

#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "runtime/jira/client.h"
#include "runtime/node/lookup_cache.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::node {

class JiraPort : public sync::TrackerPort {
 public:
  /// One connection to the tracker: a connector client is not thread-safe, so each call takes
  /// a connection of its own from the port's pool.
  struct Connection {
    std::unique_ptr<net::HttpClient> http;
    std::unique_ptr<jira::JiraClient> client;
  };
  using ConnectionFactory = std::function<Result<Connection>()>;

  /// `client` must be connected; `remote_base_url` (optional) makes links to the remote issue.
  /// With `more`, up to `max_connections` calls run at once, each on a connection of its own
  /// (made when first needed); without, calls take turns on the one.
  JiraPort(std::unique_ptr<net::HttpClient> http, std::unique_ptr<jira::JiraClient> client,
           std::string remote_base_url = "", ConnectionFactory more = {}, size_t max_connections = 1);

  Result<Value> get_issue(const std::string& key) override;
  Result<std::string> create_issue(const sync::FieldChanges& changes, const std::string& marker) override;
  Result<MarkerEdit> clear_marker_adding_comments(const std::string& key, const std::string& marker,
                                                  const std::vector<NewComment>& comments) override;
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
  /// The node's own account if it is known already, else null; never asks the tracker (for
  /// the webhook path, which runs on the HTTP server's I/O thread).
  Value known_sync_user() const;
  Result<std::vector<Value>> get_issues(const std::vector<std::string>& keys) override;
  Value stored_form(uint32_t slot, const Value& value) override;
  Status set_link_state(const std::string& key, const sync::LinkState& state) override;
  Status remove_link_state(const std::string& key, const std::string& connection, const std::string& remote_key) override;
  Result<Value> jql_lookup(const std::string& function, const std::vector<std::string>& args) override;

  /// The first connection's client, for setup before the node's threads start (webhook
  /// registration). Once the node runs only its catalog, settled at connect, is read through it
  /// (rules, webhook notices); requests go through the port's methods.
  jira::JiraClient& client() { return *first_; }

 private:
  // A connection lent to one call; it goes back to the pool when the call ends.
  class Lease {
   public:
    Lease(JiraPort& port, Connection* c) : port_(port), c_(c) {}
    ~Lease() { port_.release(c_); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    jira::JiraClient* operator->() const { return c_->client.get(); }

   private:
    JiraPort& port_;
    Connection* c_;
  };
  Lease acquire();
  void release(Connection* c);

  std::mutex mu_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<Connection>> pool_;  // every connection made; pool_[0] the first
  std::vector<Connection*> idle_;
  size_t making_ = 0;  // connections being made outside the lock
  ConnectionFactory more_;
  size_t max_connections_;
  std::string remote_base_url_;
  jira::Dialect dialect_;  // settled at connect, the same for every connection of the pool
  jira::JiraClient* first_ = nullptr;  // pool_[0]'s client: read without mu_, which guards pool_ as it grows
  std::mutex cache_mu_;      // issue_types_
  std::optional<std::vector<std::string>> issue_types_;
  mutable std::mutex myself_mu_;  // held for a copy only, never across a request
  Value myself_;
  LookupCache lookups_;
};

/// A port error for the engine: transient faults get kind "transient", 404 "not_found".
Error port_error(const Error& e);

}  // namespace twinsync::node
