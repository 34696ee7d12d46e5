// The embedded tracker's own cost per request, in-process (no sockets): GET and create of an
// issue, and JQL search over 1,000 issues — the poller's query with the compiled-query and
// issue-record caches warm, and a query compiled afresh each time.
#include <benchmark/benchmark.h>

#include "runtime/tracker/service.h"

namespace {

using namespace twinsync;

constexpr const char* kAuth = "Basic YWRtaW5AZXhhbXBsZS5jb206YmVuY2gtYWRtaW4tdG9rZW4tMDEyMzQ1Njc4OQ==";
constexpr const char* kIssue = R"({"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Bug"},
  "summary":"Crash when saving","labels":["sync"],"priority":{"name":"High"},
  "description":"h2. Steps\n\n# open\n# *save*","customfield_10010":5}})";

net::HttpResponse ask(tracker::TrackerService& s, const std::string& method, const std::string& target,
                      const std::string& body = "") {
  net::HttpRequest r{method, target, {{"Authorization", kAuth}}, body};
  if (!body.empty()) r.headers.emplace_back("Content-Type", "application/json");
  return s.handle(r);
}

std::unique_ptr<tracker::TrackerService> service(int issues) {
  tracker::TrackerOptions opt;
  opt.db_path = ":memory:";
  opt.admin_token = "bench-admin-token-0123456789";
  auto svc = tracker::TrackerService::open(opt);
  if (!svc) std::abort();
  (*svc)->set_base_url("http://127.0.0.1:8080");
  for (int i = 0; i < issues; ++i) ask(**svc, "POST", "/rest/api/2/issue", kIssue);
  return std::move(*svc);
}

void BM_TrackerGetIssue(benchmark::State& state) {
  auto s = service(10);
  for (auto _ : state) {
    auto r = ask(*s, "GET", "/rest/api/2/issue/DEMO-5");
    if (r.status != 200) state.SkipWithError("GET failed");
    benchmark::DoNotOptimize(r);
  }
}
BENCHMARK(BM_TrackerGetIssue);

void BM_TrackerCreateIssue(benchmark::State& state) {
  auto s = service(0);
  for (auto _ : state) {
    auto r = ask(*s, "POST", "/rest/api/2/issue", kIssue);
    if (r.status != 201) state.SkipWithError("create failed");
  }
}
BENCHMARK(BM_TrackerCreateIssue);

// The connector's poll: one page of 100 of 1,000 issues, only `updated` rendered.
void BM_TrackerPollSearch1000(benchmark::State& state) {
  auto s = service(1000);
  const std::string body =
      R"({"jql":"(project = DEMO AND labels = sync) AND updated >= \"2000/01/01 00:00\" ORDER BY key ASC",)"
      R"("fields":["updated"],"maxResults":100})";
  for (auto _ : state) {
    auto r = ask(*s, "POST", "/rest/api/3/search/jql", body);
    if (r.status != 200) state.SkipWithError(r.body.c_str());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_TrackerPollSearch1000);

// A query never seen before each time: parse, check and compile, then the same search.
void BM_TrackerSearchNewQuery1000(benchmark::State& state) {
  auto s = service(1000);
  long n = 0;
  for (auto _ : state) {
    const std::string body = R"({"jql":"project = DEMO AND summary ~ crash AND key != DEMO-)" + std::to_string(++n) +
                             R"(","fields":["summary"],"maxResults":10})";
    auto r = ask(*s, "POST", "/rest/api/3/search/jql", body);
    if (r.status != 200) state.SkipWithError(r.body.c_str());
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_TrackerSearchNewQuery1000);

}  // namespace

BENCHMARK_MAIN();
