// Connector overhead per request: JiraClient building requests and reading answers, against a
// canned in-memory HttpClient (no network, no server work). The answers are real tracker JSON,
// captured once from an in-process embedded tracker (REST v3: ADF, custom fields, comments).
#include <benchmark/benchmark.h>

#include <map>

#include "runtime/jira/client.h"
#include "runtime/jira/webhook.h"
#include "runtime/tracker/service.h"

namespace {

using namespace twinsync;

constexpr const char* kAuth = "Basic YWRtaW5AZXhhbXBsZS5jb206YmVuY2gtYWRtaW4tdG9rZW4tMDEyMzQ1Njc4OQ==";

// Answers by "METHOD path-prefix"; the longest matching prefix wins.
class CannedHttpClient final : public net::HttpClient {
 public:
  void answer(const std::string& method, const std::string& prefix, net::HttpResponse r) {
    answers_[method + " " + prefix] = std::move(r);
  }
  Result<net::HttpResponse> send(const net::HttpRequest& request) override {
    const std::string line = request.method + " " + request.target;
    const net::HttpResponse* best = nullptr;
    size_t best_len = 0;
    for (const auto& [prefix, r] : answers_) {
      if (line.rfind(prefix, 0) == 0 && prefix.size() > best_len) {
        best = &r;
        best_len = prefix.size();
      }
    }
    if (!best) return make_error("no canned answer for " + line, ErrorKind::Network);
    return *best;
  }

 private:
  std::map<std::string, net::HttpResponse> answers_;
};

net::HttpResponse ask(tracker::TrackerService& s, const std::string& method, const std::string& target,
                      const std::string& body = "") {
  net::HttpRequest r{method, target, {{"Authorization", kAuth}}, body};
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  return s.handle(r);
}

// The tracker's answers for an issue with a rich description, custom fields and five comments,
// and for a search page of 50 such issues.
CannedHttpClient& canned() {
  static CannedHttpClient http = [] {
    tracker::TrackerOptions opt;
    opt.db_path = ":memory:";
    opt.admin_token = "bench-admin-token-0123456789";
    auto svc = tracker::TrackerService::open(opt);
    (*svc)->set_base_url("http://127.0.0.1:8080");
    tracker::TrackerService& s = **svc;
    const std::string issue = R"({"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},
      "summary":"Crash when saving a file with a long name","labels":["sync","crash"],"priority":{"name":"High"},
      "description":"h2. Steps\n\n# open the editor\n# save as *a very long name*\n\n{code}\nTrace: at save()\n{code}",
      "customfield_10010":5,"customfield_10012":{"value":"S2 - Major"},"customfield_10013":[{"value":"Linux"}],
      "assignee":{"name":"ann"}}})";
    for (int i = 0; i < 50; ++i) ask(s, "POST", "/rest/api/2/issue", issue);
    for (int i = 0; i < 5; ++i) ask(s, "POST", "/rest/api/2/issue/DEMO-1/comment", R"({"body":"I can *reproduce* it"})");
    CannedHttpClient c;
    c.answer("GET", "/rest/api/2/serverInfo", ask(s, "GET", "/rest/api/2/serverInfo"));
    c.answer("GET", "/rest/api/3/field", ask(s, "GET", "/rest/api/3/field"));
    c.answer("GET", "/rest/api/3/issue/DEMO-1", ask(s, "GET", "/rest/api/3/issue/DEMO-1"));
    c.answer("PUT", "/rest/api/3/issue/DEMO-1", net::HttpResponse{204, {}, ""});
    c.answer("POST", "/rest/api/3/issue/DEMO-1/comment",
             ask(s, "POST", "/rest/api/3/issue/DEMO-1/comment",
                 R"({"body":{"type":"doc","version":1,"content":[{"type":"paragraph","content":[{"type":"text","text":"ok"}]}]}})"));
    c.answer("POST", "/rest/api/3/search/jql",
             ask(s, "POST", "/rest/api/3/search/jql", R"({"jql":"project = DEMO","fields":["*all"],"maxResults":50})"));
    return c;
  }();
  return http;
}

std::unique_ptr<jira::JiraClient> client() {
  jira::JiraConfig config;
  config.base_url = "http://127.0.0.1:8080";
  config.credentials = jira::Credentials::basic("admin@example.com", "bench-admin-token-0123456789");
  auto c = std::make_unique<jira::JiraClient>(canned(), config);
  if (!c->connect()) std::abort();
  return c;
}

// Bytes of the canned answer to a request: the cost is mostly reading that JSON.
int64_t answer_bytes(const std::string& method, const std::string& target) {
  auto r = canned().send(net::HttpRequest{method, target, {}, ""});
  return r ? static_cast<int64_t>(r->body.size()) : 0;
}

void BM_ConnectorGetIssue(benchmark::State& state) {
  auto c = client();
  for (auto _ : state) {
    auto issue = c->get_issue("DEMO-1");
    if (!issue) state.SkipWithError(issue.error().message.c_str());
    benchmark::DoNotOptimize(issue);
  }
  state.SetBytesProcessed(state.iterations() * answer_bytes("GET", "/rest/api/3/issue/DEMO-1"));
}
BENCHMARK(BM_ConnectorGetIssue);

void BM_ConnectorEditIssue(benchmark::State& state) {
  auto c = client();
  jira::WantedChanges w;
  w.set(IssueSlot::Summary, Value::string("Crash when saving (synced)"));
  w.set(IssueSlot::Description, Value::string("h2. Steps\n\n# open\n# *save*"));
  w.set(IssueSlot::Priority, Value::string("Highest"));
  w.set_custom("Story Points", Value::number(8));
  w.add_to(IssueSlot::Labels, Value::string("synced"));
  for (auto _ : state) {
    Status st = c->edit_issue("DEMO-1", w);
    if (!st) state.SkipWithError(st.error().message.c_str());
  }
}
BENCHMARK(BM_ConnectorEditIssue);

void BM_ConnectorAddComment(benchmark::State& state) {
  auto c = client();
  for (auto _ : state) {
    auto comment = c->add_comment("DEMO-1", "Synced from *QA*: [details|https://example.com/x]");
    if (!comment) state.SkipWithError(comment.error().message.c_str());
    benchmark::DoNotOptimize(comment);
  }
}
BENCHMARK(BM_ConnectorAddComment);

// One search page of 50 issues with every field, each decoded to a record: a poll's work.
void BM_ConnectorSearchPage50(benchmark::State& state) {
  auto c = client();
  jira::SearchRequest request;
  request.jql = "project = DEMO";
  request.page_size = 50;
  for (auto _ : state) {
    auto pager = c->search(request);
    auto page = pager.next();
    if (!page) {
      state.SkipWithError(page.error().message.c_str());
      break;
    }
    for (const auto& issue : page->issues) benchmark::DoNotOptimize(jira::decode_issue(issue, c->catalog()));
  }
  state.SetItemsProcessed(state.iterations() * 50);
  state.SetBytesProcessed(state.iterations() * answer_bytes("POST", "/rest/api/3/search/jql"));
}
BENCHMARK(BM_ConnectorSearchPage50);

// A comment_created delivery as Jira Data Center's issue events carry the issue: all of it (v2,
// five comments), with the comment and the user (the embedded tracker now sends Cloud's smaller
// shapes; this is the larger case). BM_WebhookWhole reads all of it; BM_WebhookNotice what a node's intake uses.
const std::string& webhook_body() {
  static const std::string body = [] {
    auto issue = canned().send(net::HttpRequest{"GET", "/rest/api/3/issue/DEMO-1", {}, ""});
    nlohmann::json i = nlohmann::json::parse(issue->body);
    nlohmann::json comment = i["fields"]["comment"]["comments"][0];
    nlohmann::json d{{"timestamp", 1764000000000}, {"webhookEvent", "comment_created"}, {"issue", i},
                     {"comment", comment}, {"user", comment["author"]}};
    return d.dump();
  }();
  return body;
}

template <auto Parse>
void webhook_read(benchmark::State& state) {
  auto c = client();
  const net::Headers headers = {{"X-Atlassian-Webhook-Identifier", "d-1"}};
  for (auto _ : state) {
    auto e = Parse(headers, webhook_body(), c->catalog());
    if (!e || e->version_ms() == 0) state.SkipWithError("the delivery did not read");
    benchmark::DoNotOptimize(e);
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(webhook_body().size()));
}

Result<jira::ChangeEvent> whole(const net::Headers& h, std::string_view b, const jira::FieldCatalog& c) {
  return jira::parse_webhook(h, b, c);
}
void BM_WebhookWhole(benchmark::State& state) { webhook_read<whole>(state); }
BENCHMARK(BM_WebhookWhole);
void BM_WebhookNotice(benchmark::State& state) { webhook_read<jira::parse_webhook_notice>(state); }
BENCHMARK(BM_WebhookNotice);

}  // namespace

BENCHMARK_MAIN();
