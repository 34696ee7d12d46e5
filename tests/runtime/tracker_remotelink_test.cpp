// Remote links on the embedded tracker: upsert by globalId, read, update, delete; no changelog.
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testkit::TrackerTest;

class TrackerRemoteLink : public TrackerTest {};

json link_body(const std::string& state) {
  return {{"globalId", "twinsync:conn:DEMO-1"},
          {"application", {{"type", "org.twinsync"}, {"name", "twinsync"}}},
          {"relationship", "synced with"},
          {"object", {{"url", "http://other/browse/X-1"}, {"title", "X-1"}, {"summary", "twinsync: " + state},
                      {"status", {{"resolved", state == "synchronized"}, {"icon", {{"title", state}}}}}}}};
}

TEST_F(TrackerRemoteLink, UpsertByGlobalIdWithoutTouchingTheIssue) {
  const std::string key = create("linked");
  const json before = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog").json;
  auto first = call("POST", "/rest/api/2/issue/" + key + "/remotelink", link_body("waiting"));
  ASSERT_EQ(first.status, 201) << first.raw.body;
  auto again = call("POST", "/rest/api/2/issue/" + key + "/remotelink", link_body("synchronized"));
  ASSERT_EQ(again.status, 200);
  EXPECT_EQ(again.json["id"], first.json["id"]);
  auto list = call("GET", "/rest/api/3/issue/" + key + "/remotelink");
  ASSERT_EQ(list.json.size(), 1u);
  EXPECT_EQ(list.json[0]["object"]["summary"], "twinsync: synchronized");
  EXPECT_EQ(list.json[0]["globalId"], "twinsync:conn:DEMO-1");
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/remotelink?globalId=twinsync:conn:DEMO-1").json["relationship"],
            "synced with");
  const json after = call("GET", "/rest/api/2/issue/" + key + "?expand=changelog").json;
  EXPECT_EQ(after["fields"]["updated"], before["fields"]["updated"]);
  EXPECT_EQ(after["changelog"]["total"], 0);
  const std::string id = std::to_string(first.json["id"].get<long>());
  json plain = link_body("blocked");
  plain.erase("globalId");
  EXPECT_EQ(call("PUT", "/rest/api/2/issue/" + key + "/remotelink/" + id, plain).status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/remotelink/" + id).json["object"]["title"], "X-1");
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/remotelink", plain).status, 201);  // no globalId: a new one
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/remotelink").json.size(), 2u);
  EXPECT_EQ(call("DELETE", "/rest/api/2/issue/" + key + "/remotelink?globalId=twinsync:conn:DEMO-1").status, 204);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/remotelink").json.size(), 1u);
  EXPECT_EQ(call("DELETE", "/rest/api/2/issue/" + key + "/remotelink/" + id).status, 404);
}

TEST_F(TrackerRemoteLink, ValidatesTheLink) {
  const std::string key = create("linked");
  auto bad = call("POST", "/rest/api/2/issue/" + key + "/remotelink", {{"object", {{"title", "no url"}}}});
  EXPECT_EQ(bad.status, 400);
  EXPECT_TRUE(bad.json["errors"].contains("url"));
  EXPECT_EQ(call("POST", "/rest/api/2/issue/" + key + "/remotelink", json::array()).status, 400);
  EXPECT_EQ(call("POST", "/rest/api/2/issue/DEMO-99/remotelink", link_body("x")).status, 404);
  EXPECT_EQ(call("GET", "/rest/api/2/issue/" + key + "/remotelink?globalId=nope").status, 404);
}

}  // namespace
