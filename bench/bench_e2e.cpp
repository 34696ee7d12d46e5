// bench_e2e.cpp — twinsync end to end: two embedded trackers (blue, green), two nodes paired by
// invitation and talking over the signed HTTP transport on loopback, webhooks bringing changes.
//
//   latency     a summary edit on blue until the twin's summary changed on green, p50/p99, taken
//               from the two trackers' changelog timestamps (no polling in the measurement), at
//               low load and at a paced 500 edits per second;
//   throughput  issues created on blue as fast as the clients can, until every twin exists on
//               green with its comments: issues synced per second;
//   bulk        N issues already on blue, `bulk` starts them: seconds until blue's node holds every
//               twin synchronized (green's node answered each after writing it), then green is
//               checked for every twin and comment, untimed (and 300 issues with 2 comments each:
//               the python3-jira peer's job, timed the same way: until its own record says done);
//   http        the raw loopback HTTP request rate of the same server code, the ceiling.
//
// Usage: bench_e2e [--mode latency|throughput|bulk|http|all] [--bulk 1000,10000] [--issues N] [--rate R] [--seconds S]
//                  [--workers N]   (each node's incoming workers; the node file's default otherwise)
//                  [--comments N]  (comments on each issue of the --bulk runs; default 0)
//                  [--trackers embedded|process]  (the trackers in this process, the default, or each a
//                  `twinsync tracker` process of its own, as the python3-jira peer's run has them)
// Prints one JSON object per measurement on stdout (bench/run collects them), notes on stderr.
// Environment: TWINSYNC_BENCH_TRACE=1 prints each node's queues four times a second during a bulk
// run (which side holds the backlog); TWINSYNC_BENCH_DEDICATED=1 runs both nodes with
// `dedicatedAccount true`; TWINSYNC_BENCH_TRACKER_LOG=1 logs every tracker request with its time;
// TWINSYNC_BENCH_KEEP=1 leaves the nodes' and trackers' stores behind (the path is printed).
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "bench/process_memory.h"
#include "bench/tracker_process.h"
#include "compiler/vm/datetime.h"
#include "runtime/demo/demo_report.h"
#include "runtime/jira/client.h"
#include "runtime/net/http_server.h"
#include "runtime/node/node.h"
#include "runtime/tracker/tracker.h"
#include "runtime/transport/master_key.h"

using namespace twinsync;
using Json = nlohmann::json;
using Clock = std::chrono::steady_clock;

namespace {

// The two nodes' rule files: blue sends every QA issue, green creates the twins.
constexpr const char* kRulesDir = TWINSYNC_SOURCE_DIR "/bench/rules/";

int g_workers = 0;  // --workers; 0 keeps the node's default
bool g_tracker_processes = false;  // --trackers process

// A tracker of the bench: where it answers and its admin, whom the node signs in as. Embedded in
// this process (--trackers embedded, the default) or a process of its own (--trackers process).
struct Site {
  std::string url, admin_email, admin_token;
  std::unique_ptr<tracker::Tracker> embedded;
  std::unique_ptr<bench::TrackerProcess> process;
  std::string webhooks_pending() const { return embedded ? std::to_string(embedded->webhooks_pending()) : "?"; }
};

struct User {
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<jira::JiraClient> client;
  Result<Json> post(const std::string& path, const Json& body) {
    return client->transport().send_json(jira::Call::json("POST", path, body, jira::Repeat::OnlyIfUnsent));
  }
  Status put(const std::string& path, const Json& body) {
    auto r = client->transport().send(jira::Call::json("PUT", path, body, jira::Repeat::OnlyIfUnsent));
    return r ? ok_status() : Status(r.error());
  }
};

[[noreturn]] void die(const std::string& what) {
  std::cerr << "bench_e2e: " << what << "\n";
  std::exit(2);
}

// The people who make the changes: an account of their own on each tracker, not the nodes' (the
// admin), as a sync runs in practice, so that a node with a dedicated account can tell them apart.
constexpr const char* kPerson = "tester";

User user(const Site& t) {
  auto u = demo::user_client(t.url, std::string(kPerson) + "@example.com", std::string(kPerson) + "-bench-token");
  if (!u) die(u.error().message);
  return User{std::move(u->http), std::move(u->client)};
}

class World {
 public:
  explicit World(bool start_nodes = true) {
    static int worlds = 0;  // one directory per world: a kept one is never reused by the next
    dir_ = std::filesystem::temp_directory_path() /
           ("twinsync-bench-e2e-" + std::to_string(::getpid()) + "-" + std::to_string(++worlds));
    std::filesystem::create_directories(dir_);
    blue_ = start_tracker("QA");
    green_ = start_tracker("DEV");
    if (start_nodes) this->start_nodes();
  }
  ~World() {
    if (qa_) qa_->stop();
    if (dev_) dev_->stop();
    blue_.reset();  // a tracker process stops before its directory goes
    green_.reset();
    if (std::getenv("TWINSYNC_BENCH_KEEP")) {
      std::cerr << "bench_e2e: stores kept in " << dir_.string() << "\n";
      return;
    }
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  void start_nodes() {
    qa_ = start_node("qa", *blue_, "bench_out", std::string(kRulesDir) + "e2e_blue.sync");
    dev_ = start_node("dev", *green_, "bench_in", std::string(kRulesDir) + "e2e_green.sync");
    auto code = dev_->invite("bench_in", std::chrono::minutes(5));
    if (!code) die(code.error().message);
    if (auto p = qa_->accept_invitation(*code, "bench_out"); !p) die(p.error().message);
  }

  Site& blue() { return *blue_; }
  Site& green() { return *green_; }
  /// The trackers' pids when they are processes of their own (--trackers process), else none.
  std::vector<pid_t> tracker_pids() const {
    std::vector<pid_t> out;
    for (const Site* s : {blue_.get(), green_.get()}) {
      if (s && s->process) out.push_back(s->process->pid());
    }
    return out;
  }
  node::Node& qa() { return *qa_; }
  node::Node& dev() { return *dev_; }

  std::string twin_of(const std::string& key) {
    auto s = qa_->issue_status(key);
    return s && !s->empty() ? (*s)[0].remote_key : std::string();
  }

  /// Waits until blue's node knows every key's twin (green's node answered each with its key,
  /// after the twin and its comments were written); false on timeout. The nodes' own record, as
  /// the python3-jira script stops its clock on its own record; both check green afterwards,
  /// outside the time (wait_twins). One indexed read per key, and a pause only while the next
  /// key waits: a count of all twins, asked every few ms, would cost a 100,000-twin run a core.
  bool wait_synchronized(const std::vector<std::string>& keys, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    size_t done = 0;
    while (done < keys.size() && Clock::now() < deadline) {
      if (!twin_of(keys[done]).empty()) {
        ++done;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
      }
    }
    return done == keys.size();
  }

  /// Waits until every key has a twin with `comments` comments on green; false on timeout.
  bool wait_twins(const std::vector<std::string>& keys, size_t comments, std::chrono::seconds timeout) {
    const auto deadline = Clock::now() + timeout;
    User g = user(*green_);
    size_t done = 0;
    while (done < keys.size() && Clock::now() < deadline) {
      const std::string twin = twin_of(keys[done]);
      bool ok = !twin.empty();
      if (ok && comments > 0) {
        auto c = g.client->comments(twin);
        ok = c && c->is_list() && c->as_list().size() >= comments;
      }
      if (ok) {
        ++done;
      } else {
        // Each look takes the node's store for a moment and reads the twin: looked at every
        // 5 ms, this loop took one of the machine's two cores from the run it measures.
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
      }
    }
    return done == keys.size();
  }

 private:
  std::unique_ptr<Site> start_tracker(const std::string& project) {
    auto site = std::make_unique<Site>();
    const std::string person = std::string(kPerson) + ":" + kPerson + "@example.com:" + kPerson + "-bench-token";
    const bool log = std::getenv("TWINSYNC_BENCH_TRACKER_LOG") != nullptr;  // where the requests go
    if (g_tracker_processes) {
      auto token = transport::generate_master_key_text();  // any long random text serves as a token
      if (!token) die(token.error().message);
      std::string why;
      site->process = bench::TrackerProcess::start({dir_, project, *token, {person}, log}, why);
      if (!site->process) die(why);
      site->url = site->process->url();
      site->admin_email = "admin@example.com";
      site->admin_token = *token;
      return site;
    }
    tracker::TrackerOptions o;
    o.db_path = (dir_ / (project + "-tracker.db")).string();
    o.project_key = project;
    o.project_name = project;
    o.webhook_retry_base = std::chrono::milliseconds(100);
    o.users = {person};
    o.log_requests = log;
    auto t = tracker::Tracker::start(o);
    if (!t) die(t.error().message);
    site->embedded = std::move(*t);
    site->url = site->embedded->base_url();
    site->admin_email = site->embedded->seeded_admin()->email;
    site->admin_token = site->embedded->seeded_admin()->api_token;
    return site;
  }

  std::unique_ptr<node::Node> start_node(const std::string& name, const Site& t, const std::string& connection,
                                         const std::string& rules) {
    const std::string token = "TWINSYNC_BENCH_" + name + "_TOKEN", master = "TWINSYNC_BENCH_" + name + "_MASTER";
    ::setenv(token.c_str(), t.admin_token.c_str(), 1);
    auto key = transport::generate_master_key_text();
    if (!key) die(key.error().message);
    ::setenv(master.c_str(), key->c_str(), 1);
    node::NodeConfig c;
    c.name = name;
    c.store = (dir_ / (name + ".db")).string();
    c.master_key.env = master;
    c.tracker.url = t.url;
    c.tracker.user = t.admin_email;
    c.tracker.token.env = token;
    // Webhooks carry the changes. No poller: its first round looks back a day, so on a tracker
    // filled just before it would visit every issue a second time beside the bulk run.
    c.tracker.poll_seconds = 0;
    c.tracker.register_webhook = true;
    c.tracker.dedicated_account = std::getenv("TWINSYNC_BENCH_DEDICATED") != nullptr;
    if (g_workers > 0) c.workers = g_workers;
    node::ConnectionConfig cc;
    cc.name = connection;
    cc.rules = rules;
    c.connections.push_back(cc);
    node::NodeOptions no;
    no.log = [name](const std::string& line) {
      if (std::getenv("TWINSYNC_BENCH_LOG")) std::cerr << "[" << name << "] " << line << "\n";
    };
    auto n = node::Node::start(c, no);
    if (!n) die(n.error().message);
    return std::move(*n);
  }

  std::filesystem::path dir_;
  std::unique_ptr<Site> blue_, green_;
  std::unique_ptr<node::Node> qa_, dev_;
};

Json issue_fields(int i, const std::string& tag) {
  return {{"project", {{"key", "QA"}}},
          {"issuetype", {{"name", "Bug"}}},
          {"summary", tag + " issue " + std::to_string(i)},
          {"description", "Steps to reproduce *issue* " + std::to_string(i)},
          {"priority", {{"name", "High"}}},
          {"labels", {"bench", tag}}};
}

/// Creates `n` issues on blue with `comments` comments each, from `threads` clients at once.
std::vector<std::string> create_issues(const Site& t, int n, int comments, const std::string& tag, int threads = 4) {
  std::vector<std::string> keys(static_cast<size_t>(n));
  std::atomic<int> next{0};
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    pool.emplace_back([&] {
      User u = user(t);
      for (int i = next++; i < n; i = next++) {
        auto made = u.post("/rest/api/2/issue", {{"fields", issue_fields(i, tag)}});
        if (!made) die("create: " + made.error().message);
        keys[static_cast<size_t>(i)] = (*made)["key"];
        for (int c = 0; c < comments; ++c) {
          if (auto r = u.client->add_comment(keys[static_cast<size_t>(i)], "comment " + std::to_string(c)); !r) {
            die("comment: " + r.error().message);
          }
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  return keys;
}

// On-CPU milliseconds so far of the threads under `proc` (/proc/PID), added to `out` by role:
// `role` when given, else by the thread's name (the trackers' "tracker-*", the nodes' "node-*" and
// "xport-*", the rest the bench's own), from the kernel's per-thread schedstat (nanoseconds).
void add_cpu_ms(const std::filesystem::path& proc, const std::string& role, std::map<std::string, double>& out) {
  std::error_code ec;
  for (const auto& task : std::filesystem::directory_iterator(proc / "task", ec)) {
    std::ifstream comm(task.path() / "comm"), sched(task.path() / "schedstat");
    std::string name;
    double ns = 0;
    if (!std::getline(comm, name) || !(sched >> ns)) continue;
    const std::string by_name = name.rfind("tracker", 0) == 0                              ? "trackers"
                                : name.rfind("node", 0) == 0 || name.rfind("xport", 0) == 0 ? "nodes"
                                                                                            : "bench";
    out[role.empty() ? by_name : role] += ns / 1e6;
  }
}

// This process's threads by role, and the world's tracker processes' as "trackers". Threads that
// ended are not counted: take it around a window in which the trackers' and nodes' threads live throughout.
std::map<std::string, double> cpu_ms_by_role(const World& w) {
  std::map<std::string, double> out;
  add_cpu_ms("/proc/self", "", out);
  for (pid_t pid : w.tracker_pids()) add_cpu_ms("/proc/" + std::to_string(pid), "trackers", out);
  return out;
}

// Resident memory of this process and the world's tracker processes together, in MB.
double resident_mb_all(const World& w) {
  double mb = bench::resident_mb();
  for (pid_t pid : w.tracker_pids()) mb += bench::resident_mb(pid);
  return mb;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  const size_t i = std::min(v.size() - 1, static_cast<size_t>(p / 100.0 * static_cast<double>(v.size())));
  return v[i];
}

// When a summary became `value` on `key`, from the tracker's changelog (ms); 0 if it never did.
std::map<std::string, int64_t> summary_times(jira::JiraClient& c, const std::string& key) {
  std::map<std::string, int64_t> out;
  auto log = c.changelog(key);
  if (!log) return out;
  for (const auto& e : *log) {
    for (const auto& item : e.items) {
      if (item.field == "summary" && item.to_string) out.emplace(*item.to_string, e.created_ms);
    }
  }
  return out;
}

// TWINSYNC_BENCH_TRACE: each node's queues and the green tracker's webhooks, four times a second,
// to see which side holds a bulk run's backlog.
class BacklogTrace {
 public:
  BacklogTrace(World& w, Clock::time_point start) {
    if (!std::getenv("TWINSYNC_BENCH_TRACE")) return;
    thread_ = std::thread([this, &w, start] {
      while (!done_) {
        auto q = w.qa().status(), d = w.dev().status();
        if (q && d && !q->empty() && !d->empty()) {
          std::cerr << "t=" << std::chrono::duration<double>(Clock::now() - start).count() << " qa out "
                    << (*q)[0].pending_out << " in " << (*q)[0].pending_in << " | dev out " << (*d)[0].pending_out
                    << " in " << (*d)[0].pending_in << " | webhooks pending blue " << w.blue().webhooks_pending()
                    << " green " << w.green().webhooks_pending() << "\n";
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
      }
    });
  }
  ~BacklogTrace() { stop(); }
  void stop() {
    done_ = true;
    if (thread_.joinable()) thread_.join();
  }

 private:
  std::atomic<bool> done_{false};
  std::thread thread_;
};

Json latency_run(World& w, const std::vector<std::string>& keys, double rate, double seconds, const std::string& name) {
  const int edits = std::max(1, static_cast<int>(rate * seconds));
  const int threads = rate > 100 ? 4 : 1;
  std::atomic<int> next{0};
  const auto start = Clock::now();
  const auto interval = std::chrono::duration<double>(1.0 / rate);
  BacklogTrace trace(w, start);
  std::vector<std::thread> pool;
  for (int k = 0; k < threads; ++k) {
    pool.emplace_back([&] {
      User u = user(w.blue());
      for (int i = next++; i < edits; i = next++) {
        std::this_thread::sleep_until(start + std::chrono::duration_cast<Clock::duration>(interval * i));
        const std::string& key = keys[static_cast<size_t>(i) % keys.size()];
        (void)u.put("/rest/api/2/issue/" + key, {{"fields", {{"summary", name + " edit " + std::to_string(i)}}}});
      }
    });
  }
  for (auto& th : pool) th.join();
  const double sent_seconds = std::chrono::duration<double>(Clock::now() - start).count();
  (void)w.qa().wait_idle(std::chrono::seconds(60));
  std::this_thread::sleep_for(std::chrono::seconds(1));

  (void)w.dev().wait_idle(std::chrono::seconds(60));

  // Each edit's latency: until the twin showed it or a later edit of the same issue (one the
  // sync folded into a later write reached the twin with that write), so every edit counts.
  User b = user(w.blue()), g = user(w.green());
  std::vector<double> ms;
  size_t arrived = 0, missing = 0;
  const std::string prefix = name + " edit ";
  auto edit_times = [&prefix](const std::map<std::string, int64_t>& values) {
    std::map<int, int64_t> by_edit;  // edit number (their order on one issue) -> time
    for (const auto& [value, at] : values) {
      if (value.rfind(prefix, 0) == 0) by_edit.emplace(std::stoi(value.substr(prefix.size())), at);
    }
    return by_edit;
  };
  for (const std::string& key : keys) {
    const auto sent = edit_times(summary_times(*b.client, key));
    const auto got = edit_times(summary_times(*g.client, w.twin_of(key)));
    for (const auto& [edit, at] : sent) {
      int64_t reached = INT64_MAX;
      for (auto it = got.lower_bound(edit); it != got.end(); ++it) reached = std::min(reached, it->second);
      if (reached == INT64_MAX) {
        ++missing;
        continue;
      }
      arrived += got.count(edit);
      ms.push_back(static_cast<double>(reached - at));
    }
  }
  Json r = {{"name", "e2e_latency_" + name}, {"edits", edits}, {"edits_per_second", edits / sent_seconds},
            {"applied_as_sent", arrived}, {"never_reached", missing}, {"p50_ms", percentile(ms, 50)}, {"p99_ms", percentile(ms, 99)},
            {"max_ms", ms.empty() ? 0 : *std::max_element(ms.begin(), ms.end())}};
  return r;
}

Json throughput_run(World& w, int n) {
  const auto start = Clock::now();
  auto keys = create_issues(w.blue(), n, 2, "tp");
  const double created = std::chrono::duration<double>(Clock::now() - start).count();
  if (!w.wait_twins(keys, 2, std::chrono::seconds(600))) die("throughput: not every twin arrived in 600 s");
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  return {{"name", "e2e_throughput"}, {"issues", n}, {"comments_per_issue", 2}, {"create_seconds", created},
          {"seconds", s}, {"issues_per_second", n / s}};
}

Json bulk_run(int n, int comments, const std::string& name) {
  World w(false);
  auto keys = create_issues(w.blue(), n, comments, "bulk");
  w.start_nodes();
  const auto start = Clock::now();
  const auto cpu_before = cpu_ms_by_role(w);
  BacklogTrace trace(w, start);
  auto queued = w.qa().bulk("bench_out", "everything");
  if (!queued) die("bulk: " + queued.error().message);
  if (!w.wait_synchronized(keys, std::chrono::seconds(3600))) die("bulk: not every twin arrived");
  const double s = std::chrono::duration<double>(Clock::now() - start).count();
  Json cpu = Json::object();
  for (const auto& [role, ms] : cpu_ms_by_role(w)) {
    const auto before = cpu_before.find(role);
    cpu[role] = (ms - (before == cpu_before.end() ? 0.0 : before->second)) / n;
  }
  trace.stop();
  // What the nodes' record says must be on green: every twin with its comments (not timed).
  if (!w.wait_twins(keys, static_cast<size_t>(comments), std::chrono::seconds(60 + keys.size() / 50))) {
    die("bulk: a twin or comment is missing on green");
  }
  // resident_mb: the two trackers and two nodes together.
  return {{"name", name}, {"issues", n}, {"comments_per_issue", comments}, {"seconds", s}, {"issues_per_second", n / s},
          {"resident_mb", resident_mb_all(w)}, {"cpu_ms_per_issue", cpu},
          {"trackers", g_tracker_processes ? "process" : "embedded"}};
}

// The ceiling for any HTTP path here: the same Beast server answering "{}" at once, loaded by two
// keep-alive clients on loopback.
Json raw_http_run(double seconds) {
  net::ServerOptions so;
  so.host = "127.0.0.1";
  so.port = 0;
  so.worker_threads = 1;
  auto server = net::HttpServer::start(so, [](const net::HttpRequest&) {
    net::HttpResponse r;
    r.status = 200;
    r.body = "{}";
    return r;
  });
  if (!server) die(server.error().message);
  std::atomic<int64_t> done{0};
  const auto until = Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> pool;
  for (int k = 0; k < 2; ++k) {
    pool.emplace_back([&] {
      auto endpoint = net::parse_endpoint("http://127.0.0.1:" + std::to_string((*server)->port()));
      auto client = net::make_http_client(*endpoint);
      if (!client) die(client.error().message);
      while (Clock::now() < until) {
        auto r = (*client)->send(net::HttpRequest{"GET", "/x", {}, ""});
        if (!r) die(r.error().message);
        ++done;
      }
    });
  }
  for (auto& th : pool) th.join();
  (*server)->stop();
  return {{"name", "raw_loopback_http"}, {"requests", done.load()}, {"requests_per_second", done.load() / seconds}};
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = "all";
  int issues = 1000;
  double rate = 500, seconds = 10;
  std::vector<int> bulk_sizes = {1000, 10000};
  int bulk_comments = 0;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--mode") mode = v;
    else if (a == "--issues") issues = std::stoi(v);
    else if (a == "--rate") rate = std::stod(v);
    else if (a == "--seconds") seconds = std::stod(v);
    else if (a == "--workers") g_workers = std::stoi(v);
    else if (a == "--comments") bulk_comments = std::stoi(v);
    else if (a == "--trackers" && (v == "process" || v == "embedded")) g_tracker_processes = v == "process";
    else if (a == "--bulk") {
      bulk_sizes.clear();
      for (size_t at = 0; at < v.size();) {
        const size_t comma = std::min(v.find(',', at), v.size());
        bulk_sizes.push_back(std::stoi(v.substr(at, comma - at)));
        at = comma + 1;
      }
    } else die("unknown argument " + a);
  }
  if (mode == "latency" || mode == "throughput" || mode == "all") {
    World w;
    auto keys = create_issues(w.blue(), 200, 0, "warm");
    if (!w.wait_twins(keys, 0, std::chrono::seconds(120))) die("warm-up: twins did not arrive");
    if (mode != "throughput") {
      std::cout << latency_run(w, keys, 20, std::min(seconds, 10.0), "low").dump() << std::endl;
      std::cout << latency_run(w, keys, rate, seconds, "r" + std::to_string(static_cast<int>(rate))).dump() << std::endl;
    }
    if (mode != "latency") std::cout << throughput_run(w, issues).dump() << std::endl;
  }
  if (mode == "http" || mode == "all") std::cout << raw_http_run(5).dump() << std::endl;
  if (mode == "bulk" || mode == "all") {
    // The python3-jira peer's job: 300 issues with 2 comments each, already there, synced one way.
    std::cout << bulk_run(300, 2, "e2e_sync_300_c2").dump() << std::endl;
    for (int n : bulk_sizes) {
      const std::string name = "e2e_bulk_" + std::to_string(n) + (bulk_comments ? "_c" + std::to_string(bulk_comments) : "");
      std::cout << bulk_run(n, bulk_comments, name).dump() << std::endl;
    }
  }
  return 0;
}
