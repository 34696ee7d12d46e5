// crash_harness.cpp — kills a node process with SIGKILL at random points while changes sync
// between two embedded trackers, restarts it each time, and then checks that every change
// ended up applied exactly once in effect: no lost field change, no duplicate issue or comment.
//
//   crash_harness --twinsync PATH [--changes 1000] [--kills 50] [--seed N] [--dir DIR] [--dedicated yes]
//
// With `--dedicated yes` the nodes run with `dedicatedAccount true` and the changes are made by
// people with accounts of their own: the nodes then write issues they know without reading them.
//
// The trackers run in this process; both nodes run in one child process (`twinsync run`), so
// a kill stops both sides mid-change while the trackers keep every write.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>

#include "compiler/schema/shapes.h"
#include "runtime/demo/demo_report.h"
#include "runtime/net/http_server.h"
#include "runtime/sync/items.h"
#include "runtime/tracker/tracker.h"
#include "tests/crash/harness_rules.h"
#include "tests/support/spawn.h"

namespace twinsync::crash {
namespace {

using Json = nlohmann::json;

struct Options {
  std::string twinsync;
  int changes = 1000;
  int kills = 50;
  unsigned seed = 0;
  std::string dir;
  bool dedicated = false;  // dedicatedAccount true; changes by people, not the nodes' account
};

int free_port() {
  auto s = net::HttpServer::start({}, [](const net::HttpRequest&) { return net::HttpResponse{}; });
  const int p = s ? (*s)->port() : 0;
  return p;
}

void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

std::string node_file(const std::string& dir, tracker::Tracker& blue, tracker::Tracker& green, int blue_port, int green_port,
                      bool dedicated) {
  auto node = [&](const std::string& name, tracker::Tracker& t, int port, const std::string& conn, const std::string& rules,
                  const std::string& peer) {
    return "node " + name + " {\n  listen \"127.0.0.1:" + std::to_string(port) + "\"\n  store \"" + name +
           ".db\"\n  tracker {\n    url \"" + t.base_url() + "\"\n    user \"" + t.seeded_admin()->email +
           "\"\n    token env(\"CRASH_" + name + "_TOKEN\")\n    poll 1\n    registerWebhook true\n" +
           (dedicated ? "    dedicatedAccount true\n" : "") + "  }\n  connection " + conn +
           " {\n    rules \"" + rules + "\"\n    peer \"" + peer + "\"\n  }\n}\n";
  };
  write(dir + "/blue.sync", kBlueRules);
  write(dir + "/green.sync", kGreenRules);
  const std::string text = node(std::string("blue"), blue, blue_port, "qa", "blue.sync", "local:green/dev") +
                           node(std::string("green"), green, green_port, "dev", "green.sync", "local:blue/qa");
  write(dir + "/nodes.sync", text);
  return dir + "/nodes.sync";
}

pid_t spawn(const Options& o, const std::string& nodes) {
  std::cout << std::flush;
  fflush(stdout);
  return testkit::spawn({o.twinsync, "run", nodes}, {"/dev/null", o.dir + "/node.log", /*append=*/true});
}

void kill_node(pid_t pid) {
  kill(pid, SIGKILL);
  int status = 0;
  waitpid(pid, &status, 0);
}

// What the harness did, to check the final state against.
struct Expected {
  std::mutex mu;
  std::map<std::string, std::string> summary;                 // QA key -> last summary
  std::map<std::string, std::multiset<std::string>> comments;  // QA key -> every comment body, both sides
  std::vector<std::string> qa_keys;
};

class Driver {
 public:
  Driver(demo::UserClient& qa, demo::UserClient& dev, Expected& e, unsigned seed) : qa_(qa), dev_(dev), e_(e), rng_(seed) {}

  // One change on one side; false when it could not be made (a tracker error).
  bool step(int n) {
    const int dice = static_cast<int>(rng_() % 100);
    std::lock_guard lock(e_.mu);
    if (e_.qa_keys.empty() || dice < 20) {
      const std::string summary = "crash " + std::to_string(n);
      Json fields = {{"project", {{"key", "QA"}}}, {"issuetype", {{"name", "Bug"}}}, {"summary", summary}, {"labels", {"sync"}}};
      auto r = qa_.client->transport().send_json(
          jira::Call::json("POST", "/rest/api/2/issue", Json{{"fields", fields}}, jira::Repeat::OnlyIfUnsent));
      if (!r) return false;
      const std::string key = (*r)["key"];
      e_.qa_keys.push_back(key);
      e_.summary[key] = summary;
      return true;
    }
    const std::string key = e_.qa_keys[rng_() % e_.qa_keys.size()];
    if (dice < 60) {
      const std::string summary = "crash " + std::to_string(n) + " edited";
      auto r = qa_.client->transport().send(jira::Call::json("PUT", "/rest/api/2/issue/" + key,
                                                             Json{{"fields", {{"summary", summary}}}}, jira::Repeat::Safe));
      if (!r) return false;
      e_.summary[key] = summary;
      return true;
    }
    if (dice < 85) {
      const std::string body = "qa comment " + std::to_string(n);
      if (!qa_.client->add_comment(key, body, Value(), false)) return false;
      e_.comments[key].insert(body);
      return true;
    }
    // A comment on the developers' side, on the twin of `key` when it has one by now.
    jira::SearchRequest q;
    q.jql = "project = DEV";
    q.fields = {"summary"};
    auto found = dev_.client->search_all(q);
    if (!found) return false;
    for (const auto& j : *found) {
      if (j["fields"]["summary"] != e_.summary[key]) continue;
      const std::string body = "dev comment " + std::to_string(n);
      if (!dev_.client->add_comment(j["key"], body, Value(), false)) return false;
      e_.comments[key].insert(body);
      break;
    }
    return true;
  }

 private:
  demo::UserClient& qa_;
  demo::UserClient& dev_;
  Expected& e_;
  std::mt19937 rng_;
};

std::string text(const Value& issue, IssueSlot s) {
  const Value& v = issue.field(slot(s));
  return v.is_string() ? std::string(v.as_string()) : std::string();
}

std::multiset<std::string> bodies(const Value& issue) {
  std::multiset<std::string> out;
  const Value& list = issue.field(slot(IssueSlot::Comments));
  if (!list.is_list()) return out;
  for (const Value& c : list.as_list()) {
    const Value& b = c.field(slot(CommentSlot::Body));
    if (b.is_string()) out.insert(std::string(CommentFormat().strip(b.as_string())));
  }
  return out;
}

// The final check; returns the problems found (empty: exactly once in effect).
std::vector<std::string> verify(demo::UserClient& qa, demo::UserClient& dev, Expected& e) {
  std::vector<std::string> problems;
  jira::SearchRequest q;
  q.jql = "project = DEV";
  q.fields = {"summary"};
  auto devs = dev.client->search_all(q);
  if (!devs) return {"cannot search DEV: " + devs.error().message};
  std::map<std::string, std::vector<std::string>> dev_by_summary;
  for (const auto& j : *devs) dev_by_summary[j["fields"]["summary"].get<std::string>()].push_back(j["key"]);
  if (devs->size() != e.qa_keys.size()) {
    problems.push_back("DEV has " + std::to_string(devs->size()) + " issues for " + std::to_string(e.qa_keys.size()) +
                       " synced QA issues");
  }
  for (const std::string& key : e.qa_keys) {
    auto blue = qa.client->get_issue(key);
    if (!blue) {
      problems.push_back(key + ": " + blue.error().message);
      continue;
    }
    const std::string want = e.summary[key];
    if (text(blue->issue, IssueSlot::Summary) != want) problems.push_back(key + ": QA summary changed by the sync");
    auto it = dev_by_summary.find(want);
    if (it == dev_by_summary.end()) {
      problems.push_back(key + ": no DEV issue has its last summary \"" + want + "\" (a lost change)");
      continue;
    }
    if (it->second.size() != 1) problems.push_back(key + ": " + std::to_string(it->second.size()) + " DEV issues (a duplicate)");
    auto green = dev.client->get_issue(it->second[0]);
    if (!green) continue;
    const auto qa_comments = bodies(blue->issue), dev_comments = bodies(green->issue);
    auto show = [](const std::multiset<std::string>& m) {
      std::string out;
      for (const auto& x : m) out += "[" + x + "]";
      return out;
    };
    if (qa_comments != e.comments[key]) {
      problems.push_back(key + ": QA comments " + show(qa_comments) + " instead of " + show(e.comments[key]));
    }
    if (dev_comments != e.comments[key]) {
      problems.push_back(key + " ~ " + it->second[0] + ": DEV comments " + show(dev_comments) + " instead of " +
                         show(e.comments[key]));
    }
  }
  return problems;
}

}  // namespace

int run(Options o) {
  if (o.dir.empty()) {
    // Pid plus a random number: pids repeat, and a folder kept from a failed run must not be reused.
    std::random_device rd;
    o.dir = (std::filesystem::temp_directory_path() /
             ("twinsync-crash-" + std::to_string(getpid()) + "-" + std::to_string(rd())))
                .string();
  }
  std::filesystem::create_directories(o.dir);
  tracker::TrackerOptions to;
  to.project_key = "QA";
  to.db_path = o.dir + "/blue-tracker.db";
  to.webhook_retry_base = std::chrono::milliseconds(50);
  if (o.dedicated) to.users = {"person:person@example.com:person-token-for-crash"};
  auto blue = tracker::Tracker::start(to);
  to.project_key = "DEV";
  to.db_path = o.dir + "/green-tracker.db";
  auto green = tracker::Tracker::start(to);
  if (!blue || !green) {
    std::cerr << "crash_harness: a tracker did not start\n";
    return 2;
  }
  setenv("CRASH_blue_TOKEN", (*blue)->seeded_admin()->api_token.c_str(), 1);
  setenv("CRASH_green_TOKEN", (*green)->seeded_admin()->api_token.c_str(), 1);
  const std::string nodes = node_file(o.dir, **blue, **green, free_port(), free_port(), o.dedicated);
  // Who makes the changes: a person of their own, or (the default) the nodes' account, as a
  // small site without a sync-only account would.
  auto maker = [&](tracker::Tracker& t) {
    return o.dedicated ? demo::user_client(t.base_url(), "person@example.com", "person-token-for-crash")
                       : demo::user_client(t.base_url(), t.seeded_admin()->email, t.seeded_admin()->api_token);
  };
  auto qa = maker(**blue);
  auto dev = maker(**green);
  if (!qa || !dev) return 2;

  Expected expected;
  std::atomic<pid_t> child{spawn(o, nodes)};
  std::atomic<int> kills{0};
  std::atomic<bool> driving{true};
  const auto start = std::chrono::steady_clock::now();
  // The killer: SIGKILL at random moments while changes flow, and restart at once.
  std::thread killer([&] {
    std::mt19937 rng(o.seed + 1);
    while (driving || kills < o.kills) {
      std::this_thread::sleep_for(std::chrono::milliseconds(150 + rng() % 450));
      kill_node(child);
      ++kills;
      child = spawn(o, nodes);
    }
  });
  Driver driver(*qa, *dev, expected, o.seed);
  int failed = 0;
  for (int n = 1; n <= o.changes; ++n) {
    if (!driver.step(n)) ++failed;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  driving = false;
  killer.join();
  std::cout << "crash_harness: " << o.changes << " changes (" << failed << " refused by a tracker), " << kills.load()
            << " kills in " << std::chrono::duration_cast<std::chrono::seconds>(std::chrono::steady_clock::now() - start).count()
            << " s; settling\n"
            << std::flush;
  // Let the last node run settle, then check.
  std::vector<std::string> problems;
  for (int wait = 0; wait < 120; ++wait) {
    std::this_thread::sleep_for(std::chrono::seconds(1));
    problems = verify(*qa, *dev, expected);
    if (problems.empty()) break;
  }
  kill_node(child);
  if (!problems.empty()) {
    std::cout << "crash_harness: FAILED, " << problems.size() << " problem(s):\n";
    for (size_t i = 0; i < problems.size() && i < 20; ++i) std::cout << "  " << problems[i] << "\n";
    std::cout << "  node log: " << o.dir << "/node.log\n";
    return 1;
  }
  std::cout << "crash_harness: OK, " << expected.qa_keys.size() << " issues and every change exactly once after "
            << kills.load() << " kills\n";
  std::filesystem::remove_all(o.dir);
  return 0;
}

}  // namespace twinsync::crash

int main(int argc, char** argv) {
  twinsync::crash::Options o;
  o.seed = static_cast<unsigned>(std::random_device{}());
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--twinsync") o.twinsync = v;
    else if (a == "--changes") o.changes = std::stoi(v);
    else if (a == "--kills") o.kills = std::stoi(v);
    else if (a == "--seed") o.seed = static_cast<unsigned>(std::stoul(v));
    else if (a == "--dir") o.dir = v;
    else if (a == "--dedicated") o.dedicated = v == "yes";
  }
  if (o.twinsync.empty()) {
    std::cerr << "usage: crash_harness --twinsync PATH [--changes N] [--kills N] [--seed N] [--dir DIR] [--dedicated yes]\n";
    return 2;
  }
  std::cout << "crash_harness: seed " << o.seed << "\n";
  return twinsync::crash::run(o);
}
