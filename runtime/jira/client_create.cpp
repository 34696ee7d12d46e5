// client_create.cpp — creating an issue at most once. A create whose answer is lost (timeout,
// 5xx) may still have landed; retrying blindly makes the duplicate other sync tools are known
// for. The marker label written with the create lets the connector look before it retries,
// and lets a restarted node find the half-made twin.
#include "compiler/jql/jql_print.h"
#include "runtime/jira/client.h"
#include "runtime/jira/fault.h"

namespace twinsync::jira {

namespace {

// The label always carries the prefix that hides it from rules when issues are read.
std::string marker_label(const std::string& marker, const std::string& prefix) {
  return marker.rfind(prefix, 0) == 0 ? marker : prefix + marker;
}

}  // namespace

Result<std::optional<IssueRef>> JiraClient::find_by_marker(const std::string& marker) {
  SearchRequest request;
  request.jql = "labels = " + jql::quoted(marker_label(marker, config_.decode.hidden_label_prefix));
  request.fields = {"summary"};
  request.page_size = 2;
  auto hits = search(request).next();
  if (!hits) return hits.error();
  if (hits->issues.empty()) return std::optional<IssueRef>();
  const Json& first = hits->issues.front();
  return std::optional<IssueRef>(IssueRef{text_at(first, "id").value_or(""), text_at(first, "key").value_or("")});
}

Result<IssueRef> JiraClient::create_issue_once(const WantedChanges& changes, const std::string& marker,
                                              bool look_first) {
  if (marker.empty() || marker.find_first_of(" \"\\") != std::string::npos) {
    return make_error("create: the marker must be a non-empty label without spaces or quotes", ErrorKind::BadValue);
  }
  // A restarted node may be retrying a create that landed before the crash.
  if (look_first) {
    auto earlier = find_by_marker(marker);
    if (!earlier) return earlier.error();
    if (*earlier) return **earlier;
  }

  const std::string label = marker_label(marker, config_.decode.hidden_label_prefix);
  WantedChanges marked = changes;
  const Value* labels = changes.get(IssueSlot::Labels);
  if (labels == nullptr && changes.deltas().count(IssueSlot::Labels)) {
    marked.add_to(IssueSlot::Labels, Value::string(label));  // keep the caller's add/remove verbs
  } else {
    std::vector<Value> with_marker = labels && labels->is_list() ? labels->as_list() : std::vector<Value>{};
    with_marker.push_back(Value::string(label));
    marked.set(IssueSlot::Labels, Value::list(std::move(with_marker)));
  }

  const RetryPolicy& policy = config_.retry;
  Backoff backoff(policy, policy.seed != 0 ? policy.seed : static_cast<uint64_t>(clock_.now_ms()));
  for (int attempt = 1;; ++attempt) {
    auto created = create_issue(marked);
    if (created || !is_transient(created.error()) || attempt >= std::max(1, policy.max_attempts)) return created;
    // Search lags writes (by up to minutes on Cloud): let the index catch up before looking.
    clock_.sleep_ms(std::max(config_.create_settle_ms, backoff.delay_ms(attempt)));
    auto landed = find_by_marker(marker);
    if (!landed) return landed.error();
    if (*landed) return **landed;
  }
}

Result<Json> JiraClient::remove_marker(const std::string& key, const std::string& marker, const Json& comments,
                                       bool return_issue) {
  Json body = {{"update", {{"labels", Json::array({{{"remove", marker_label(marker, config_.decode.hidden_label_prefix)}}})}}}};
  // Comments ride along where the edit screen takes them ("add" operations, documented for edits).
  const bool adds = comments.is_array() && !comments.empty();
  if (adds) body["update"]["comment"] = comments;
  // Only Cloud documents returnIssue on an edit; Data Center is not asked for what it never gives.
  const bool ask = return_issue && dialect_.cloud();
  const std::string target = issue_path(key) + (ask ? "?returnIssue=true" : "");
  return transport_.send_json(Call::json("PUT", target, body, adds ? Repeat::OnlyIfUnsent : Repeat::Safe));
}

}  // namespace twinsync::jira
