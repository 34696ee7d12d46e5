// demo_report.h — the demo's story (what happens on each tracker) and its closing table.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "runtime/node/node.h"

namespace twinsync::demo {

/// A person's own connection to a tracker: the demo acts as QA and as the developers through
/// it, beside the nodes (a node's connector is its own and not shared between threads).
struct UserClient {
  std::unique_ptr<net::HttpClient> http;
  std::unique_ptr<jira::JiraClient> client;
};
Result<UserClient> user_client(const std::string& base_url, const std::string& email, const std::string& token);

class Story {
 public:
  Story(node::Node& blue, node::Node& green, UserClient qa, UserClient dev, std::ostream& out)
      : blue_(blue), green_(green), qa_(std::move(qa)), dev_(std::move(dev)), out_(out) {}

  /// Creates the QA issues, waits for them to sync, moves them on the developers' side, waits
  /// again. False when something did not settle in time (the table then shows what is missing).
  bool tell();

  node::Node& blue() { return blue_; }
  node::Node& green() { return green_; }
  const std::vector<std::string>& qa_keys() const { return qa_keys_; }
  const std::string& home_only() const { return home_only_; }

 private:
  std::string create(const std::string& summary, const std::string& priority, const std::vector<std::string>& labels,
                     const std::string& description);
  bool settle(const char* what);

  node::Node& blue_;
  node::Node& green_;
  UserClient qa_, dev_;
  std::ostream& out_;
  std::vector<std::string> qa_keys_;
  std::string home_only_;
};

/// key, twin key, and each synced field in sync or not. True when all are.
bool print_report(Story& story, std::ostream& out);

}  // namespace twinsync::demo
