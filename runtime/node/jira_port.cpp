// jira_port.cpp — TrackerPort operations as Jira REST calls.
#include "runtime/node/jira_port.h"

#include "compiler/schema/shapes.h"
#include "runtime/jira/fault.h"
#include "stdlib/text/text.h"

namespace twinsync::node {
namespace {

jira::WantedChanges wanted(const sync::FieldChanges& changes) {
  jira::WantedChanges w;
  for (const auto& [s, v] : changes.fields) w.set(static_cast<IssueSlot>(s), v);
  for (const auto& [name, v] : changes.custom) w.set_custom(name, v);
  return w;
}

std::string id_of(const Value& record) {
  if (!record.is_record()) return {};
  auto s = record.shape().find("id");
  if (!s) return {};
  const Value& id = record.field(*s);
  return id.is_string() ? std::string(id.as_string()) : std::string();
}

}  // namespace

Error port_error(const Error& e) {
  if (jira::is_transient(e)) return make_error(e.message, "transient");
  if (jira::http_status_of(e) == 404) return make_error(e.message, "not_found");
  return e;
}

JiraPort::JiraPort(std::unique_ptr<net::HttpClient> http, std::unique_ptr<jira::JiraClient> client,
                   std::string remote_base_url)
    : http_(std::move(http)), client_(std::move(client)), remote_base_url_(std::move(remote_base_url)) {}

Result<Value> JiraPort::get_issue(const std::string& key) {
  std::lock_guard lock(mu_);
  auto got = client_->get_issue(key);
  if (!got) return port_error(got.error());
  return got->issue;
}

Result<std::string> JiraPort::create_issue(const sync::FieldChanges& changes, const std::string& marker) {
  std::lock_guard lock(mu_);
  // Status is not part of a create: the issue starts in its workflow's first status and moves.
  sync::FieldChanges fields = changes;
  std::optional<Value> status;
  if (auto it = fields.fields.find(slot(IssueSlot::Status)); it != fields.fields.end()) {
    status = it->second;
    fields.fields.erase(it);
  }
  auto made = client_->create_issue_once(wanted(fields), marker);
  if (!made) return port_error(made.error());
  if (status && status->is_string()) {
    jira::WantedChanges move;
    move.set(IssueSlot::Status, *status);
    if (auto ok = client_->apply(made->key, move); !ok) return port_error(ok.error());
  }
  return made->key;
}

Status JiraPort::clear_marker(const std::string& key, const std::string& marker) {
  std::lock_guard lock(mu_);
  auto ok = client_->remove_marker(key, marker);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::optional<std::string>> JiraPort::find_by_marker(const std::string& marker) {
  std::lock_guard lock(mu_);
  auto found = client_->find_by_marker(marker);
  if (!found) return port_error(found.error());
  if (!*found) return std::optional<std::string>();
  return std::optional<std::string>((*found)->key);
}

Status JiraPort::update_issue(const std::string& key, const sync::FieldChanges& changes) {
  std::lock_guard lock(mu_);
  auto ok = client_->apply(key, wanted(changes));
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::string> JiraPort::add_comment(const std::string& key, const std::string& body, const Value& visibility,
                                          bool internal) {
  std::lock_guard lock(mu_);
  auto made = client_->add_comment(key, body, visibility, internal);
  if (!made) return port_error(made.error());
  return id_of(*made);
}

Status JiraPort::update_comment(const std::string& key, const std::string& id, const std::string& body,
                                const Value& visibility, bool internal) {
  std::lock_guard lock(mu_);
  auto ok = client_->update_comment(key, id, body, visibility, internal);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Status JiraPort::delete_comment(const std::string& key, const std::string& id) {
  std::lock_guard lock(mu_);
  auto ok = client_->delete_comment(key, id);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::string> JiraPort::download_attachment(const Value& attachment) {
  std::lock_guard lock(mu_);
  auto bytes = client_->download_attachment(attachment);
  if (!bytes) return port_error(bytes.error());
  return bytes;
}

Result<std::string> JiraPort::upload_attachment(const std::string& key, const std::string& filename,
                                                const std::string& mime_type, const std::string& bytes) {
  std::lock_guard lock(mu_);
  auto made = client_->upload_attachment(key, filename, mime_type.empty() ? "application/octet-stream" : mime_type, bytes);
  if (!made) return port_error(made.error());
  return id_of(*made);
}

Status JiraPort::delete_attachment(const std::string& id) {
  std::lock_guard lock(mu_);
  auto ok = client_->delete_attachment(id);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::vector<std::string>> JiraPort::search_keys(const std::string& jql) {
  std::lock_guard lock(mu_);
  jira::SearchRequest request;
  request.jql = jql;
  request.fields = {"key"};
  auto all = client_->search_all(request);
  if (!all) return port_error(all.error());
  std::vector<std::string> keys;
  for (const auto& issue : *all) {
    if (issue.is_object() && issue.contains("key") && issue["key"].is_string()) keys.push_back(issue["key"]);
  }
  return keys;
}

Value JiraPort::user_by_email(const std::string& email) {
  std::lock_guard lock(mu_);
  auto found = client_->find_user_by_email(email);
  if (!found || !*found) return {};
  return **found;
}

Value JiraPort::user_by_id(const std::string& id) {
  std::lock_guard lock(mu_);
  auto found = client_->user_by_id(id);
  return found ? *found : Value();
}

Value JiraPort::local_type(const std::string& name) {
  std::lock_guard lock(mu_);
  if (!issue_types_) {
    auto types = client_->transport().get(client_->dialect().api_root() + "/issuetype");
    if (!types || !types->is_array()) return Value::string(name);  // cannot tell: take the name as it is
    issue_types_.emplace();
    for (const auto& t : *types) {
      if (t.is_object() && t.contains("name") && t["name"].is_string()) issue_types_->push_back(t["name"]);
    }
  }
  for (const std::string& t : *issue_types_) {
    if (text::equals_ignore_case(t, name)) return Value::string(t);
  }
  return {};
}

Value JiraPort::sync_user() {
  std::lock_guard lock(mu_);
  if (myself_.is_null()) {
    auto me = client_->myself();
    if (me) myself_ = *me;
  }
  return myself_;
}

Status JiraPort::set_link_state(const std::string& key, const sync::LinkState& state) {
  std::lock_guard lock(mu_);
  jira::RemoteLinkState link;
  link.global_id = "twinsync:" + state.connection + ":" + state.remote_key;
  link.url = remote_base_url_.empty() ? "twinsync:" + state.remote_key : remote_base_url_ + "/browse/" + state.remote_key;
  link.title = state.remote_key.empty() ? "twin" : state.remote_key;
  link.state = state.state;
  link.reason = state.reason;
  auto ok = client_->set_remote_link(key, link);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

}  // namespace twinsync::node
