// Authentication, administration, the request budget (429) and the store of the embedded
// tracker: tokens hashed at rest, restarts keep data, unusable stores are refused.
#include <fstream>
#include <iterator>

#include "runtime/sqlite/sqlite.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tracker_client.h"

namespace {

using nlohmann::json;
using twinsync::testkit::basic;
using twinsync::testkit::kAdminToken;
using twinsync::testkit::TrackerTest;

class TrackerAuth : public TrackerTest {
 protected:
  int status_as(const std::string& authorization) {
    return call("GET", "/rest/api/2/myself", nullptr, {{"Authorization", authorization}}).status;
  }
};

TEST_F(TrackerAuth, BasicAndBearer) {
  EXPECT_EQ(status_as(basic("admin@example.com", kAdminToken)), 200);
  EXPECT_EQ(status_as(basic("admin", kAdminToken)), 200);  // Server/DC style user name
  EXPECT_EQ(status_as(basic("admin@example.com", "wrong-token-000000000")), 401);
  EXPECT_EQ(status_as(basic("ann@example.com", kAdminToken)), 401);  // someone else's token
  EXPECT_EQ(status_as("Bearer " + std::string(kAdminToken)), 401);  // API tokens are for Basic
  EXPECT_EQ(status_as("Bearer " + tracker_->seeded_admin()->pat), 200);
  EXPECT_EQ(status_as("Basic !!!notbase64"), 401);
  EXPECT_EQ(status_as("Digest abc"), 401);
  auto r = call("GET", "/rest/api/2/myself", nullptr, {{"Authorization", "Basic Zm9v"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.json["errorMessages"].size(), 1u);
  EXPECT_EQ(r.raw.body.find(kAdminToken), std::string::npos);
}

TEST_F(TrackerAuth, AdminEndpointsCreateUsersTokensAndProjects) {
  auto user = call("POST", "/rest/twinsync-admin/1/user", {{"name", "carol"}, {"emailAddress", "carol@example.com"},
                                                           {"displayName", "Carol"}});
  ASSERT_EQ(user.status, 201) << user.raw.body;
  auto token = call("POST", "/rest/twinsync-admin/1/token", {{"emailAddress", "carol@example.com"}, {"kind", "api"}});
  ASSERT_EQ(token.status, 201) << token.raw.body;
  const std::string carol = basic("carol@example.com", token.json["token"]);
  EXPECT_EQ(status_as(carol), 200);
  // Carol is no admin.
  auto denied = call("POST", "/rest/twinsync-admin/1/project", {{"key", "NEW"}, {"name", "New"}}, {{"Authorization", carol}});
  EXPECT_EQ(denied.status, 403);
  auto project = call("POST", "/rest/twinsync-admin/1/project", {{"key", "NEW"}, {"name", "New"}});
  ASSERT_EQ(project.status, 201) << project.raw.body;
  EXPECT_EQ(call("POST", "/rest/twinsync-admin/1/project", {{"key", "NEW"}}).status, 409);
  EXPECT_EQ(call("POST", "/rest/twinsync-admin/1/project", {{"key", "bad key"}}).status, 400);
  EXPECT_EQ(call("POST", "/rest/twinsync-admin/1/user", {{"name", "carol"}, {"emailAddress", "c2@example.com"}}).status, 409);
  // A token for nobody names what was asked for.
  auto nobody = call("POST", "/rest/twinsync-admin/1/token", {{"emailAddress", "nobody@example.com"}});
  EXPECT_EQ(nobody.status, 404);
  EXPECT_EQ(nobody.json["errorMessages"][0], "no user with e-mail address nobody@example.com");
  EXPECT_EQ(call("POST", "/rest/twinsync-admin/1/token", {{"kind", "api"}}).status, 400);
  auto issue = call("POST", "/rest/api/2/issue", {{"fields", {{"project", {{"key", "NEW"}}}, {"issuetype", {{"name", "Bug"}}},
                                                              {"summary", "in the new project"}}}},
                    {{"Authorization", carol}});
  ASSERT_EQ(issue.status, 201);
  EXPECT_EQ(issue.json["key"], "NEW-1");
  auto comp = call("POST", "/rest/api/2/component", {{"project", "NEW"}, {"name", "Core"}});
  EXPECT_EQ(comp.status, 201);
  auto ver = call("POST", "/rest/api/2/version", {{"projectId", project.json["id"]}, {"name", "9.0"}});
  EXPECT_EQ(ver.status, 201) << ver.raw.body;
  EXPECT_EQ(call("GET", "/rest/api/2/project/NEW/components").json.size(), 1u);
}

// A registered webhook URL can carry its receiver's secret: only administrators list, register,
// refresh or delete webhooks, in both of Jira's shapes.
TEST_F(TrackerAuth, WebhookRoutesAreForAdministratorsOnly) {
  ASSERT_EQ(call("POST", "/rest/twinsync-admin/1/user", {{"name", "dave"}, {"emailAddress", "dave@example.com"}}).status, 201);
  auto token = call("POST", "/rest/twinsync-admin/1/token", {{"emailAddress", "dave@example.com"}, {"kind", "api"}});
  ASSERT_EQ(token.status, 201);
  const std::string dave = basic("dave@example.com", token.json["token"]);
  auto hook = call("POST", "/rest/api/3/webhook",
                   {{"url", "http://127.0.0.1:9/hook/SECRET"}, {"webhooks", {{{"events", {"jira:issue_created"}}, {"jqlFilter", "project = DEMO"}}}}});
  ASSERT_EQ(hook.status, 200) << hook.raw.body;
  for (const auto& [method, target] : std::vector<std::pair<std::string, std::string>>{
           {"GET", "/rest/api/3/webhook"}, {"POST", "/rest/api/3/webhook"}, {"DELETE", "/rest/api/3/webhook"},
           {"PUT", "/rest/api/3/webhook/refresh"}, {"GET", "/rest/api/3/webhook/failed"},
           {"GET", "/rest/webhooks/1.0/webhook"}, {"POST", "/rest/webhooks/1.0/webhook"}}) {
    auto r = call(method, target, json::object(), {{"Authorization", dave}});
    EXPECT_EQ(r.status, 403) << method << " " << target;
    EXPECT_EQ(r.raw.body.find("SECRET"), std::string::npos) << method << " " << target;
  }
  EXPECT_EQ(call("GET", "/rest/api/3/webhook").json["values"].size(), 1u) << "an administrator still sees it";
}

TEST_F(TrackerAuth, RateLimitAnswers429WithRetryAfter) {
  ASSERT_EQ(call("PUT", "/rest/twinsync-admin/1/rate-limit", {{"perSecond", 3}}).status, 200);
  int limited = 0;
  std::string retry_after;
  for (int i = 0; i < 8; ++i) {
    auto r = call("GET", "/rest/api/2/myself");
    if (r.status == 429) {
      ++limited;
      retry_after = r.raw.header("Retry-After");
      EXPECT_EQ(r.json["errorMessages"].size(), 1u);
    }
  }
  EXPECT_GE(limited, 4);
  EXPECT_EQ(retry_after, "1");
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_EQ(call("GET", "/rest/api/2/myself").status, 200);
}

TEST(TrackerStore, KeepsDataAcrossRestartsAndStoresTokensHashed) {
  twinsync::testkit::TempDir dir;
  twinsync::tracker::TrackerOptions opt;
  opt.db_path = dir.file("tracker.db");
  opt.admin_token = kAdminToken;
  std::string pat;
  {
    auto t = twinsync::tracker::Tracker::start(opt);
    ASSERT_TRUE(t) << t.error().message;
    ASSERT_TRUE((*t)->seeded_admin());
    pat = (*t)->seeded_admin()->pat;
    auto c = twinsync::net::make_http_client(*twinsync::net::parse_endpoint((*t)->base_url()));
    auto r = (*c)->send({"POST", "/rest/api/2/issue",
                         {{"Authorization", basic("admin@example.com", kAdminToken)}, {"Content-Type", "application/json"}},
                         R"({"fields":{"project":{"key":"DEMO"},"issuetype":{"name":"Task"},"summary":"persisted"}})"});
    ASSERT_EQ(r->status, 201);
  }
  std::ifstream in(opt.db_path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::ifstream wal(opt.db_path + "-wal", std::ios::binary);
  bytes.append(std::istreambuf_iterator<char>(wal), std::istreambuf_iterator<char>());
  EXPECT_EQ(bytes.find(kAdminToken), std::string::npos);
  EXPECT_EQ(bytes.find(pat), std::string::npos);
  opt.admin_token.clear();
  auto again = twinsync::tracker::Tracker::start(opt);
  ASSERT_TRUE(again) << again.error().message;
  EXPECT_FALSE((*again)->seeded_admin());  // seeded once only
  auto c = twinsync::net::make_http_client(*twinsync::net::parse_endpoint((*again)->base_url()));
  auto r = (*c)->send({"GET", "/rest/api/2/issue/DEMO-1", {{"Authorization", "Bearer " + pat}}, ""});
  ASSERT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("persisted"), std::string::npos);
}

TEST(TrackerStore, RefusesUnusableStores) {
  twinsync::testkit::TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(2048, 'x');
  twinsync::tracker::TrackerOptions opt;
  opt.db_path = dir.file("junk.db");
  auto junk = twinsync::tracker::Tracker::start(opt);
  ASSERT_FALSE(junk);
  EXPECT_NE(junk.error().message.find("not a SQLite database"), std::string::npos);
  {
    auto db = twinsync::sqlite::Database::open(dir.file("future.db"));
    ASSERT_TRUE(db->exec("PRAGMA user_version = 99"));
  }
  opt.db_path = dir.file("future.db");
  auto future = twinsync::tracker::Tracker::start(opt);
  ASSERT_FALSE(future);
  EXPECT_EQ(future.error().kind, twinsync::ErrorKind::SchemaTooNew);
}

TEST(TrackerStore, UsersAndProjectsFromOptions) {
  twinsync::tracker::TrackerOptions opt;
  opt.db_path = ":memory:";
  opt.seed_sample = false;
  opt.admin_token = kAdminToken;
  opt.users = {"dora:dora@example.com:dora-token-0123456789", "eve:eve@example.com"};
  opt.projects = {"OPS:Operations", "QA"};
  auto t = twinsync::tracker::Tracker::start(opt);
  ASSERT_TRUE(t) << t.error().message;
  auto c = twinsync::net::make_http_client(*twinsync::net::parse_endpoint((*t)->base_url()));
  auto me = (*c)->send({"GET", "/rest/api/2/myself", {{"Authorization", basic("dora@example.com", "dora-token-0123456789")}}, ""});
  EXPECT_EQ(me->status, 200);
  auto projects = (*c)->send({"GET", "/rest/api/2/project", {{"Authorization", basic("admin", kAdminToken)}}, ""});
  auto list = json::parse(projects->body);
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(list[0]["name"], "Operations");
  EXPECT_EQ(list[1]["key"], "QA");
  opt.users = {"broken"};
  EXPECT_FALSE(twinsync::tracker::Tracker::start(opt));
}

TEST(TrackerStore, EmptySeedHasConfigurationAndAnAdminButNoProject) {
  twinsync::tracker::TrackerOptions opt;
  opt.db_path = ":memory:";
  opt.seed_sample = false;
  opt.admin_token = kAdminToken;
  auto t = twinsync::tracker::Tracker::start(opt);
  ASSERT_TRUE(t);
  auto c = twinsync::net::make_http_client(*twinsync::net::parse_endpoint((*t)->base_url()));
  auto projects = (*c)->send({"GET", "/rest/api/2/project", {{"Authorization", basic("admin@example.com", kAdminToken)}}, ""});
  EXPECT_EQ(projects->body, "[]");
  auto types = (*c)->send({"GET", "/rest/api/2/issuetype", {{"Authorization", basic("admin@example.com", kAdminToken)}}, ""});
  EXPECT_NE(types->body.find("Sub-task"), std::string::npos);
}

}  // namespace
