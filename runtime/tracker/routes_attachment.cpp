// routes_attachment.cpp — attachments: multipart upload (with Jira's XSRF header and a size
// limit), metadata, download under /secure/attachment and /attachment/content, delete.
#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"
#include "compiler/support/text.h"
#include "runtime/net/multipart.h"
#include "runtime/tracker/issue_edit.h"
#include "runtime/tracker/issue_view.h"
#include "runtime/tracker/routes.h"
#include "runtime/tracker/util.h"
#include "runtime/tracker/webhooks.h"

namespace twinsync::tracker {

namespace {

Attachment load_attachment(Call& c) {
  auto id = parse_id(c.capture("id"));
  auto a = id ? must(c.s.store->attachment(*id)) : std::nullopt;
  if (!a) fail(404, "The attachment with id '" + c.capture("id") + "' does not exist");
  return *a;
}

Json attachment_item(const Attachment& a, bool added) {
  const std::string id = std::to_string(a.id);
  return Json{{"field", "Attachment"}, {"fieldtype", "jira"}, {"fieldId", "attachment"},
              {"from", added ? Json(nullptr) : Json(id)}, {"fromString", added ? Json(nullptr) : Json(a.filename)},
              {"to", added ? Json(id) : Json(nullptr)}, {"toString", added ? Json(a.filename) : Json(nullptr)}};
}

net::HttpResponse upload(Call& c) {
  if (!iequals(c.request().header("X-Atlassian-Token"), "no-check")) fail(403, "XSRF check failed");
  Issue issue = load_issue(c.s, c.capture("key"));
  const std::string_view type = c.request().header("Content-Type");
  if (!net::multipart_boundary(type)) fail(415, "Unsupported Media Type: attachments are sent as multipart/form-data");
  auto parts = net::parse_multipart(type, c.request().body);
  if (!parts) fail(400, "Malformed multipart body: " + parts.error().message);
  std::vector<const net::MultipartPart*> files;
  for (const net::MultipartPart& p : *parts) {
    if (p.filename && !p.filename->empty()) files.push_back(&p);
  }
  if (files.empty()) fail(400, "No file was attached: send a part named 'file' with a filename.");
  for (const net::MultipartPart* p : files) {
    if (p->body.size() > c.s.opt.max_attachment_bytes) {
      fail(413, "The file '" + *p->filename + "' is larger than the attachment size limit (" +
                    std::to_string(c.s.opt.max_attachment_bytes) + " bytes).");
    }
    if (!valid_utf8(*p->filename)) fail(400, "The file name is not valid UTF-8.");
  }
  EditOutcome out;
  std::vector<Attachment> added;
  auto tx = must(c.s.store->begin());
  const std::int64_t now = now_ms();
  for (const net::MultipartPart* p : files) {
    Attachment a{0, issue.id, *p->filename, p->content_type, c.actor().account_id,
                 static_cast<std::int64_t>(p->body.size()), now};
    a.id = must(c.s.store->insert_attachment(a, p->body));
    out.items.push_back(attachment_item(a, true));
    added.push_back(a);
  }
  write_update(c.s, c.actor(), issue, out, "issue_updated");
  must(tx.commit());
  c.s.wake_webhooks();
  Json list = Json::array();
  for (const Attachment& a : added) list.push_back(render_attachment(c.renderer(), a));
  return json_response(200, list);
}

net::HttpResponse download(Call& c) {
  const Attachment a = load_attachment(c);
  net::HttpResponse res;
  res.status = 200;
  res.headers.emplace_back("Content-Type", a.mime_type.empty() ? "application/octet-stream" : a.mime_type);
  res.headers.emplace_back("Content-Disposition", "attachment; filename*=UTF-8''" + url_encode(a.filename));
  res.body = must(c.s.store->attachment_content(a.id));
  return res;
}

net::HttpResponse remove(Call& c) {
  const Attachment a = load_attachment(c);
  Issue issue = load_issue(c.s, std::to_string(a.issue_id));
  EditOutcome out;
  out.items.push_back(attachment_item(a, false));
  auto tx = must(c.s.store->begin());
  must(c.s.store->delete_attachment(a.id));
  write_update(c.s, c.actor(), issue, out, "issue_updated");
  must(tx.commit());
  c.s.wake_webhooks();
  return json_response(204, nullptr);
}

}  // namespace

void add_attachment_routes(net::Router& r, TrackerState& s) {
  add_route(r, s, "POST", "/rest/api/{v}/issue/{key}/attachments", upload);
  add_route(r, s, "GET", "/rest/api/{v}/attachment/meta", [](Call& c) {
    return json_response(200, Json{{"enabled", true}, {"uploadLimit", c.s.opt.max_attachment_bytes}});
  });
  add_route(r, s, "GET", "/rest/api/{v}/attachment/{id}", [](Call& c) {
    Json j = render_attachment(c.renderer(), load_attachment(c));
    // AttachmentMetadata has a numeric id.
    if (auto id = parse_int<int64_t>(j["id"].get<std::string>())) j["id"] = *id;
    return json_response(200, j);
  });
  add_route(r, s, "DELETE", "/rest/api/{v}/attachment/{id}", remove);
  add_route(r, s, "GET", "/rest/api/{v}/attachment/content/{id}", download);
  add_route(r, s, "GET", "/secure/attachment/{id}/{filename}", download);
}

}  // namespace twinsync::tracker
