// libFuzzer target over what the tracker and the connector ingest: any bytes as the body (or the
// query, or the path) of a request to the tracker's handlers, called in-process with no socket
// (the first two bytes choose the route, method, credentials and content type); and the same
// bytes as Jira JSON into jira::decode_issue, as a webhook delivery into jira::parse_webhook and
// as a multipart/form-data body into net::parse_multipart. Nothing may crash, leak or hang.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "compiler/support/encoding.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/json_util.h"
#include "runtime/jira/webhook.h"
#include "runtime/net/multipart.h"
#include "runtime/net/target.h"
#include "runtime/tracker/service.h"

namespace {

using namespace twinsync;

constexpr const char* kToken = "fuzz-admin-token-0123456789";
// "admin@example.com:fuzz-admin-token-0123456789" in base64.
constexpr const char* kAdminAuth = "Basic YWRtaW5AZXhhbXBsZS5jb206ZnV6ei1hZG1pbi10b2tlbi0wMTIzNDU2Nzg5";
// The store is started afresh after this many requests, so that it stays small and fast.
constexpr int kRequestsPerStore = 256;

struct Route {
  const char* method;
  const char* target;  // {v} is replaced by 2 or 3
};

// Every resource group, with the keys and ids the set-up below creates.
constexpr Route kRoutes[] = {
    {"POST", "/rest/api/{v}/issue"},
    {"PUT", "/rest/api/{v}/issue/DEMO-1"},
    {"GET", "/rest/api/{v}/issue/DEMO-1?expand=changelog,renderedFields,names,schema,transitions,editmeta"},
    {"DELETE", "/rest/api/{v}/issue/DEMO-2?deleteSubtasks=true"},
    {"POST", "/rest/api/{v}/search"},
    {"POST", "/rest/api/{v}/search/jql"},
    {"POST", "/rest/api/{v}/search/approximate-count"},
    {"POST", "/rest/api/{v}/issue/DEMO-1/comment"},
    {"PUT", "/rest/api/{v}/issue/DEMO-1/comment/10000"},
    {"POST", "/rest/api/{v}/issue/DEMO-1/transitions"},
    {"POST", "/rest/api/{v}/issue/DEMO-1/attachments"},
    {"POST", "/rest/api/{v}/issue/DEMO-1/changelog/list"},
    {"POST", "/rest/api/{v}/issue/DEMO-1/remotelink"},
    {"PUT", "/rest/api/{v}/issue/DEMO-1/remotelink/10000"},
    {"POST", "/rest/api/{v}/issueLink"},
    {"POST", "/rest/api/{v}/webhook"},
    {"DELETE", "/rest/api/{v}/webhook"},
    {"PUT", "/rest/api/{v}/webhook/refresh"},
    {"POST", "/rest/webhooks/1.0/webhook"},
    {"POST", "/rest/api/{v}/component"},
    {"POST", "/rest/api/{v}/version"},
    {"POST", "/rest/twinsync-admin/1/user"},
    {"POST", "/rest/twinsync-admin/1/token"},
    {"POST", "/rest/twinsync-admin/1/project"},
    {"GET", "/rest/api/{v}/search?jql="},          // the body becomes the (encoded) query value
    {"GET", "/rest/api/{v}/search/jql?jql="},
    {"GET", "/rest/api/{v}/issue/createmeta?projectKeys="},
    {"GET", "/rest/api/{v}/user/search?query="},
    {"GET", "/rest/api/{v}/issue/"},               // the body becomes a path segment
    {"GET", "/"},                                  // the body becomes the raw target
};
constexpr size_t kRouteCount = sizeof(kRoutes) / sizeof(kRoutes[0]);
constexpr const char* kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};

net::HttpRequest admin_request(const std::string& method, const std::string& target, const std::string& body) {
  net::HttpRequest r{method, target, {{"Authorization", kAdminAuth}}, body};
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  return r;
}

// A tracker with an issue that has a comment, an attachment, a remote link and a linked issue.
std::unique_ptr<tracker::TrackerService> fresh_service() {
  tracker::TrackerOptions opt;
  opt.db_path = ":memory:";
  opt.admin_token = kToken;
  auto svc = tracker::TrackerService::open(opt);
  if (!svc) __builtin_trap();
  (*svc)->set_base_url("http://127.0.0.1:1");
  tracker::TrackerService& s = **svc;
  const std::string task = R"({"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"one"}})";
  s.handle(admin_request("POST", "/rest/api/2/issue", task));
  s.handle(admin_request("POST", "/rest/api/2/issue", task));
  s.handle(admin_request("POST", "/rest/api/2/issue/DEMO-1/comment", R"({"body":"*hello*"})"));
  s.handle(admin_request("POST", "/rest/api/2/issue/DEMO-1/remotelink",
                         R"({"globalId":"g","object":{"url":"https://e.com","title":"t"}})"));
  s.handle(admin_request("POST", "/rest/api/2/issueLink",
                         R"({"type":{"name":"Blocks"},"inwardIssue":{"key":"DEMO-1"},"outwardIssue":{"key":"DEMO-2"}})"));
  net::HttpRequest upload = admin_request("POST", "/rest/api/2/issue/DEMO-1/attachments", "");
  upload.headers = {{"Authorization", kAdminAuth}, {"X-Atlassian-Token", "no-check"},
                    {"Content-Type", "multipart/form-data; boundary=b0"}};
  upload.body = net::build_multipart("b0", {{"file", "a.txt", "text/plain", {}, "bytes"}});
  s.handle(upload);
  return std::move(*svc);
}

struct World {
  std::unique_ptr<tracker::TrackerService> service = fresh_service();
  jira::FieldCatalog catalog;
  int requests = 0;

  World() {
    auto fields = service->handle(admin_request("GET", "/rest/api/2/field", ""));
    auto list = jira::FieldCatalog::from_fields_response(nlohmann::json::parse(fields.body, nullptr, false));
    if (list) catalog = std::move(*list);
  }
};

World& world() {
  static World w;
  return w;
}

void fuzz_request(const uint8_t* data, size_t size) {
  if (size < 2) return;
  World& w = world();
  if (++w.requests % kRequestsPerStore == 0) w.service = fresh_service();
  const uint8_t flags = data[1];
  const Route& route = kRoutes[data[0] % kRouteCount];
  std::string body(reinterpret_cast<const char*>(data + 2), size - 2);
  std::string target = route.target;
  if (auto v = target.find("{v}"); v != std::string::npos) target.replace(v, 3, flags & 0x04 ? "3" : "2");
  net::HttpRequest req;
  req.method = data[0] / kRouteCount % 8 == 7 ? kMethods[flags % 5] : route.method;
  if (target.back() == '=') {
    target += url_encode(body);
    body.clear();
  } else if (target.back() == '/') {
    target += target.size() == 1 ? body : url_encode(body);
    body.clear();
  }
  req.target = target;
  switch ((flags >> 3) & 3) {
    case 0: req.headers.emplace_back("Content-Type", "application/json"); break;
    case 1: req.headers.emplace_back("Content-Type", "multipart/form-data; boundary=b0"); break;
    case 2: req.headers.emplace_back("Content-Type", "text/plain"); break;
    default: break;
  }
  if (!(flags & 0x20)) req.headers.emplace_back("Authorization", kAdminAuth);
  else if (flags & 0x40) req.headers.emplace_back("Authorization", "Bearer " + body.substr(0, 40));
  if (flags & 0x80) req.headers.emplace_back("X-Atlassian-Token", "no-check");
  req.body = std::move(body);
  const net::HttpResponse res = w.service->handle(req);
  // A 5xx is a handler that failed where it should have refused (or a store error): a bug.
  if (res.status >= 500) {
    std::fprintf(stderr, "fuzz_tracker: %s %s -> %d %s\n", req.method.c_str(), req.target.c_str(), res.status,
                 res.body.c_str());
    __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  World& w = world();
  // The bytes as Jira JSON (read as the connector reads answers): an issue, and a webhook delivery.
  if (auto j = jira::parse_json(text)) (void)jira::decode_issue(*j, w.catalog);
  (void)jira::parse_webhook({{"X-Atlassian-Webhook-Identifier", "1"}, {"X-Atlassian-Webhook-Retry", "0"}}, text,
                            w.catalog);
  // As multipart, with a fixed boundary and with one taken from the first line.
  (void)net::parse_multipart("multipart/form-data; boundary=b0", text);
  const size_t eol = text.find('\n');
  if (eol != std::string::npos && eol < 100) {
    (void)net::parse_multipart("multipart/form-data; boundary=" + text.substr(0, eol), text.substr(eol + 1));
  }
  // As a request to the tracker.
  fuzz_request(data, size);
  return 0;
}
