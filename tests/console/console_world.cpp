// console_world — the world the browser journey (journey.py) drives: two embedded trackers,
// two nodes paired over the signed transport, a vetted bug synced from QA to DEV, and DEV's
// rules made strict so that a High bug parks on DEV with an error. Writes what the browser
// needs (the consoles' URLs, the admin tokens, the issue keys) as JSON to the file named by
// its argument, then serves until its stdin closes.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "tests/support/node_world.h"

using namespace twinsync;
using namespace twinsync::testkit;

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: console_world OUT.json  (serves until stdin closes)\n";
    return 2;
  }
  NodeWorld w;
  w.add_qa_dev_trackers();
  node::Node& qa = w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
  node::Node& dev = w.add_node("dev", "green", {{"dev_from_qa", "outsourced_qa/dev.sync"}});
  w.pair(dev, "dev_from_qa", qa, "qa_to_dev");
  std::ifstream in(examples_dir() + "/outsourced_qa/dev.sync");
  std::string strict((std::istreambuf_iterator<char>(in)), {});
  const std::string from = "issue.priority    = replica.priority ?? \"Medium\"";
  const size_t at = strict.find(from);
  if (at == std::string::npos) return 1;
  strict.replace(at, from.size(), "issue.priority    = priorityMap[replica.priority] else error \"no priority mapping\"");
  strict += "\nmap priorityMap {\n  \"Low\"    <- \"Low\"\n  \"Medium\" <- \"Medium\"\n}\n";
  if (!dev.publish_rules("dev_from_qa", strict, "strict.sync", "setup")) return 1;

  TrackerUser tester = w.user("blue");
  auto bug = [&](const std::string& summary, const std::string& priority) {
    return tester.create({{"project", {{"key", "QA"}}}, {"summary", summary}, {"labels", {"vetted"}},
                          {"priority", {{"name", priority}}}});
  };
  const std::string synced = bug("Crash on save", "Medium");
  const std::string twin = NodeWorld::twin_of(qa, synced);
  const std::string parked = bug("Export <b>loses</b> data", "High");
  const bool has_error = NodeWorld::eventually([&] { return dev.errors() && !dev.errors()->empty(); });
  if (twin.empty() || !has_error) {
    std::cerr << "console_world: the world did not come up:\n" << w.diagnose();
    return 1;
  }
  nlohmann::json out = {{"qa", {{"url", qa.listen_url()}, {"token", qa.admin_token().value()}, {"connection", "qa_to_dev"}}},
                        {"dev", {{"url", dev.listen_url()}, {"token", dev.admin_token().value()}, {"connection", "dev_from_qa"}}},
                        {"synced", synced},
                        {"twin", twin},
                        {"parked", parked},
                        {"strictRules", strict}};
  {
    std::ofstream f(std::string(argv[1]) + ".tmp");
    f << out.dump(2);
  }
  std::rename((std::string(argv[1]) + ".tmp").c_str(), argv[1]);
  std::cout << "console_world: ready" << std::endl;
  std::string line;
  while (std::getline(std::cin, line)) {
  }
  return 0;
}
