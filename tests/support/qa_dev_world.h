// qa_dev_world.h — the operations tests' world: QA's tracker and node, the developers' tracker
// and node, running examples/outsourced_qa, paired over real sockets with the signed transport;
// each side's links open the twin on the other tracker.
#pragma once

#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/node_world.h"

namespace twinsync::testkit {

class QaDevTest : public ::testing::Test {
 protected:
  /// `also` tweaks both nodes' configuration further before they start.
  explicit QaDevTest(std::function<void(node::NodeConfig&)> also = {}) {
    blue = &w.add_tracker("blue", {"QA"});
    green = &w.add_tracker("green", {"DEV"});
    w.tweak_config = [this, also](node::NodeConfig& c) {
      for (auto& conn : c.connections) conn.twin_url = (c.name == "qa" ? green : blue)->base_url();
      if (also) also(c);
    };
    auto nodes = w.outsourced_qa();
    qa = &nodes.qa;
    dev = &nodes.dev;
    tester = w.user("blue");
    developer = w.user("green");
  }

  /// A twinsync command against node `n`, through its admin API with its token.
  CommandResult on(node::Node& n, const std::string& args) { return run_twinsync(args + w.cli_target(n)); }
  /// A bug QA has vetted: the trigger of qa.sync picks it up.
  std::string vetted_bug(const std::string& summary, const std::string& priority = "Medium") {
    return tester.create({{"project", {{"key", "QA"}}}, {"summary", summary}, {"labels", {"vetted"}},
                          {"priority", {{"name", priority}}}});
  }
  // Every webhook of QA's tracker delivered and every change it carried processed by the node:
  // what a test waits for before saying that something did not happen.
  bool qa_settled() {
    return NodeWorld::eventually([&] { return !blue->webhooks_pending(); }) && qa->wait_idle(std::chrono::seconds(30));
  }

  NodeWorld w;
  tracker::Tracker* blue = nullptr;
  tracker::Tracker* green = nullptr;
  node::Node* qa = nullptr;
  node::Node* dev = nullptr;
  TrackerUser tester, developer;
};

}  // namespace twinsync::testkit
