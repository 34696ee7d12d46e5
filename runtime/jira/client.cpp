// client.cpp — the JiraClient's set-up and issue operations (get, create, edit, delete, apply).
#include "runtime/jira/client.h"

#include "compiler/vm/datetime.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"
#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

std::string join_encoded(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& s : items) {
    if (!out.empty()) out += ',';
    out += url_encode(s);
  }
  return out;
}

// "+0200" at the end of serverTime -> 120.
int offset_minutes(std::string_view time) {
  if (time.size() < 5) return 0;
  std::string_view tail = time.substr(time.size() - 5);
  if ((tail[0] != '+' && tail[0] != '-') || tail.find_first_not_of("0123456789", 1) != std::string_view::npos) return 0;
  const int minutes = ((tail[1] - '0') * 10 + (tail[2] - '0')) * 60 + (tail[3] - '0') * 10 + (tail[4] - '0');
  return tail[0] == '-' ? -minutes : minutes;
}

Result<IssueRef> issue_ref_of(const Json& j) {
  auto key = text_at(j, "key");
  auto id = text_at(j, "id");
  if (!key && !id) return make_error("create: the answer names no issue", ErrorKind::BadJson);
  return IssueRef{id.value_or(""), key.value_or("")};
}

}  // namespace

JiraClient::JiraClient(net::HttpClient& http, JiraConfig config, Clock& clock)
    : config_(std::move(config)), clock_(clock), transport_(http, config_, clock) {
  if (config_.flavour == FlavourSetting::DataCenter) dialect_ = Dialect::data_center();
  if (config_.api_version != 0) dialect_.api = config_.api_version;
}

std::string JiraClient::issue_path(const std::string& key) const {
  return dialect_.api_root() + "/issue/" + url_encode(key);
}

Status JiraClient::connect() {
  if (auto ok = validate_config(config_); !ok) return ok.error();
  if (config_.flavour == FlavourSetting::Auto) {
    auto info = server_info();
    if (!info) return info.error();
    dialect_.flavour = info->flavour;
  } else {
    dialect_.flavour = config_.flavour == FlavourSetting::Cloud ? Flavour::Cloud : Flavour::DataCenter;
  }
  dialect_.api = config_.api_version != 0 ? config_.api_version : (dialect_.cloud() ? 3 : 2);
  if (!dialect_.cloud() && dialect_.api == 3) {
    return make_error("jira: " + config_.base_url + " is Data Center, which has no REST v3", ErrorKind::Config);
  }
  auto fields = load_fields();
  if (!fields) return fields.error();
  return ok_status();
}

void JiraClient::connect_like(const JiraClient& other) {
  dialect_ = other.dialect_;
  catalog_ = other.catalog_;
  workflows_ = other.workflows_;
}

Result<ServerInfo> JiraClient::server_info() {
  // v2 exists on both flavours, so detection works before the version is known.
  auto j = transport_.get("/rest/api/2/serverInfo");
  if (!j) return j.error();
  ServerInfo info;
  info.base_url = text_at(*j, "baseUrl").value_or("");
  info.version = text_at(*j, "version").value_or("");
  info.deployment_type = text_at(*j, "deploymentType").value_or("");
  info.flavour = info.deployment_type == "Cloud" ? Flavour::Cloud : Flavour::DataCenter;
  const std::string time = text_at(*j, "serverTime").value_or("");
  if (auto ms = datetime::parse_datetime(time)) info.server_time_ms = *ms;
  info.utc_offset_minutes = offset_minutes(time);
  return info;
}

Result<Value> JiraClient::myself() {
  auto j = transport_.get(dialect_.api_root() + "/myself");
  if (!j) return j.error();
  Decoder d(empty_catalog());
  Value user = read_user(d, *j, "");
  if (user.is_null()) return make_error("myself: the answer is not a user", ErrorKind::BadJson);
  return user;
}

Result<FieldCatalog> JiraClient::load_fields() {
  auto j = transport_.get(dialect_.api_root() + "/field");
  if (!j) return j.error();
  auto catalog = FieldCatalog::from_fields_response(*j);
  if (!catalog) return catalog.error();
  catalog_ = *catalog;
  return catalog;
}

Result<Json> JiraClient::get_issue_json(const std::string& key, const GetIssueOptions& options) {
  std::string target = issue_path(key) + "?fields=" + join_encoded(options.fields);
  std::vector<std::string> expand;
  if (options.changelog) expand.push_back("changelog");
  if (options.rendered) expand.push_back("renderedFields");
  if (!expand.empty()) target += "&expand=" + join_encoded(expand);
  return transport_.get(target);
}

Result<DecodedIssue> JiraClient::get_issue(const std::string& key, const GetIssueOptions& options) {
  auto j = get_issue_json(key, options);
  if (!j) return j.error();
  return decode_whole_issue(*j);
}

Result<IssueRef> JiraClient::create_issue(const WantedChanges& changes) {
  auto body = encode_create(changes, catalog_, dialect_);
  if (!body) return body.error();
  auto j = transport_.send_json(Call::json("POST", dialect_.api_root() + "/issue", *body, Repeat::OnlyIfUnsent));
  if (!j) return j.error();
  return issue_ref_of(*j);
}

Status JiraClient::edit_issue(const std::string& key, const WantedChanges& changes) {
  auto body = encode_edit(changes, catalog_, dialect_);
  if (!body) return reworded(body.error(), key + ": " + body.error().message);
  if ((*body)["fields"].empty() && !body->contains("update")) return ok_status();
  const bool quiet = !config_.notify_users && notify_param_allowed_;
  const std::string target = issue_path(key) + (quiet ? "?notifyUsers=false" : "");
  auto r = transport_.send(Call::json("PUT", target, *body, Repeat::Safe));
  if (!r && quiet && http_status_of(r.error()) == 403) {
    // Jira Data Center refuses notifyUsers=false without admin rights; edit with mail, and
    // remember, rather than not edit at all.
    notify_param_allowed_ = false;
    r = transport_.send(Call::json("PUT", issue_path(key), *body, Repeat::Safe));
  }
  if (!r) return r.error();
  return ok_status();
}

Status JiraClient::delete_issue(const std::string& key) {
  Call call = Call::get(issue_path(key) + "?deleteSubtasks=false");
  call.method = "DELETE";
  auto r = transport_.send(call);
  if (!r) return r.error();
  return ok_status();
}

Result<ApplyReport> JiraClient::apply(const std::string& key, WantedChanges changes, const IssueFacts* known) {
  ApplyReport report;
  const int64_t start = requests_sent();
  if (auto resolved = resolve_users(changes); !resolved) return resolved.error();
  if (const Value* status = changes.get(IssueSlot::Status)) {
    const Value target = *status;
    changes.drop(IssueSlot::Status);
    if (!target.is_string()) return make_error(key + ": status: expected a status name", ErrorKind::BadValue);
    auto moved = move_to_status(key, std::string(target.as_string()), changes, known);
    if (!moved) return moved.error();
    report.transitions = std::move(*moved);
  }
  if (!changes.empty()) {
    if (auto edited = edit_issue(key, changes); !edited) return edited.error();
    report.edited = true;
  }
  report.requests = requests_sent() - start;
  return report;
}

}  // namespace twinsync::jira
