// client_items.cpp — comments, attachments and change history of an issue.
#include <algorithm>

#include "compiler/schema/shapes.h"
#include "runtime/jira/client.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/http_util.h"
#include "runtime/jira/item_read.h"
#include "runtime/jira/multipart.h"

namespace twinsync::jira {
namespace {

// Deleting what is already gone reaches the wanted state (a retried DELETE whose first attempt
// landed answers 404).
Status gone_is_fine(Result<net::HttpResponse> r) {
  if (r || http_status_of(r.error()) == 404) return ok_status();
  return r.error();
}

Call delete_call(std::string target) {
  Call c = Call::get(std::move(target));
  c.method = "DELETE";
  return c;
}

Result<Value> comment_of(Result<Json> j) {
  if (!j) return j.error();
  auto c = decode_comment(*j);
  if (!c) return c.error();
  return c->value;
}

}  // namespace

Result<Value> JiraClient::add_comment(const std::string& key, std::string_view body, const Value& visibility,
                                      bool internal) {
  auto json = encode_comment(body, visibility, internal, dialect_);
  if (!json) return json.error();
  return comment_of(
      transport_.send_json(Call::json("POST", issue_path(key) + "/comment", *json, Repeat::OnlyIfUnsent)));
}

Result<Value> JiraClient::update_comment(const std::string& key, const std::string& comment_id, std::string_view body,
                                         const Value& visibility, bool internal) {
  auto json = encode_comment(body, visibility, internal, dialect_);
  if (!json) return json.error();
  const std::string target = issue_path(key) + "/comment/" + url_encode(comment_id);
  return comment_of(transport_.send_json(Call::json("PUT", target, *json, Repeat::Safe)));
}

Status JiraClient::delete_comment(const std::string& key, const std::string& comment_id) {
  return gone_is_fine(transport_.send(delete_call(issue_path(key) + "/comment/" + url_encode(comment_id))));
}

Result<Value> JiraClient::comments(const std::string& key) {
  std::vector<Value> all;
  Decoder d(empty_catalog());
  for (int64_t start = 0, page = 0; page < config_.max_pages; ++page) {
    auto j = transport_.get(issue_path(key) + "/comment?startAt=" + std::to_string(start) +
                            "&maxResults=" + std::to_string(config_.page_size));
    if (!j) return j.error();
    Value list = read_comments(d, *j, "");
    if (!list.is_list()) return make_error(key + ": comments: unexpected answer", ErrorKind::BadJson);
    for (const Value& c : list.as_list()) all.push_back(c);
    const int64_t total = int_at(*j, "total").value_or(0);
    start = int_at(*j, "startAt").value_or(start) + static_cast<int64_t>(list.as_list().size());
    if (list.as_list().empty() || start >= total) return Value::list(std::move(all));
  }
  return make_error(key + ": comments: more pages than max_pages", ErrorKind::TooManyPages);
}

Result<DecodedIssue> JiraClient::decode_whole_issue(const Json& issue) {
  auto decoded = decode_issue(issue, catalog_, config_.decode);
  if (!decoded || !comments_cut_short(issue)) return decoded;
  const Value& key = decoded->issue.field(slot(IssueSlot::Key));
  if (!key.is_string()) return make_error("an issue without a key has more comments than its answer holds", ErrorKind::BadJson);
  auto all = comments(std::string(key.as_string()));
  if (!all) return all.error();
  decoded->issue.set_field(slot(IssueSlot::Comments), std::move(*all));
  return decoded;
}

Result<std::string> JiraClient::download_attachment(const Value& attachment) {
  if (!attachment.is_record() || &attachment.shape() != &attachment_shape()) {
    return make_error("download: expected an attachment record", ErrorKind::BadValue);
  }
  const Value& content = attachment.field(slot(AttachmentSlot::Content));
  const Value& id = attachment.field(slot(AttachmentSlot::Id));
  std::string target;
  if (content.is_string()) target = target_from_url(content.as_string(), config_.base_url);
  if (target.empty()) {
    if (!id.is_string()) return make_error("download: the attachment has neither a content URL here nor an id", ErrorKind::BadValue);
    // Cloud redirects attachment content to its media service unless asked not to.
    target = dialect_.api_root() + "/attachment/content/" + url_encode(id.as_string()) + "?redirect=false";
  }
  Call call = Call::get(target);
  call.binary = true;
  auto r = transport_.send(call);
  if (!r) return r.error();
  return std::move(r->body);
}

Result<Value> JiraClient::upload_attachment(const std::string& key, const std::string& filename,
                                            const std::string& mime_type, const std::string& bytes) {
  MultipartBody mp = make_multipart({{"file", filename, mime_type, bytes}}, static_cast<unsigned long long>(clock_.now_ms()));
  Call call;
  call.method = "POST";
  call.target = issue_path(key) + "/attachments";
  call.body = std::move(mp.body);
  call.content_type = mp.content_type;
  call.headers = {{"X-Atlassian-Token", "no-check"}};  // Jira's XSRF check refuses uploads without it
  call.repeat = Repeat::OnlyIfUnsent;
  auto j = transport_.send_json(call);
  if (!j) return j.error();
  auto list = decode_attachments(*j);
  if (!list) return list.error();
  if (!list->value.is_list() || list->value.as_list().empty()) {
    return make_error(key + ": upload: Jira answered no attachment", ErrorKind::BadJson);
  }
  return list->value.as_list()[0];
}

Status JiraClient::delete_attachment(const std::string& attachment_id) {
  return gone_is_fine(transport_.send(delete_call(dialect_.api_root() + "/attachment/" + url_encode(attachment_id))));
}

Result<ChangelogPage> JiraClient::changelog_page(const std::string& key, int64_t start_at) {
  Result<Json> j = make_error("");
  if (dialect_.cloud()) {
    j = transport_.get(issue_path(key) + "/changelog?startAt=" + std::to_string(start_at) +
                       "&maxResults=" + std::to_string(config_.page_size));
  } else {
    // Data Center lists the whole history with the issue.
    j = transport_.get(issue_path(key) + "?fields=created&expand=changelog");
  }
  if (!j) return j.error();
  return decode_changelog(*j);
}

Result<std::vector<ChangelogEntry>> JiraClient::changelog(const std::string& key) {
  std::vector<ChangelogEntry> all;
  int64_t start = 0;
  for (int page = 0; page < config_.max_pages; ++page) {
    auto p = changelog_page(key, start);
    if (!p) return p.error();
    start = p->start_at + static_cast<int64_t>(p->entries.size());
    for (ChangelogEntry& e : p->entries) all.push_back(std::move(e));
    if (p->is_last || p->entries.empty()) {
      // Cloud's pages run oldest first, Data Center's expanded history newest first: one order.
      std::stable_sort(all.begin(), all.end(),
                       [](const ChangelogEntry& a, const ChangelogEntry& b) { return a.created_ms < b.created_ms; });
      return all;
    }
  }
  return make_error(key + ": changelog: more pages than max_pages", ErrorKind::TooManyPages);
}

}  // namespace twinsync::jira
