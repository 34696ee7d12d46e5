// client_meta.cpp — users, create screens (createmeta) and the remote link that shows a twin's
// sync state on the issue.
#include "compiler/schema/shapes.h"
#include "runtime/jira/client.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"
#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

FieldMeta field_meta(const std::string& id, const Json& f) {
  FieldMeta m;
  m.id = id;
  m.name = text_at(f, "name").value_or(id);
  m.required = bool_at(f, "required").value_or(false);
  m.has_default = bool_at(f, "hasDefaultValue").value_or(false);
  if (const Json* schema = member(f, "schema")) m.kind = kind_of_schema(*schema);
  if (const Json* allowed = member(f, "allowedValues"); allowed && allowed->is_array()) {
    for (const Json& v : *allowed) {
      std::optional<std::string> s = text_at(v, "name");
      if (!s) s = text_at(v, "value");
      if (!s) s = text_of(&v);
      if (s) m.allowed.push_back(*s);
    }
  }
  return m;
}

// Fields set by a create that are not fields.def slots or custom fields.
bool is_set_by(const WantedChanges& changes, const FieldCatalog& catalog, const std::string& field_id) {
  for (const auto& [slot, value] : changes.fields()) {
    if (jira_field_id(slot) == field_id && !value.is_null()) return true;
  }
  for (const auto& [name, value] : changes.custom()) {
    const FieldInfo* f = catalog.by_name(name);
    if (f && f->id == field_id && !value.is_null()) return true;
  }
  return false;
}

}  // namespace

Result<std::vector<FieldMeta>> JiraClient::create_fields(const std::string& project, const std::string& issue_type) {
  const std::string base = dialect_.api_root() + "/issue/createmeta/" + url_encode(project) + "/issuetypes";
  auto types = transport_.get(base + "?maxResults=200");
  if (!types) {
    // Data Center before 8.4 only has the old, project-wide createmeta.
    if (http_status_of(types.error()) == 404) return create_fields_legacy(project, issue_type);
    return types.error();
  }
  const Json* list = member(*types, "issueTypes");
  if (list == nullptr) list = member(*types, "values");
  std::string type_id;
  if (list && list->is_array()) {
    for (const Json& t : *list) {
      if (same_status(text_at(t, "name").value_or(""), issue_type)) type_id = text_at(t, "id").value_or("");
    }
  }
  if (type_id.empty()) {
    return make_error("createmeta: project " + project + " has no issue type \"" + issue_type + "\"", ErrorKind::NotFound);
  }
  std::vector<FieldMeta> out;
  for (int64_t start = 0, page = 0; page < config_.max_pages; ++page) {
    auto j = transport_.get(base + "/" + url_encode(type_id) + "?startAt=" + std::to_string(start) + "&maxResults=200");
    if (!j) return j.error();
    const Json* fields = member(*j, "fields");
    if (fields == nullptr) fields = member(*j, "values");
    if (fields == nullptr || !fields->is_array()) return make_error("createmeta: unexpected answer", ErrorKind::BadJson);
    for (const Json& f : *fields) out.push_back(field_meta(text_at(f, "fieldId").value_or(""), f));
    start += static_cast<int64_t>(fields->size());
    if (fields->empty() || start >= int_at(*j, "total").value_or(0)) return out;
  }
  return out;
}

Result<std::vector<FieldMeta>> JiraClient::create_fields_legacy(const std::string& project,
                                                                const std::string& issue_type) {
  auto j = transport_.get("/rest/api/2/issue/createmeta?projectKeys=" + url_encode(project) +
                          "&issuetypeNames=" + url_encode(issue_type) + "&expand=projects.issuetypes.fields");
  if (!j) return j.error();
  std::vector<FieldMeta> out;
  for (const Json& p : member_or_null(*j, "projects")) {
    for (const Json& t : member_or_null(p, "issuetypes")) {
      const Json* fields = member(t, "fields");
      if (fields == nullptr || !fields->is_object()) continue;
      for (const auto& [id, f] : fields->items()) out.push_back(field_meta(id, f));
      return out;
    }
  }
  return make_error("createmeta: project " + project + " has no issue type \"" + issue_type + "\"", ErrorKind::NotFound);
}

Result<std::vector<FieldMeta>> JiraClient::missing_required(const std::string& project, const std::string& issue_type,
                                                            const WantedChanges& changes) {
  auto fields = create_fields(project, issue_type);
  if (!fields) return fields.error();
  std::vector<FieldMeta> missing;
  for (const FieldMeta& f : *fields) {
    if (!f.required || f.has_default) continue;
    if (f.id == "project" || f.id == "issuetype" || f.id == "reporter") continue;  // set by every create
    if (!is_set_by(changes, catalog_, f.id)) missing.push_back(f);
  }
  return missing;
}

Result<std::optional<Value>> JiraClient::find_user_by_email(const std::string& email) {
  const std::string param = dialect_.cloud() ? "query" : "username";  // Data Center matches e-mail too
  auto j = transport_.get(dialect_.api_root() + "/user/search?" + param + "=" + url_encode(email) + "&maxResults=10");
  if (!j) return j.error();
  if (!j->is_array()) return make_error("user search: expected a list", ErrorKind::BadJson);
  Decoder d(empty_catalog());
  for (size_t i = 0; i < j->size(); ++i) {
    Value u = read_user(d, (*j)[i], path_join("", i));
    const Value& mail = u.is_null() ? u : u.field(slot(UserSlot::Email));
    // Exact match only: a fuzzy hit would assign the wrong person.
    if (mail.is_string() && same_status(mail.as_string(), email)) return std::optional<Value>(u);
  }
  if (j->size() == 1 && dialect_.cloud()) {
    // Cloud hides most e-mail addresses, but a query by full address matches only its owner.
    Value u = read_user(d, (*j)[0], "/0");
    if (!u.is_null()) return std::optional<Value>(u);
  }
  return std::optional<Value>();
}

Result<Value> JiraClient::user_by_id(const std::string& id) {
  const std::string param = dialect_.cloud() ? "accountId" : "username";
  auto j = transport_.get(dialect_.api_root() + "/user?" + param + "=" + url_encode(id));
  if (!j) return j.error();
  Decoder d(empty_catalog());
  Value u = read_user(d, *j, "");
  if (u.is_null()) return make_error("user " + id + ": the answer is not a user", ErrorKind::BadJson);
  return u;
}

Result<Value> JiraClient::resolve_user(const Value& user) {
  if (!user.is_record() || &user.shape() != &user_shape()) return user;
  const UserSlot id_slot = dialect_.cloud() ? UserSlot::AccountId : UserSlot::Username;
  if (user.field(slot(id_slot)).is_string()) return user;
  const Value& email = user.field(slot(UserSlot::Email));
  if (!email.is_string()) return user;  // the encoder names what is missing
  const std::string mail(email.as_string());
  auto cached = users_by_email_.find(mail);
  if (cached == users_by_email_.end()) {
    auto found = find_user_by_email(mail);
    if (!found) return found.error();
    if (!*found) return make_error("no user with e-mail " + mail + " on " + config_.base_url, ErrorKind::UnresolvedUser);
    cached = users_by_email_.emplace(mail, **found).first;
  }
  Value resolved = user;
  resolved.set_field(slot(id_slot), cached->second.field(slot(id_slot)));
  return resolved;
}

Status JiraClient::resolve_users(WantedChanges& changes) {
  for (IssueSlot s : {IssueSlot::Assignee, IssueSlot::Reporter}) {
    if (const Value* v = changes.get(s)) {
      auto r = resolve_user(*v);
      if (!r) return reworded(r.error(), jira_field_id(s) + ": " + r.error().message);
      changes.set(s, std::move(*r));
    }
  }
  for (const auto& [name, value] : std::map<std::string, Value>(changes.custom())) {
    if (value.is_list()) {
      std::vector<Value> items;
      for (const Value& item : value.as_list()) {
        auto r = resolve_user(item);
        if (!r) return reworded(r.error(), name + ": " + r.error().message);
        items.push_back(std::move(*r));
      }
      changes.set_custom(name, Value::list(std::move(items)));
    } else {
      auto r = resolve_user(value);
      if (!r) return reworded(r.error(), name + ": " + r.error().message);
      changes.set_custom(name, std::move(*r));
    }
  }
  return ok_status();
}

Status JiraClient::set_remote_link(const std::string& key, const RemoteLinkState& state) {
  const std::string shown = state.reason.empty() ? state.state : state.state + ": " + state.reason;
  Json body = {
      {"globalId", state.global_id},
      {"application", {{"type", "org.twinsync"}, {"name", "twinsync"}}},
      {"relationship", state.relationship},
      {"object",
       {{"url", state.url},
        {"title", state.title},
        {"summary", "twinsync: " + shown},
        {"status", {{"resolved", state.state == "synchronized"}, {"icon", {{"title", shown}}}}}}},
  };
  // Jira updates the link with the same globalId instead of adding one: safe to repeat.
  auto r = transport_.send(Call::json("POST", issue_path(key) + "/remotelink", body, Repeat::Safe));
  if (!r) return r.error();
  return ok_status();
}

Status JiraClient::delete_remote_link(const std::string& key, const std::string& global_id) {
  Call call = Call::get(issue_path(key) + "/remotelink?globalId=" + url_encode(global_id));
  call.method = "DELETE";
  auto r = transport_.send(call);
  if (!r && http_status_of(r.error()) != 404) return r.error();  // gone already is what was asked
  return ok_status();
}

Result<Json> JiraClient::remote_links(const std::string& key) { return transport_.get(issue_path(key) + "/remotelink"); }

}  // namespace twinsync::jira
