// demo.cpp — the demo's world and its story, step by step.
#include "runtime/demo/demo.h"

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "compiler/schema/shapes.h"
#include "runtime/demo/demo_report.h"
#include "runtime/node/node.h"
#include "runtime/tracker/tracker.h"
#include "runtime/transport/master_key.h"

namespace twinsync::demo {
namespace {

volatile std::sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

std::string find_examples(const std::string& given) {
  const auto has_examples = [](const std::string& dir) {
    return !dir.empty() && std::filesystem::exists(std::filesystem::path(dir) / "outsourced_qa" / "qa.sync");
  };
  // The source path is joined at compile time: g++ 12 has warned falsely (-Warray-bounds) on a
  // std::string concatenation here when its inlining changed.
  if (has_examples(given)) return given;
  if (has_examples("examples")) return "examples";
  const std::string in_source = TWINSYNC_SOURCE_DIR_DEMO "/examples";
  return has_examples(in_source) ? in_source : std::string();
}

Result<std::unique_ptr<tracker::Tracker>> start_tracker(const std::string& project, const std::string& name) {
  tracker::TrackerOptions o;
  o.db_path = ":memory:";
  o.project_key = project;
  o.project_name = name;
  o.webhook_retry_base = std::chrono::milliseconds(100);
  return tracker::Tracker::start(o);
}

constexpr const char* kDemoAdminEnv = "TWINSYNC_DEMO_ADMIN_TOKEN";

node::NodeConfig node_config(const std::string& name, tracker::Tracker& t, const std::string& connection,
                             const std::string& rules) {
  const std::string env = "TWINSYNC_DEMO_" + name + "_TOKEN";
  ::setenv(env.c_str(), t.seeded_admin()->api_token.c_str(), 1);
  // A fresh master key per run: the demo's stores live in memory, so nothing sealed outlives it.
  const std::string master = "TWINSYNC_DEMO_" + name + "_MASTER_KEY";
  if (auto key = transport::generate_master_key_text()) ::setenv(master.c_str(), key->c_str(), 1);
  // One admin token for both demo nodes, fresh per run, so that the commands printed at the end
  // work in the user's shell once they export it.
  if (!std::getenv(kDemoAdminEnv)) {
    if (auto token = transport::generate_master_key_text()) ::setenv(kDemoAdminEnv, token->c_str(), 1);
  }
  node::NodeConfig c;
  c.name = name;
  c.listen = "127.0.0.1:0";
  c.store = ":memory:";
  c.workers = 2;
  c.tracker.url = t.base_url();
  c.tracker.user = t.seeded_admin()->email;
  c.tracker.token.env = env;
  c.master_key.env = master;
  c.admin_token.env = kDemoAdminEnv;
  c.tracker.poll_seconds = 5;          // the safety net; webhooks carry the changes
  c.tracker.register_webhook = true;
  node::ConnectionConfig cc;
  cc.name = connection;
  cc.rules = rules;
  c.connections.push_back(cc);
  return c;
}

}  // namespace

int run_demo(const DemoOptions& options) {
  std::ostream& out = options.out ? *options.out : std::cout;
  const std::string examples = find_examples(options.examples_dir);
  if (examples.empty()) {
    std::cerr << "twinsync demo: cannot find examples/outsourced_qa; run it from the repository or pass --examples DIR\n";
    return 2;
  }
  out << "twinsync demo: outsourced QA. Blue is QA's Jira, green the developers'.\n\n";
  auto blue_tracker = start_tracker("QA", "Quality Assurance");
  auto green_tracker = start_tracker("DEV", "Development");
  if (!blue_tracker || !green_tracker) {
    std::cerr << "twinsync demo: a tracker did not start: "
              << (blue_tracker ? green_tracker.error().message : blue_tracker.error().message) << "\n";
    return 2;
  }
  out << "  blue tracker   " << (*blue_tracker)->base_url() << "  (project QA)\n";
  out << "  green tracker  " << (*green_tracker)->base_url() << "  (project DEV)\n";

  node::NodeOptions no;
  no.log = [&out](const std::string& line) {
    if (line.find("blocked") != std::string::npos || line.find("error") != std::string::npos) out << "  ! " << line << "\n";
  };
  auto blue = node::Node::start(node_config("blue", **blue_tracker, "qa_to_dev", examples + "/outsourced_qa/qa.sync"), no);
  auto green = node::Node::start(node_config("green", **green_tracker, "dev_from_qa", examples + "/outsourced_qa/dev.sync"), no);
  if (!blue || !green) {
    std::cerr << "twinsync demo: a node did not start: " << (blue ? green.error().message : blue.error().message) << "\n";
    return 2;
  }
  // The two organisations pair as they would across the internet: green invites, blue accepts,
  // and from then on every event crosses as a signed HTTP request between the nodes.
  auto code = (*green)->invite("dev_from_qa", std::chrono::minutes(10));
  auto paired = code ? (*blue)->accept_invitation(*code, "qa_to_dev") : Result<transport::PeerInfo>(code.error());
  if (!paired) {
    std::cerr << "twinsync demo: the nodes could not pair: " << paired.error().message << "\n";
    return 2;
  }
  out << "  blue node      " << (*blue)->url() << "  rules " << examples << "/outsourced_qa/qa.sync\n";
  out << "  green node     " << (*green)->url() << "  rules " << examples << "/outsourced_qa/dev.sync\n";
  out << "  paired         green invited, blue accepted: events cross as signed HTTP requests\n\n";

  auto qa = user_client((*blue_tracker)->base_url(), (*blue_tracker)->seeded_admin()->email,
                        (*blue_tracker)->seeded_admin()->api_token);
  auto dev = user_client((*green_tracker)->base_url(), (*green_tracker)->seeded_admin()->email,
                         (*green_tracker)->seeded_admin()->api_token);
  if (!qa || !dev) {
    std::cerr << "twinsync demo: cannot reach a tracker: " << (qa ? dev.error().message : qa.error().message) << "\n";
    return 2;
  }
  Story story(**blue, **green, std::move(*qa), std::move(*dev), out);
  const bool told = story.tell();
  const bool ok = told && print_report(story, out);

  if (options.keep_running) {
    out << "\nEverything keeps running. Try:\n"
        << "  curl -u " << (*blue_tracker)->seeded_admin()->email << ":" << (*blue_tracker)->seeded_admin()->api_token << " "
        << (*blue_tracker)->base_url() << "/rest/api/2/search?jql=project=QA\n"
        << "  export " << kDemoAdminEnv << "=" << std::getenv(kDemoAdminEnv) << "   # this run's admin token\n"
        << "  twinsync status --node " << (*blue)->url() << " --token-env " << kDemoAdminEnv << "\n"
        << "  twinsync errors --node " << (*green)->url() << " --token-env " << kDemoAdminEnv << "\n"
        << "Press Ctrl-C to stop.\n"
        << std::flush;
    std::signal(SIGINT, on_signal);
    std::signal(SIGTERM, on_signal);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  (*blue)->stop();
  (*green)->stop();
  return ok ? 0 : 1;
}

}  // namespace twinsync::demo
