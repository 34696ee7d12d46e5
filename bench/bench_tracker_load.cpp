// bench_tracker_load — load from a second process against a running `twinsync tracker`: issue
// creates per second, then issue GETs per second, each from N threads with one keep-alive
// connection each. Prints one line per phase (rate, p50, p99, errors). See BENCHMARKS.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "runtime/net/http.h"

namespace {

using namespace twinsync;
using Clock = std::chrono::steady_clock;

struct Args {
  std::string url = "http://127.0.0.1:18080";
  std::string user = "admin@example.com";
  std::string token;
  std::string project = "DEMO";
  int threads = 2;
  double seconds = 10;
};

std::string base64(const std::string& in) {
  static const char* t = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    const unsigned n = (unsigned char)in[i] << 16 | (unsigned char)in[i + 1] << 8 | (unsigned char)in[i + 2];
    for (int k = 18; k >= 0; k -= 6) out += t[(n >> k) & 63];
  }
  if (i < in.size()) {
    const unsigned n = (unsigned char)in[i] << 16 | (i + 1 < in.size() ? (unsigned char)in[i + 1] << 8 : 0);
    out += t[(n >> 18) & 63];
    out += t[(n >> 12) & 63];
    out += i + 1 < in.size() ? t[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

struct PhaseResult {
  std::vector<double> latencies_us;
  long errors = 0;
  double seconds = 0;
};

// Runs `make(thread, i)` requests on every thread until the time is up.
template <typename Make>
PhaseResult run_phase(const Args& a, const net::Endpoint& ep, Make make) {
  std::vector<PhaseResult> per(static_cast<size_t>(a.threads));
  const auto start = Clock::now();
  const auto end = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(a.seconds));
  std::vector<std::thread> pool;
  for (int t = 0; t < a.threads; ++t) {
    pool.emplace_back([&, t] {
      auto client = net::make_http_client(ep);
      if (!client) return;
      PhaseResult& r = per[static_cast<size_t>(t)];
      for (long i = 0; Clock::now() < end; ++i) {
        net::HttpRequest req = make(t, i);
        const auto t0 = Clock::now();
        auto res = (*client)->send(req);
        const auto us = std::chrono::duration<double, std::micro>(Clock::now() - t0).count();
        if (!res || res->status >= 300) ++r.errors;
        else r.latencies_us.push_back(us);
      }
    });
  }
  for (auto& th : pool) th.join();
  PhaseResult all;
  all.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  for (auto& r : per) {
    all.errors += r.errors;
    all.latencies_us.insert(all.latencies_us.end(), r.latencies_us.begin(), r.latencies_us.end());
  }
  std::sort(all.latencies_us.begin(), all.latencies_us.end());
  return all;
}

void report(const char* name, const PhaseResult& r) {
  const auto pct = [&](double p) {
    return r.latencies_us.empty() ? 0.0 : r.latencies_us[static_cast<size_t>(p * (r.latencies_us.size() - 1))];
  };
  std::printf("%-8s %9.0f req/s  p50 %7.1f us  p99 %7.1f us  ok %ld  errors %ld\n", name,
              static_cast<double>(r.latencies_us.size()) / r.seconds, pct(0.5), pct(0.99),
              static_cast<long>(r.latencies_us.size()), r.errors);
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  CLI::App app{"Load on a running `twinsync tracker`: issue creates/s, then issue GETs/s"};
  app.add_option("--url", a.url, "the tracker's base URL")->capture_default_str();
  app.add_option("--user", a.user, "the user's e-mail (Basic auth)")->capture_default_str();
  app.add_option("--token", a.token, "the user's API token")->required();
  app.add_option("--project", a.project, "project to create issues in")->capture_default_str();
  app.add_option("--threads", a.threads, "client threads, one keep-alive connection each")->capture_default_str();
  app.add_option("--seconds", a.seconds, "duration of each phase")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  auto ep = net::parse_endpoint(a.url);
  if (!ep) {
    std::fprintf(stderr, "bench_tracker_load: %s\n", ep.error().message.c_str());
    return 2;
  }
  const std::string auth = "Basic " + base64(a.user + ":" + a.token);
  const std::string body_head = R"({"fields":{"project":{"key":")" + a.project +
                                R"("},"issuetype":{"name":"Task"},"summary":"load )";
  auto creates = run_phase(a, *ep, [&](int t, long i) {
    net::HttpRequest r{"POST", "/rest/api/2/issue", {{"Authorization", auth}, {"Content-Type", "application/json"}},
                       body_head + std::to_string(t) + "-" + std::to_string(i) +
                           R"(","description":"Steps: *open* the app","labels":["load"]}})"};
    return r;
  });
  report("create", creates);
  if (creates.latencies_us.empty()) return 1;
  // GETs of issues the create phase made, spread over all of them.
  const long made = static_cast<long>(creates.latencies_us.size());
  std::atomic<long> next{0};
  auto gets = run_phase(a, *ep, [&](int, long) {
    const long k = next.fetch_add(1) % made + 1;
    return net::HttpRequest{"GET", "/rest/api/2/issue/" + a.project + "-" + std::to_string(k),
                            {{"Authorization", auth}}, ""};
  });
  report("get", gets);
  return creates.errors + gets.errors == 0 ? 0 : 1;
}
