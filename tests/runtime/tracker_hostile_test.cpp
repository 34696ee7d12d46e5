// Hostile input to every write endpoint of the embedded tracker: each answer is a Jira-shaped
// 4xx, never a 5xx or a crash, and the store stays as it was.
#include "tests/support/raw_socket.h"
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testkit::TrackerTest;

class TrackerHostile : public TrackerTest {};

TEST_F(TrackerHostile, MalformedBodiesGetJira4xxEverywhere) {
  const std::string key = create("target");
  const std::string comment = call("POST", "/rest/api/2/issue/" + key + "/comment", {{"body", "c"}}).json["id"];
  const json before = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog").json;
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"POST", "/rest/api/2/issue"},
      {"POST", "/rest/api/3/issue"},
      {"PUT", "/rest/api/2/issue/" + key},
      {"PUT", "/rest/api/3/issue/" + key},
      {"POST", "/rest/api/2/issue/" + key + "/comment"},
      {"POST", "/rest/api/3/issue/" + key + "/comment"},
      {"PUT", "/rest/api/2/issue/" + key + "/comment/" + comment},
      {"POST", "/rest/api/2/issue/" + key + "/transitions"},
      {"POST", "/rest/api/3/search"},
      {"POST", "/rest/api/3/search/jql"},
      {"POST", "/rest/api/2/issueLink"},
      {"POST", "/rest/api/3/webhook"},
      {"DELETE", "/rest/api/3/webhook"},
      {"PUT", "/rest/api/3/webhook/refresh"},
      {"POST", "/rest/webhooks/1.0/webhook"},
      {"POST", "/rest/api/2/component"},
      {"POST", "/rest/api/2/version"},
      {"POST", "/rest/api/2/issue/" + key + "/changelog/list"},
      {"POST", "/rest/twinsync-admin/1/user"},
      {"POST", "/rest/twinsync-admin/1/token"},
      {"POST", "/rest/twinsync-admin/1/project"},
      {"PUT", "/rest/twinsync-admin/1/rate-limit"},
  };
  const std::vector<std::string> bodies = {
      "null", "[]", "\"text\"", "42", "{", "{\"fields\": []}", "{\"fields\": {\"summary\": {\"a\": 1}}}",
      "{\"fields\": {\"project\": 7, \"issuetype\": [], \"summary\": null}}",
      "{\"update\": {\"labels\": \"x\"}}", "{\"update\": {\"labels\": [{\"add\": 5}]}}",
      "{\"update\": {\"comment\": [{\"add\": {\"body\": 5}}]}}", "{\"transition\": 11}",
      "{\"transition\": {\"id\": []}}", "{\"body\": {\"type\": \"doc\", \"content\": \"x\"}}",
      "{\"jql\": 5, \"startAt\": \"a\"}", "{\"maxResults\": -1, \"jql\": \"project = DEMO\"}",
      "{\"type\": \"Blocks\", \"inwardIssue\": \"x\"}", "{\"url\": 5, \"webhooks\": {}}",
      "{\"webhookIds\": \"all\"}", "{\"webhookIds\": [\"1\"]}", "{\"changelogIds\": 3}", "{\"perSecond\": \"many\"}",
      "{\"project\": {}, \"name\": 3}", "{\"key\": 5}", "\xff\xfe\xfd", std::string(1, '\0'),
      std::string(2000, '[') + std::string(2000, ']'),
  };
  for (const auto& [method, target] : routes) {
    for (const std::string& body : bodies) {
      auto r = send({method, target, {{"Authorization", auth_}, {"Content-Type", "application/json"}}, body});
      EXPECT_GE(r.status, 200) << method << " " << target << " " << body;
      EXPECT_LT(r.status, 500) << method << " " << target << " " << body << " -> " << r.raw.body;
      if (r.status >= 400) {
        EXPECT_TRUE(r.json.is_object() && r.json.contains("errorMessages") && r.json.contains("errors"))
            << method << " " << target << " " << body << " -> " << r.raw.body;
      }
    }
  }
  const json after = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog").json;
  EXPECT_EQ(after["fields"]["summary"], before["fields"]["summary"]);
  EXPECT_EQ(after["changelog"], before["changelog"]);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/comment").json["total"], 1);
}

TEST_F(TrackerHostile, DeeplyNestedValuesAreRefusedBeforeAnythingRecursesIntoThem) {
  // 100,000 levels inside a field: copying or printing that value used to overflow the stack.
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  for (const std::string& body : {"{\"fields\": {\"summary\": " + deep + "}}", "{\"jql\": \"x\", \"fields\": " + deep + "}"}) {
    for (const char* target : {"/rest/api/2/issue", "/rest/api/3/search/jql"}) {
      auto r = send({"POST", target, {{"Authorization", auth_}, {"Content-Type", "application/json"}}, body});
      EXPECT_EQ(r.status, 400) << target;
      EXPECT_NE(r.raw.body.find("nests arrays and objects more than 200 levels"), std::string::npos) << r.raw.body;
    }
  }
  const std::string ok = "{\"fields\": {\"summary\": " + std::string(150, '[') + std::string(150, ']') + "}}";
  EXPECT_EQ(send({"POST", "/rest/api/2/issue", {{"Authorization", auth_}, {"Content-Type", "application/json"}}, ok})
                .status, 400);  // refused as a bad summary, not for its depth
  EXPECT_EQ(call("GET", "/rest/api/2/serverInfo").status, 200);
}

TEST_F(TrackerHostile, UrlsThatDecodeToInvalidUtf8AreA400) {
  // Found by fuzz_tracker: user search lower-cased the query with a UTF-8 decoder that throws.
  for (const char* target : {"/rest/api/2/user/search?query=%FF", "/rest/api/2/search?jql=summary~%C3",
                             "/rest/api/2/issue/DEMO-%FE", "/rest/api/3/user?accountId=%80"}) {
    auto r = call("GET", target);
    EXPECT_EQ(r.status, 400) << target << " -> " << r.raw.body;
    EXPECT_TRUE(r.json.is_object() && r.json.contains("errorMessages")) << target;
  }
}

TEST_F(TrackerHostile, GarbageOnTheWireLeavesTheServerUp) {
  const std::string port = std::to_string(tracker_->port());
  const std::vector<std::string> junk = {
      "\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", "GET /rest/api/2/serverInfo HTTP/9.9\r\n\r\n",
      "GET /" + std::string(20000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n",
      "POST /rest/api/2/issue HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n",
      "POST /rest/api/2/issue HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "GET /rest/api/2/issue/%ZZ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"};
  for (const std::string& bytes : junk) {
    std::string reply = twinsync::testkit::raw_exchange(tracker_->port(), bytes, 1500);
    if (!reply.empty()) {
      EXPECT_TRUE(reply.rfind("HTTP/1.1 4", 0) == 0) << reply.substr(0, 200);
    }
  }
  EXPECT_EQ(call("GET", "/rest/api/2/serverInfo").status, 200);
}

}  // namespace
