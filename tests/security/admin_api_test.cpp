// The admin API as an outsider meets it: no node serves it without a token (one is generated
// beside the store when none is configured), a page in the operator's browser cannot drive it
// (cross-site POSTs with form or text bodies, DNS rebinding), and the CLI finds the token.
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <atomic>

#include "runtime/net/http_server.h"
#include "runtime/node/node_secrets.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

class AdminApi : public ::testing::Test {
 protected:
  AdminApi() {
    w.add_tracker("blue", {"QA"});
    qa = &w.add_node("qa", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}});
    token = qa->admin_token().value();
  }

  net::HttpResponse call(const std::string& method, const std::string& path, net::Headers headers,
                         const std::string& body = "") {
    auto client = net::make_http_client(*net::parse_endpoint(qa->listen_url()));
    net::HttpRequest r{method, path, std::move(headers), body};
    auto answer = (*client)->send(r);
    EXPECT_TRUE(answer) << answer.error().message;
    return answer ? *answer : net::HttpResponse{};
  }
  std::pair<std::string, std::string> bearer() const { return {"Authorization", "Bearer " + token}; }

  NodeWorld w;
  node::Node* qa = nullptr;
  std::string token;
};

TEST_F(AdminApi, ANodeWithoutAConfiguredTokenMakesOneBesideItsStore) {
  const std::string file = node::default_admin_token_path(qa->store().path());
  struct stat st {};
  ASSERT_EQ(::stat(file.c_str(), &st), 0) << file;
  EXPECT_EQ(st.st_mode & 0777, 0600) << "the token file is for its owner only";
  EXPECT_EQ(token.size(), 64u);
  bool said_where = false;
  for (const std::string& line : w.logs()) {
    said_where |= line.find(file) != std::string::npos;
    EXPECT_EQ(line.find(token), std::string::npos) << "the token itself never reaches a log line";
  }
  EXPECT_TRUE(said_where) << "the node says where its token is";
}

TEST_F(AdminApi, EveryRouteNeedsTheToken) {
  for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/admin/v1/status"}, {"GET", "/admin/v1/errors"}, {"GET", "/admin/v1/issues/QA-1"},
           {"POST", "/admin/v1/connections/qa_to_dev/pause"}, {"POST", "/admin/v1/connections/qa_to_dev/invite"},
           {"POST", "/admin/v1/invitations/accept"}, {"POST", "/admin/v1/connections/qa_to_dev/rules"},
           {"GET", "/admin/v1/connections/qa_to_dev/rules"}, {"GET", "/admin/v1/connections/qa_to_dev/rules/abcdef"},
           {"POST", "/admin/v1/connections/qa_to_dev/dry-run"}, {"POST", "/admin/v1/connections/qa_to_dev/lint"},
           {"GET", "/admin/v1/connections/qa_to_dev/triggers"},
           {"POST", "/admin/v1/connections/qa_to_dev/triggers/vetted_bugs"}, {"GET", "/admin/v1/stats"},
           {"GET", "/admin/v1/connections/qa_to_dev/stats"}, {"POST", "/admin/v1/connections/qa_to_dev/label"},
           {"GET", "/admin/v1/nonexistent"}}) {
    auto none = call(method, path, {{"Content-Type", "application/json"}}, "{}");
    EXPECT_EQ(none.status, 401) << method << " " << path << ": " << none.body;
    auto wrong = call(method, path, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + std::string(64, '0')}}, "{}");
    EXPECT_EQ(wrong.status, 401) << method << " " << path;
    auto shorter = call(method, path, {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token.substr(0, 10)}}, "{}");
    EXPECT_EQ(shorter.status, 401) << method << " " << path;
  }
  EXPECT_EQ(call("GET", "/admin/v1/status", {bearer()}).status, 200);
  EXPECT_TRUE(qa->engine("qa_to_dev") && !qa->engine("qa_to_dev")->paused()) << "no refused request paused the connection";
}

TEST_F(AdminApi, ACrossSitePostWithAFormOrTextBodyIsRefused) {
  // What a page can send without a preflight: form and text bodies. Even with the token (a
  // browser never has it, but a misconfigured proxy might add it), they are refused.
  for (const std::string type : {"application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", ""}) {
    net::Headers h{bearer()};
    if (!type.empty()) h.push_back({"Content-Type", type});
    auto r = call("POST", "/admin/v1/connections/qa_to_dev/pause", h, "{}");
    EXPECT_EQ(r.status, 415) << "Content-Type '" << type << "': " << r.body;
  }
  EXPECT_FALSE(qa->engine("qa_to_dev")->paused());
  auto ok = call("POST", "/admin/v1/connections/qa_to_dev/pause", {bearer(), {"Content-Type", "application/json; charset=utf-8"}}, "{}");
  EXPECT_EQ(ok.status, 200) << ok.body;
  EXPECT_TRUE(qa->engine("qa_to_dev")->paused());
}

TEST_F(AdminApi, ARequestForAnotherHostNameIsRefused) {
  // DNS rebinding: a page at http://evil.example:PORT whose name now resolves to 127.0.0.1.
  const std::string port = qa->listen_url().substr(qa->listen_url().rfind(':') + 1);
  auto rebound = call("GET", "/admin/v1/status", {bearer(), {"Host", "evil.example:" + port}});
  EXPECT_EQ(rebound.status, 403) << rebound.body;
  for (const std::string& host : std::vector<std::string>{"127.0.0.1:" + port, "localhost:" + port, "LOCALHOST"}) {
    EXPECT_EQ(call("GET", "/admin/v1/status", {bearer(), {"Host", host}}).status, 200) << host;
  }
}

TEST_F(AdminApi, TheCliFindsTheTokenThroughTheNodeFile) {
  const std::string port = qa->listen_url().substr(qa->listen_url().rfind(':') + 1);
  const std::string node_file =
      w.file("qa-node.sync", "node qa {\n  listen \"127.0.0.1:" + port + "\"\n  store \"" + qa->store().path() +
                                 "\"\n  tracker { url \"http://127.0.0.1:1\" }\n  connection qa_to_dev { rules \"" +
                                 examples_dir() + "/outsourced_qa/qa.sync\" }\n}\n");
  auto outsider = run_twinsync("status --node " + qa->listen_url());
  EXPECT_EQ(outsider.status, 2) << outsider.out;
  EXPECT_NE(outsider.out.find("admin token"), std::string::npos) << outsider.out;
  auto by_file = run_twinsync("status --config " + node_file);
  EXPECT_EQ(by_file.status, 0) << by_file.out;
  EXPECT_NE(by_file.out.find("qa_to_dev"), std::string::npos) << by_file.out;
  auto by_token_file = run_twinsync("status" + w.cli_target(*qa));
  EXPECT_EQ(by_token_file.status, 0) << by_token_file.out;
  ::setenv("TWINSYNC_E2E_ADMIN", token.c_str(), 1);
  auto by_env = run_twinsync("errors --node " + qa->listen_url() + " --token-env TWINSYNC_E2E_ADMIN");
  EXPECT_EQ(by_env.status, 0) << by_env.out;
}

// The node file's token goes only to the node that file describes: a --node given beside it may
// be anyone's (a typo, a pasted URL), and a token never crosses a network in clear text.
TEST_F(AdminApi, TheCliSendsTheNodeFilesTokenToThatNodeOnly) {
  std::atomic<int> with_token{0};
  auto listener = net::HttpServer::start({}, [&](const net::HttpRequest& r) {
    if (!r.header("Authorization").empty()) ++with_token;
    return net::HttpResponse{401, {{"Content-Type", "application/json"}}, "{\"error\": \"who are you\"}"};
  });
  ASSERT_TRUE(listener);
  const std::string elsewhere = "http://127.0.0.1:" + std::to_string((*listener)->port());
  auto sent = run_twinsync("status --token-file " + node::default_admin_token_path(qa->store().path()) + " --node " + elsewhere);
  EXPECT_NE(sent.status, 0) << sent.out;
  auto from_file = run_twinsync("status --config " + w.file("n.sync", "node qa {\n  listen \"127.0.0.1:1\"\n  store \"" +
                                                                     qa->store().path() + "\"\n  tracker { url \"http://127.0.0.1:1\" }\n}\n") +
                                " --node " + elsewhere);
  EXPECT_NE(from_file.status, 0) << from_file.out;
  EXPECT_EQ(with_token.load(), 1) << "only the explicit --token-file went to the other address";
  ::setenv("TWINSYNC_E2E_ADMIN", token.c_str(), 1);
  auto plain = run_twinsync("status --node http://192.0.2.1:7700 --token-env TWINSYNC_E2E_ADMIN");
  EXPECT_EQ(plain.status, 2) << plain.out;
  EXPECT_NE(plain.out.find("over plain http"), std::string::npos) << plain.out;
}

TEST_F(AdminApi, InviteAndAcceptNeedTheTokenToo) {
  auto invite = run_twinsync("invite qa_to_dev --node " + qa->listen_url());
  EXPECT_EQ(invite.status, 2) << invite.out;
  EXPECT_EQ(invite.out.find("tsi1."), std::string::npos) << "no code for an outsider";
  auto accept = run_twinsync("accept tsi1.x --node " + qa->listen_url());
  EXPECT_EQ(accept.status, 2) << accept.out;
}

// The management routes: every bad input is a 4xx that says what is wrong, and changes nothing.
TEST_F(AdminApi, ManagementRoutesRefuseBadInputWithAClearError) {
  const auto json_type = std::make_pair(std::string("Content-Type"), std::string("application/json"));
  struct Case {
    std::string method, path, body;
    int status;
    std::string says;
  };
  std::string many_keys = "[";
  for (int i = 0; i < 51; ++i) many_keys += std::string(i ? "," : "") + "\"QA-" + std::to_string(i + 1) + "\"";
  many_keys += "]";
  const std::string text = nlohmann::json("connection qa_to_dev { local \"QA\" remote \"DEV\" }\n").dump();
  for (const Case& c : std::vector<Case>{
           {"GET", "/admin/v1/connections/qa_to_dev/rules/../../etc", "", 404, ""},
           {"GET", "/admin/v1/connections/qa_to_dev/rules/abc", "", 400, "6 to 64 hex digits"},
           {"GET", "/admin/v1/connections/qa_to_dev/rules/ABCDEF%0A", "", 400, "hex digits"},
           {"GET", "/admin/v1/connections/qa_to_dev/rules/abcdef", "", 404, "no rules version abcdef"},
           {"GET", "/admin/v1/connections/nosuch/rules", "", 404, "no connection named nosuch"},
           {"POST", "/admin/v1/connections/qa_to_dev/rules", R"({"version": 7})", 400, "version"},
           {"POST", "/admin/v1/connections/qa_to_dev/rules", R"({"version": "zzzzzz"})", 400, "hex digits"},
           {"POST", "/admin/v1/connections/qa_to_dev/dry-run", R"({"text": )" + text + R"(, "keys": []})", 400, "1 to 50 issue keys"},
           {"POST", "/admin/v1/connections/qa_to_dev/dry-run", R"({"text": )" + text + R"(, "keys": )" + many_keys + "}", 400, "1 to 50"},
           {"POST", "/admin/v1/connections/qa_to_dev/dry-run", R"({"text": )" + text + R"(, "keys": [7]})", 400, "list of issue keys"},
           {"POST", "/admin/v1/connections/qa_to_dev/dry-run", R"({"keys": ["QA-1"]})", 400, "text"},
           {"POST", "/admin/v1/connections/qa_to_dev/triggers/vetted_bugs", R"({"active": "yes"})", 400, "active"},
           {"POST", "/admin/v1/connections/qa_to_dev/triggers/nosuch", R"({"active": false})", 404, "no trigger named nosuch"},
           {"GET", "/admin/v1/stats?days=0", "", 400, "1 to 366"},
           {"GET", "/admin/v1/stats?days=99999999999999999999", "", 400, "1 to 366"},
           {"GET", "/admin/v1/stats?days=-1", "", 400, "1 to 366"},
           {"GET", "/admin/v1/connections/nosuch/stats", "", 404, "no connection named nosuch"},
           {"POST", "/admin/v1/connections/qa_to_dev/label", R"({})", 400, "title"},
           {"POST", "/admin/v1/connections/qa_to_dev/label", R"({"title": 7})", 400, "title is a text"},
           {"POST", "/admin/v1/connections/qa_to_dev/label", R"({"title": "a\nb"})", 400, "one line"},
           {"POST", "/admin/v1/connections/qa_to_dev/label", R"({"description": ")" + std::string(501, 'x') + R"("})", 400, "500 bytes"},
           {"POST", "/admin/v1/connections/nosuch/label", R"({"title": "x"})", 404, "no connection named nosuch"}}) {
    auto r = call(c.method, c.path, {bearer(), json_type}, c.body);
    EXPECT_EQ(r.status, c.status) << c.method << " " << c.path << " " << c.body << ": " << r.body;
    EXPECT_NE(r.body.find(c.says), std::string::npos) << c.path << ": " << r.body;
  }
  auto triggers = nlohmann::json::parse(call("GET", "/admin/v1/connections/qa_to_dev/triggers?count=false", {bearer()}, "").body);
  EXPECT_TRUE(triggers["triggers"][0]["active"].get<bool>()) << "nothing was switched: " << triggers;
  auto versions = nlohmann::json::parse(call("GET", "/admin/v1/connections/qa_to_dev/rules", {bearer()}, "").body);
  EXPECT_EQ(versions["versions"].size(), 1u) << versions;
}

}  // namespace
}  // namespace twinsync::testkit
