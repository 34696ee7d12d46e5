// jira_port.cpp — TrackerPort operations as Jira REST calls.
#include "runtime/node/jira_port.h"

#include <algorithm>

#include "compiler/schema/shapes.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/issue_encode.h"
#include "runtime/sync/issue_key.h"
#include "stdlib/text/text.h"

namespace twinsync::node {
namespace {

jira::WantedChanges wanted(const sync::FieldChanges& changes) {
  jira::WantedChanges w;
  for (const auto& [s, v] : changes.fields) w.set(static_cast<IssueSlot>(s), v);
  for (const auto& [name, v] : changes.custom) w.set_custom(name, v);
  return w;
}

std::string text_of(const Value& v) { return v.is_string() ? std::string(v.as_string()) : std::string(); }

std::string id_of(const Value& record) {
  if (!record.is_record()) return {};
  auto s = record.shape().find("id");
  if (!s) return {};
  const Value& id = record.field(*s);
  return id.is_string() ? std::string(id.as_string()) : std::string();
}

}  // namespace

Error port_error(const Error& e) {
  if (jira::is_transient(e)) return make_error(e.message, ErrorKind::Transient);
  if (jira::http_status_of(e) == 404) return make_error(e.message, ErrorKind::NotFound);
  return e;
}

JiraPort::JiraPort(std::unique_ptr<net::HttpClient> http, std::unique_ptr<jira::JiraClient> client,
                   std::string remote_base_url, ConnectionFactory more, size_t max_connections)
    : more_(std::move(more)), max_connections_(std::max<size_t>(1, max_connections)),
      remote_base_url_(std::move(remote_base_url)), dialect_(client->dialect()) {
  pool_.push_back(std::make_unique<Connection>(Connection{std::move(http), std::move(client)}));
  idle_.push_back(pool_.back().get());
  first_ = pool_.back()->client.get();
}

JiraPort::Lease JiraPort::acquire() {
  std::unique_lock lock(mu_);
  for (;;) {
    if (!idle_.empty()) {
      Connection* c = idle_.back();
      idle_.pop_back();
      return Lease(*this, c);
    }
    if (more_ && pool_.size() + making_ < max_connections_) {
      ++making_;
      lock.unlock();
      auto made = more_();  // connects: not under the lock
      lock.lock();
      --making_;
      if (made) {
        pool_.push_back(std::make_unique<Connection>(std::move(*made)));
        return Lease(*this, pool_.back().get());
      }
      more_ = {};  // cannot make more now: share the ones there are
      continue;
    }
    returned_.wait(lock, [this] { return !idle_.empty(); });
  }
}

void JiraPort::release(Connection* c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(c);
  }
  returned_.notify_one();
}

Result<Value> JiraPort::get_issue(const std::string& key) {
  auto client = acquire();
  auto got = client->get_issue(key);
  if (!got) return port_error(got.error());
  return got->issue;
}

Result<std::string> JiraPort::create_issue(const sync::FieldChanges& changes, const std::string& marker) {
  auto client = acquire();
  // Status is not part of a create: the issue starts in its workflow's first status and moves.
  sync::FieldChanges fields = changes;
  std::optional<Value> status;
  if (auto it = fields.fields.find(slot(IssueSlot::Status)); it != fields.fields.end()) {
    status = it->second;
    fields.fields.erase(it);
  }
  // The engine looks for the marker itself when it resumes a create that may have landed.
  auto made = client->create_issue_once(wanted(fields), marker, false);
  if (!made) return port_error(made.error());
  if (status && status->is_string()) {
    jira::WantedChanges move;
    move.set(IssueSlot::Status, *status);
    if (auto ok = client->apply(made->key, move); !ok) return port_error(ok.error());
  }
  return made->key;
}

Status JiraPort::clear_marker(const std::string& key, const std::string& marker) {
  auto client = acquire();
  auto ok = client->remove_marker(key, marker);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

namespace {

// An edit's answer stands in for a read only when it is the whole issue, and the one edited: an
// answer with only the fields the edit touched (or none, or another issue) leaves the read to
// the caller.
bool whole_issue(const jira::Json& j, const std::string& key) {
  if (!j.is_object() || !j.contains("key") || !j.contains("fields") || !j["fields"].is_object()) return false;
  if (!j["key"].is_string() || j["key"].get<std::string>() != key) return false;
  const jira::Json& f = j["fields"];
  for (const char* name : {"project", "issuetype", "status", "created", "updated", "comment"}) {
    if (!f.contains(name)) return false;
  }
  return true;
}

}  // namespace

Result<sync::TrackerPort::MarkerEdit> JiraPort::clear_marker_adding_comments(const std::string& key, const std::string& marker,
                                                                            const std::vector<NewComment>& comments) {
  auto client = acquire();
  jira::Json adds = jira::Json::array();
  for (const NewComment& c : comments) {
    auto json = jira::encode_comment(c.body, c.visibility, false, client->dialect());
    if (!json) return MarkerEdit{};  // one by one, where each comment's own error is reported
    adds.push_back({{"add", std::move(*json)}});
  }
  auto answer = client->remove_marker(key, marker, adds, /*return_issue=*/true);
  if (!answer) {
    // Refused as a whole (the edit screen has no comment field): nothing was written.
    const auto status = jira::http_status_of(answer.error());
    if (status && *status == 400) return MarkerEdit{};
    return port_error(answer.error());
  }
  MarkerEdit done{true, Value()};
  if (whole_issue(*answer, key)) {
    auto decoded = client->decode_whole_issue(*answer);
    if (decoded) done.issue = std::move(decoded->issue);
  }
  return done;
}

Result<std::optional<std::string>> JiraPort::find_by_marker(const std::string& marker) {
  auto client = acquire();
  auto found = client->find_by_marker(marker);
  if (!found) return port_error(found.error());
  if (!*found) return std::optional<std::string>();
  return std::optional<std::string>((*found)->key);
}

Status JiraPort::update_issue(const std::string& key, const sync::FieldChanges& changes) {
  auto client = acquire();
  jira::IssueFacts facts;
  if (changes.current.is_record()) {
    facts.status = text_of(changes.current.field(slot(IssueSlot::Status)));
    facts.project = text_of(changes.current.field(slot(IssueSlot::Project)));
    facts.type = text_of(changes.current.field(slot(IssueSlot::Type)));
  }
  auto ok = client->apply(key, wanted(changes), facts.project.empty() || facts.type.empty() ? nullptr : &facts);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::string> JiraPort::add_comment(const std::string& key, const std::string& body, const Value& visibility,
                                          bool internal) {
  auto client = acquire();
  auto made = client->add_comment(key, body, visibility, internal);
  if (!made) return port_error(made.error());
  return id_of(*made);
}

Status JiraPort::update_comment(const std::string& key, const std::string& id, const std::string& body,
                                const Value& visibility, bool internal) {
  auto client = acquire();
  auto ok = client->update_comment(key, id, body, visibility, internal);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Status JiraPort::delete_comment(const std::string& key, const std::string& id) {
  auto client = acquire();
  auto ok = client->delete_comment(key, id);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Result<std::string> JiraPort::download_attachment(const Value& attachment) {
  auto client = acquire();
  auto bytes = client->download_attachment(attachment);
  if (!bytes) return port_error(bytes.error());
  return bytes;
}

Result<std::string> JiraPort::upload_attachment(const std::string& key, const std::string& filename,
                                                const std::string& mime_type, const std::string& bytes) {
  auto client = acquire();
  auto made = client->upload_attachment(key, filename, mime_type.empty() ? "application/octet-stream" : mime_type, bytes);
  if (!made) return port_error(made.error());
  return id_of(*made);
}

Status JiraPort::delete_attachment(const std::string& id) {
  auto client = acquire();
  auto ok = client->delete_attachment(id);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

// One search (`key in (…)`, every field) for a group of issues instead of one GET each. Only
// for issues not changed a moment ago (bulk): Jira Cloud's search index may lag an edit by
// seconds, so the changes a webhook announces are still read with GET.
Result<std::vector<Value>> JiraPort::get_issues(const std::vector<std::string>& keys) {
  std::vector<Value> issues;
  if (keys.empty()) return issues;
  std::string list;
  for (const std::string& key : keys) {
    if (!sync::valid_issue_key(key)) return make_error("not an issue key: " + key, ErrorKind::Data);
    list += (list.empty() ? "" : ", ") + key;
  }
  jira::SearchRequest request;
  request.jql = "key in (" + list + ")";
  request.page_size = static_cast<int>(std::max<size_t>(keys.size(), 1));
  {
    auto client = acquire();
    auto all = client->search_all(request);
    if (all) {
      for (const auto& raw : *all) {
        auto decoded = client->decode_whole_issue(raw);
        if (!decoded) return port_error(decoded.error());
        issues.push_back(std::move(decoded->issue));
      }
      return issues;
    }
    if (jira::http_status_of(all.error()) != 400) return port_error(all.error());
  }  // the connection goes back before the reads below lease one each
  // A key that no longer exists makes Jira refuse the whole query (400): one by one, then.
  return sync::TrackerPort::get_issues(keys);
}

Result<std::vector<std::string>> JiraPort::search_keys(const std::string& jql) {
  auto client = acquire();
  jira::SearchRequest request;
  request.jql = jql;
  request.fields = {"key"};
  auto all = client->search_all(request);
  if (!all) return port_error(all.error());
  std::vector<std::string> keys;
  for (const auto& issue : *all) {
    if (issue.is_object() && issue.contains("key") && issue["key"].is_string()) keys.push_back(issue["key"]);
  }
  return keys;
}

Value JiraPort::user_by_email(const std::string& email) {
  auto client = acquire();
  auto found = client->find_user_by_email(email);
  if (!found || !*found) return {};
  return **found;
}

Value JiraPort::user_by_id(const std::string& id) {
  auto client = acquire();
  auto found = client->user_by_id(id);
  return found ? *found : Value();
}

Value JiraPort::local_type(const std::string& name) {
  std::lock_guard cache(cache_mu_);
  if (!issue_types_) {
    auto client = acquire();
    auto types = client->transport().get(client->dialect().api_root() + "/issuetype");
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
  if (Value known = known_sync_user(); !known.is_null()) return known;
  auto me = acquire()->myself();  // no lock held: a look at the cache never waits on the tracker
  std::lock_guard lock(myself_mu_);
  if (me && myself_.is_null()) myself_ = *me;
  return myself_;
}

Value JiraPort::known_sync_user() const {
  std::lock_guard lock(myself_mu_);
  return myself_;
}

Result<Value> JiraPort::jql_lookup(const std::string& function, const std::vector<std::string>& args) {
  const jql::LookupInfo* which = jql::find_lookup(function);
  if (!which) return make_error("no JQL function " + function + "()", ErrorKind::BadRequest);
  std::string call = std::string(which->name) + "(";
  for (size_t i = 0; i < args.size(); ++i) call += (i ? ", " : "") + args[i];
  call += ")";
  // Keyed by the arguments as given, apart: ("A-1, blocks") is not ("A-1", "blocks").
  std::string key = which->name;
  for (const std::string& a : args) key += "\x1f" + a;
  auto answer = lookups_.get(key);
  if (!answer) {
    auto asked = acquire()->jql_lookup(which->id, args);
    if (!asked) {
      const Error e = port_error(asked.error());
      return reworded(e, call + ": " + e.message);
    }
    lookups_.put(key, *asked);
    answer = std::move(*asked);
  }
  std::vector<Value> items;
  for (const std::string& s : *answer) items.push_back(Value::string(s));
  return Value::list(std::move(items));
}

Value JiraPort::stored_form(uint32_t slot, const Value& value) {
  return jira::stored_form(static_cast<IssueSlot>(slot), value, dialect_);
}

namespace {

std::string link_global_id(const std::string& connection, const std::string& remote_key) {
  return "twinsync:" + connection + ":" + remote_key;
}

}  // namespace

Status JiraPort::remove_link_state(const std::string& key, const std::string& connection, const std::string& remote_key) {
  auto client = acquire();
  auto ok = client->delete_remote_link(key, link_global_id(connection, remote_key));
  if (!ok) return port_error(ok.error());
  return ok_status();
}

Status JiraPort::set_link_state(const std::string& key, const sync::LinkState& state) {
  auto client = acquire();
  jira::RemoteLinkState link;
  link.global_id = link_global_id(state.connection, state.remote_key);
  link.url = !state.url.empty()               ? state.url
             : remote_base_url_.empty()      ? "twinsync:" + state.remote_key
                                             : remote_base_url_ + "/browse/" + state.remote_key;
  link.title = state.remote_key.empty() ? "twin" : state.remote_key;
  link.state = state.state;
  link.reason = state.reason;
  auto ok = client->set_remote_link(key, link);
  if (!ok) return port_error(ok.error());
  return ok_status();
}

}  // namespace twinsync::node
