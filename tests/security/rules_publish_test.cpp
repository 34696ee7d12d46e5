// Publishing rules through the admin API reads no arbitrary file: rules travel as text, or as a
// .sync file inside the connection's own rules folder; a refused publish never echoes another
// file's content. Published versions live in the store and survive a restart.
#include <gtest/gtest.h>

#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

class RulesPublishing : public ::testing::Test {
 protected:
  RulesPublishing() {
    w.add_tracker("blue", {"QA"});
    qa = &w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
  }
  net::HttpResponse publish(const nlohmann::json& body) {
    auto client = net::make_http_client(*net::parse_endpoint(qa->listen_url()));
    net::HttpRequest r{"POST", "/admin/v1/connections/qa_to_dev/rules",
                       {{"Authorization", "Bearer " + qa->admin_token().value()}, {"Content-Type", "application/json"}},
                       body.dump()};
    auto answer = (*client)->send(r);
    EXPECT_TRUE(answer);
    return answer ? *answer : net::HttpResponse{};
  }
  std::string running() {
    auto s = qa->status();
    return s && !s->empty() ? (*s)[0].rules_version : std::string();
  }
  static std::string example_text() {
    std::ifstream in(examples_dir() + "/outsourced_qa/qa.sync");
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  NodeWorld w;
  node::Node* qa = nullptr;
};

TEST_F(RulesPublishing, NoFileOutsideTheRulesFolderIsRead) {
  const std::string before = running();
  const std::string secret = w.file("secret.txt", "TOPSECRET line one\nTOPSECRET line two\n");
  const std::string sync_elsewhere = w.file("elsewhere.sync", "TOPSECRET { not rules }\n");
  for (const std::string& path : {secret, sync_elsewhere, std::string("/etc/passwd"), std::string("../../../etc/passwd"),
                                  std::string("../presets/../../../") + secret.substr(1), std::string("qa.sync/../../x.sync")}) {
    auto r = publish({{"path", path}});
    EXPECT_EQ(r.status, 400) << path << ": " << r.body;
    EXPECT_EQ(r.body.find("TOPSECRET"), std::string::npos) << path << ": the answer echoes the file: " << r.body;
    EXPECT_EQ(r.body.find("root:"), std::string::npos) << path;
  }
  EXPECT_EQ(running(), before);
}

TEST_F(RulesPublishing, TextWithErrorsIsRefusedWithDiagnosticsAndTheRunningVersionStays) {
  const std::string before = running();
  auto r = publish({{"text", "connection qa_to_dev { local \"QA\" remote \"DEV\" }\noutgoing { replica.summary = issue.sumary }\n"},
                    {"name", "draft.sync"}});
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("draft.sync:2:"), std::string::npos) << "diagnostics name the draft and the line: " << r.body;
  EXPECT_NE(r.body.find("summary"), std::string::npos) << "with the suggestion: " << r.body;
  EXPECT_EQ(running(), before);
}

TEST_F(RulesPublishing, AFileOfTheRulesFolderCanBePublishedByName) {
  auto r = publish({{"path", "dev.sync"}});  // examples/outsourced_qa/dev.sync: another connection's rules, but a rule file
  EXPECT_TRUE(r.status == 200 || r.status == 422) << r.body;
}

TEST_F(RulesPublishing, APublishedVersionSurvivesARestart) {
  const std::string from_file = running();
  std::string text = example_text();
  text += "\n// published through the admin API\nmap extraMap { \"a\" -> \"b\" }\n";
  auto r = publish({{"text", text}, {"name", "qa-v2.sync"}, {"author", "ann"}});
  ASSERT_EQ(r.status, 200) << r.body;
  const std::string published = running();
  ASSERT_NE(published, from_file);
  node::Node& again = w.restart_node("qa");
  auto s = again.status();
  ASSERT_TRUE(s && !s->empty());
  EXPECT_EQ((*s)[0].rules_version, published) << "a restart must not undo a publish";
  bool said = false;
  for (const std::string& line : w.logs()) said |= line.find("published by ann") != std::string::npos;
  EXPECT_TRUE(said) << "the node says whose rules it runs";
}

TEST_F(RulesPublishing, AnUnauthenticatedPublishIsRefused) {
  auto client = net::make_http_client(*net::parse_endpoint(qa->listen_url()));
  net::HttpRequest r{"POST", "/admin/v1/connections/qa_to_dev/rules", {{"Content-Type", "application/json"}},
                     nlohmann::json{{"text", example_text()}}.dump()};
  EXPECT_EQ((*client)->send(r)->status, 401);
}

}  // namespace
}  // namespace twinsync::testkit
