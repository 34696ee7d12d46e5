// JiraClient against a scripted HTTP client: flavour detection, search pagination on both
// APIs, the edit's notifyUsers fallback, comments, multipart uploads, users, createmeta,
// remote links and create-at-most-once.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "runtime/jira/client.h"
#include "runtime/jira/multipart.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::FakeClock;
using testkit::FakeHttpClient;
using testkit::fixtures_dir;
using testkit::read_text_file;

std::string fixture(const std::string& path) { return read_text_file(fixtures_dir() + "/" + path); }

struct Harness {
  FakeHttpClient http;
  FakeClock clock;
  std::unique_ptr<JiraClient> client;

  explicit Harness(Dialect dialect = Dialect::cloud_v3(), int page_size = 2) {
    JiraConfig config;
    config.base_url = dialect.cloud() ? "https://acme.atlassian.net" : "https://jira.corp.test/jira";
    config.credentials = Credentials::basic("bot@acme.test", "tok-123456789");
    config.retry.seed = 3;
    config.page_size = page_size;
    config.create_settle_ms = 1000;
    client = std::make_unique<JiraClient>(http, config, clock);
    client->set_dialect(dialect);
  }
};

TEST(JiraClient, ConnectDetectsCloudAndLoadsFields) {
  Harness s;
  JiraConfig config;
  config.base_url = "https://demo.atlassian.net";
  JiraClient client(s.http, config, s.clock);
  s.http.expect("GET", "/rest/api/2/serverInfo", 200, fixture("jira-rest/jira-cli/serverinfo.json"));
  s.http.expect("GET", "/rest/api/3/field", 200, fixture("jira-rest/go-jira/all_fields.json"));
  ASSERT_TRUE(client.connect());
  EXPECT_TRUE(client.dialect().cloud());
  EXPECT_EQ(client.dialect().api, 3);
  EXPECT_NE(client.catalog().by_id("summary"), nullptr);
  EXPECT_TRUE(s.http.unexpected().empty());
}

TEST(JiraClient, ConnectDetectsDataCenter) {
  Harness s;
  JiraConfig config;
  config.base_url = "https://jira.corp.test";
  JiraClient client(s.http, config, s.clock);
  s.http.expect("GET", "/rest/api/2/serverInfo", 200,
                R"({"version":"9.12.2","deploymentType":"Server","serverTime":"2024-01-31T10:15:30.000+0100"})");
  s.http.expect("GET", "/rest/api/2/field", 200, "[]");
  ASSERT_TRUE(client.connect());
  EXPECT_FALSE(client.dialect().cloud());
  EXPECT_EQ(client.dialect().api, 2);
  auto info = [&] {
    s.http.expect("GET", "/rest/api/2/serverInfo", 200, R"({"serverTime":"2024-01-31T10:15:30.000+0100"})");
    return client.server_info();
  }();
  ASSERT_TRUE(info);
  EXPECT_EQ(info->utc_offset_minutes, 60);
}

TEST(JiraClient, CloudSearchFollowsNextPageToken) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200,
                R"({"issues":[{"key":"QA-1","fields":{}},{"key":"QA-2","fields":{}}],"nextPageToken":"t2"})");
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[{"key":"QA-3","fields":{}}],"isLast":true})");
  SearchRequest req;
  req.jql = "project = QA";
  req.expand = {"changelog", "names"};
  auto all = s.client->search_all(req);
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 3u);
  const Json first = Json::parse(s.http.requests()[0].body);
  const Json second = Json::parse(s.http.requests()[1].body);
  EXPECT_FALSE(first.contains("nextPageToken"));
  EXPECT_EQ(second["nextPageToken"], "t2");
  EXPECT_EQ(first["maxResults"], 2);
  EXPECT_EQ(first["expand"], "changelog,names");  // a string on search/jql
}

TEST(JiraClient, DataCenterSearchAdvancesStartAtByWhatCameBack) {
  Harness s(Dialect::data_center(), 50);
  // The server caps maxResults at 2 whatever was asked.
  s.http.expect("POST", "/rest/api/2/search", 200, R"({"startAt":0,"maxResults":2,"total":5,"issues":[{"key":"A-1"},{"key":"A-2"}]})");
  s.http.expect("POST", "/rest/api/2/search", 200, R"({"startAt":2,"maxResults":2,"total":5,"issues":[{"key":"A-3"},{"key":"A-4"}]})");
  s.http.expect("POST", "/rest/api/2/search", 200, R"({"startAt":4,"maxResults":2,"total":5,"issues":[{"key":"A-5"}]})");
  auto all = s.client->search_all({"project = A", {"summary"}, {}, 0});
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->size(), 5u);
  EXPECT_EQ(Json::parse(s.http.requests()[1].body)["startAt"], 2);
  EXPECT_EQ(Json::parse(s.http.requests()[2].body)["startAt"], 4);
  EXPECT_TRUE(s.http.unexpected().empty());
}

// A search for keys only asks for the most Jira gives per page (Cloud 5,000, Data Center 1,000);
// any other field, or a page size the caller chose, keeps the configured size.
TEST(JiraClient, AKeysOnlySearchAsksForTheLargestPage) {
  Harness cloud;
  cloud.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[],"isLast":true})");
  cloud.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[],"isLast":true})");
  cloud.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[],"isLast":true})");
  ASSERT_TRUE(cloud.client->search_all({"project = QA", {"key"}, {}, 0}));
  ASSERT_TRUE(cloud.client->search_all({"project = QA", {"key", "summary"}, {}, 0}));
  ASSERT_TRUE(cloud.client->search_all({"project = QA", {"id"}, {}, 7}));
  EXPECT_EQ(Json::parse(cloud.http.requests()[0].body)["maxResults"], 5000);
  EXPECT_EQ(Json::parse(cloud.http.requests()[1].body)["maxResults"], 2);
  EXPECT_EQ(Json::parse(cloud.http.requests()[2].body)["maxResults"], 7);

  Harness dc(Dialect::data_center(), 50);
  dc.http.expect("POST", "/rest/api/2/search", 200, R"({"startAt":0,"total":0,"issues":[]})");
  ASSERT_TRUE(dc.client->search_all({"project = A", {"id", "key"}, {}, 0}));
  EXPECT_EQ(Json::parse(dc.http.requests()[0].body)["maxResults"], 1000);
}

TEST(JiraClient, SearchFixturesPageToTheirEnd) {
  Harness cloud;
  cloud.http.expect("POST", "/rest/api/3/search/jql", 200, fixture("jira-rest/jira-cli/search.json"));
  auto hits = cloud.client->search_all({"x", {"*all"}, {}, 0});
  ASSERT_TRUE(hits);
  EXPECT_EQ(cloud.http.requests().size(), 1u);

  Harness dc(Dialect::data_center(), 50);
  dc.http.expect("POST", "/rest/api/2/search", 200, fixture("jira-rest/jira-ruby/project_SAMPLEPROJECT.issues.json"));
  auto all = dc.client->search_all({"project = SAMPLEPROJECT", {"*all"}, {}, 0});
  ASSERT_TRUE(all);
  EXPECT_EQ(all->size(), 11u);
  EXPECT_EQ(dc.http.requests().size(), 1u);
}

TEST(JiraClient, SearchIsBoundedInPages) {
  Harness s;
  s.http.set_handler([](const net::HttpRequest&) -> Result<net::HttpResponse> {
    net::HttpResponse r;
    r.body = R"({"issues":[{"key":"QA-1"}],"nextPageToken":"again"})";  // a server that never ends
    return r;
  });
  JiraConfig config;
  config.base_url = "https://acme.atlassian.net";
  config.max_pages = 5;
  JiraClient client(s.http, config, s.clock);
  auto all = client.search_all({"x", {"key"}, {}, 0});
  ASSERT_FALSE(all);
  EXPECT_EQ(all.error().kind, ErrorKind::TooManyPages);
}

TEST(JiraClient, EditFallsBackWhenNotifyUsersIsRefused) {
  Harness s(Dialect::data_center());
  s.http.expect("PUT", "/rest/api/2/issue/QA-1?notifyUsers=false", 403,
                R"({"errorMessages":["To discard the user notification either admin or project admin permissions are required."]})");
  s.http.expect("PUT", "/rest/api/2/issue/QA-1", 204);
  s.http.expect("PUT", "/rest/api/2/issue/QA-1", 204);
  WantedChanges w;
  w.set(IssueSlot::Summary, Value::string("x"));
  ASSERT_TRUE(s.client->edit_issue("QA-1", w));
  ASSERT_TRUE(s.client->edit_issue("QA-1", w));  // remembered: straight without the parameter
  EXPECT_EQ(s.http.requests().size(), 3u);
  EXPECT_EQ(s.http.requests()[2].target, "/rest/api/2/issue/QA-1");
}

TEST(JiraClient, EmptyEditSendsNothing) {
  Harness s;
  ASSERT_TRUE(s.client->edit_issue("QA-1", WantedChanges{}));
  EXPECT_TRUE(s.http.requests().empty());
}

TEST(JiraClient, GetIssueDecodesWithTheCatalog) {
  Harness s(Dialect::data_center());
  FieldCatalog catalog;
  catalog.add({"customfield_10010", "Story Points", true, FieldKind::Number, "number", "", ""});
  s.client->set_catalog(catalog);
  s.http.expect("GET", "/rest/api/2/issue/SAMPLEPROJECT-1?fields=%2Aall&expand=changelog", 200,
                R"({"key":"SAMPLEPROJECT-1","fields":{"summary":"S","customfield_10010":5,"labels":["x","twinsync-abc"]}})");
  GetIssueOptions options;
  options.changelog = true;
  auto issue = s.client->get_issue("SAMPLEPROJECT-1", options);
  ASSERT_TRUE(issue) << issue.error().message;
  EXPECT_EQ(issue->issue.field(slot(IssueSlot::Custom)).map_get("Story Points").as_number(), 5);
  // The create marker label is the connector's, not the rules'.
  EXPECT_EQ(issue->issue.field(slot(IssueSlot::Labels)).as_list().size(), 1u);
}

TEST(JiraClient, CommentsArePagedAndWritten) {
  Harness s;
  s.http.expect("GET", "/rest/api/3/issue/QA-1/comment?startAt=0", 200,
                R"({"startAt":0,"total":3,"comments":[{"id":"1","body":"a"},{"id":"2","body":"b"}]})");
  s.http.expect("GET", "/rest/api/3/issue/QA-1/comment?startAt=2", 200,
                R"({"startAt":2,"total":3,"comments":[{"id":"3","body":"c"}]})");
  auto all = s.client->comments("QA-1");
  ASSERT_TRUE(all) << all.error().message;
  EXPECT_EQ(all->as_list().size(), 3u);

  s.http.expect("POST", "/rest/api/3/issue/QA-1/comment", 201, fixture("jira-rest/atlassian-openapi-examples/addComment.201.json"));
  auto added = s.client->add_comment("QA-1", "Ann QA commented: hello");
  ASSERT_TRUE(added) << added.error().message;
  EXPECT_EQ(added->field(slot(CommentSlot::Id)).as_string(), "10000");
  EXPECT_EQ(Json::parse(s.http.requests().back().body)["body"]["type"], "doc");

  s.http.expect("DELETE", "/rest/api/3/issue/QA-1/comment/10000", 404);  // already gone
  EXPECT_TRUE(s.client->delete_comment("QA-1", "10000"));
}

TEST(JiraClient, UploadsMultipartWithTheXsrfHeader) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/issue/QA-1/attachments", 200, fixture("jira-rest/atlassian-openapi-examples/addAttachment.200.json"));
  auto a = s.client->upload_attachment("QA-1", "report \"v2\".txt", "text/plain", "hello\r\nworld");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->field(slot(AttachmentSlot::Filename)).as_string(), "picture.jpg");
  const net::HttpRequest& req = s.http.requests().back();
  std::string content_type, token;
  for (const auto& [k, v] : req.headers) {
    if (k == "Content-Type") content_type = v;
    if (k == "X-Atlassian-Token") token = v;
  }
  EXPECT_EQ(token, "no-check");
  ASSERT_EQ(content_type.rfind("multipart/form-data; boundary=", 0), 0u);
  const std::string boundary = content_type.substr(content_type.find('=') + 1);
  EXPECT_EQ(req.body.rfind("--" + boundary + "\r\n", 0), 0u);
  EXPECT_NE(req.body.find("name=\"file\"; filename=\"report %22v2%22.txt\""), std::string::npos) << req.body;
  EXPECT_NE(req.body.find("\r\n\r\nhello\r\nworld\r\n--" + boundary + "--\r\n"), std::string::npos);
}

TEST(JiraClient, MultipartBoundaryAvoidsTheData) {
  const std::string first = make_multipart({{"file", "a", "text/plain", "x"}}, 1).content_type;
  const std::string boundary = first.substr(first.find('=') + 1);
  const std::string data = "prefix " + boundary + " suffix";
  const MultipartBody mp = make_multipart({{"file", "a", "text/plain", data}}, 1);
  EXPECT_NE(mp.content_type, first);
}

TEST(JiraClient, DownloadsByContentUrlUnderTheBasePath) {
  Harness s(Dialect::data_center());
  Value a = Value::record(attachment_shape());
  a.set_field(slot(AttachmentSlot::Content), Value::string("https://jira.corp.test/jira/secure/attachment/10000/x.png"));
  s.http.expect("GET", "/secure/attachment/10000/x.png", 200, "BYTES");
  auto bytes = s.client->download_attachment(a);
  ASSERT_TRUE(bytes) << bytes.error().message;
  EXPECT_EQ(*bytes, "BYTES");

  Harness cloud;
  Value b = Value::record(attachment_shape());
  b.set_field(slot(AttachmentSlot::Id), Value::string("10000"));
  b.set_field(slot(AttachmentSlot::Content), Value::string("https://elsewhere.test/x"));
  cloud.http.expect("GET", "/rest/api/3/attachment/content/10000?redirect=false", 200, "B");
  EXPECT_TRUE(cloud.client->download_attachment(b));
}

TEST(JiraClient, ResolvesUsersByEmailBeforeWriting) {
  Harness s;
  s.http.expect("GET", "/rest/api/3/user/search?query=ann%40acme.test", 200,
                R"([{"accountId":"5b10ac8d82e05b22cc7d4ef5","displayName":"Ann","emailAddress":"ann@acme.test"}])");
  s.http.expect("PUT", "/rest/api/3/issue/QA-1", 204);
  Value ann = Value::record(user_shape());
  ann.set_field(slot(UserSlot::Email), Value::string("ann@acme.test"));
  WantedChanges w;
  w.set(IssueSlot::Assignee, ann);
  auto report = s.client->apply("QA-1", w);
  ASSERT_TRUE(report) << report.error().message;
  EXPECT_EQ(Json::parse(s.http.requests().back().body)["fields"]["assignee"], (Json{{"accountId", "5b10ac8d82e05b22cc7d4ef5"}}));

  s.http.expect("GET", "/rest/api/3/user/search?query=bob", 200, "[]");
  Value bob = Value::record(user_shape());
  bob.set_field(slot(UserSlot::Email), Value::string("bob@acme.test"));
  WantedChanges w2;
  w2.set(IssueSlot::Reporter, bob);
  auto failed = s.client->apply("QA-1", w2);
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().kind, ErrorKind::UnresolvedUser);
}

TEST(JiraClient, MissingRequiredFieldsFromCreateMeta) {
  Harness s;
  s.http.expect("GET", "/rest/api/3/issue/createmeta/KT/issuetypes?", 200, R"({"issueTypes":[{"id":"10001","name":"Epic"}]})");
  s.http.expect("GET", "/rest/api/3/issue/createmeta/KT/issuetypes/10001", 200,
                R"({"startAt":0,"total":3,"fields":[
                  {"fieldId":"summary","name":"Summary","required":true},
                  {"fieldId":"customfield_10011","name":"Epic Name","required":true,"schema":{"type":"string"}},
                  {"fieldId":"priority","name":"Priority","required":true,"hasDefaultValue":true}]})");
  WantedChanges w;
  w.set(IssueSlot::Summary, Value::string("x"));
  auto missing = s.client->missing_required("KT", "Epic", w);
  ASSERT_TRUE(missing) << missing.error().message;
  ASSERT_EQ(missing->size(), 1u);
  EXPECT_EQ((*missing)[0].name, "Epic Name");
}

TEST(JiraClient, LegacyCreateMetaFromTheFixture) {
  Harness s(Dialect::data_center());
  s.http.expect("GET", "/rest/api/2/issue/createmeta/KT/issuetypes", 404);
  s.http.expect("GET", "/rest/api/2/issue/createmeta?projectKeys=KT", 200,
                fixture("jira-rest/mattermost-plugin-jira/cloud-get-create-issue-metadata-for-project.json"));
  auto fields = s.client->create_fields("KT", "Task");
  ASSERT_TRUE(fields) << fields.error().message;
  int required = 0;
  for (const FieldMeta& f : *fields) required += f.required;
  EXPECT_EQ(required, 5);
}

TEST(JiraClient, RemoteLinkShowsTheTwinState) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/issue/QA-1/remotelink", 201, R"({"id":10000})");
  RemoteLinkState state;
  state.global_id = "twinsync:blue_to_green:GR-12";
  state.url = "https://green.example/browse/GR-12";
  state.title = "GR-12";
  state.state = "blocked";
  state.reason = "no priority for Critical";
  ASSERT_TRUE(s.client->set_remote_link("QA-1", state));
  const Json body = Json::parse(s.http.requests().back().body);
  EXPECT_EQ(body["globalId"], "twinsync:blue_to_green:GR-12");
  EXPECT_EQ(body["object"]["status"]["resolved"], false);
  EXPECT_EQ(body["object"]["summary"], "twinsync: blocked: no priority for Critical");
}

WantedChanges new_bug() {
  WantedChanges w;
  w.set(IssueSlot::Project, Value::string("QA"));
  w.set(IssueSlot::Type, Value::string("Bug"));
  w.set(IssueSlot::Summary, Value::string("Crash"));
  return w;
}

TEST(JiraClient, CreateOnceWritesTheMarker) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[]})");
  s.http.expect("POST", "/rest/api/3/issue", 201, R"({"id":"10001","key":"QA-7"})");
  auto ref = s.client->create_issue_once(new_bug(), "twinsync-7f3a");
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->key, "QA-7");
  EXPECT_EQ(Json::parse(s.http.requests()[0].body)["jql"], "labels = \"twinsync-7f3a\"");
  EXPECT_EQ(Json::parse(s.http.requests()[1].body)["fields"]["labels"], Json::array({"twinsync-7f3a"}));
}

TEST(JiraClient, CreateOnceMarkersAlwaysCarryTheHiddenPrefix) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[]})");
  s.http.expect("POST", "/rest/api/3/issue", 201, R"({"id":"10001","key":"QA-7"})");
  WantedChanges w = new_bug();
  w.add_to(IssueSlot::Labels, Value::string("triage"));
  ASSERT_TRUE(s.client->create_issue_once(w, "7f3a"));
  EXPECT_EQ(Json::parse(s.http.requests()[0].body)["jql"], "labels = \"twinsync-7f3a\"");
  const Json body = Json::parse(s.http.requests()[1].body);
  EXPECT_EQ(body["update"]["labels"], Json::parse(R"([{"add":"triage"},{"add":"twinsync-7f3a"}])"));
  EXPECT_FALSE(s.client->create_issue_once(w, "has space"));
}

TEST(JiraClient, CreateOnceFindsTheCreateThatLandedDespiteATimeout) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[]})");
  s.http.fail("POST", "/rest/api/3/issue", ErrorKind::Timeout);  // landed, but the answer was lost
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[{"id":"10001","key":"QA-7"}]})");
  auto ref = s.client->create_issue_once(new_bug(), "twinsync-7f3a");
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->key, "QA-7");
  int creates = 0;
  for (const auto& r : s.http.requests()) creates += r.target == "/rest/api/3/issue";
  EXPECT_EQ(creates, 1);
  EXPECT_GE(s.clock.slept(), 1000);  // let search catch up before looking
}

TEST(JiraClient, CreateOnceRetriesWhenTheFirstDidNotLand) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[]})");
  s.http.expect("POST", "/rest/api/3/issue", 502);
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[]})");
  s.http.expect("POST", "/rest/api/3/issue", 201, R"({"id":"10002","key":"QA-8"})");
  auto ref = s.client->create_issue_once(new_bug(), "twinsync-7f3a");
  ASSERT_TRUE(ref) << ref.error().message;
  EXPECT_EQ(ref->key, "QA-8");
}

TEST(JiraClient, CreateOnceOnRestartFindsTheHalfMadeTwin) {
  Harness s;
  s.http.expect("POST", "/rest/api/3/search/jql", 200, R"({"issues":[{"id":"10001","key":"QA-7"}]})");
  auto ref = s.client->create_issue_once(new_bug(), "twinsync-7f3a");
  ASSERT_TRUE(ref);
  EXPECT_EQ(ref->key, "QA-7");
  EXPECT_EQ(s.http.requests().size(), 1u);
}

TEST(JiraClient, ErrorsOfEveryOperationKeepTheTokenOut) {
  Harness s;
  s.http.set_handler([](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    std::string auth;
    for (const auto& [k, v] : req.headers) {
      if (k == "Authorization") auth = v;
    }
    net::HttpResponse r;
    r.status = 400;
    r.body = R"({"errorMessages":["echo )" + auth + R"( tok-123456789"]})";
    return r;
  });
  std::vector<Error> errors;
  auto keep = [&](auto result) {
    if (!result) errors.push_back(result.error());
  };
  keep(s.client->get_issue("QA-1"));
  keep(s.client->edit_issue("QA-1", new_bug()));
  keep(s.client->create_issue(new_bug()));
  keep(s.client->add_comment("QA-1", "x"));
  keep(s.client->transitions("QA-1"));
  keep(s.client->search_all({"x", {"key"}, {}, 0}));
  keep(s.client->changelog("QA-1"));
  keep(s.client->myself());
  keep(s.client->server_info());
  ASSERT_EQ(errors.size(), 9u);
  for (const Error& e : errors) {
    EXPECT_EQ(e.message.find("tok-123456789"), std::string::npos) << e.message;
    EXPECT_EQ(e.message.find("Ym90QGFjbWUudGVzdDp0b2stMTIzNDU2Nzg5"), std::string::npos) << e.message;  // base64
  }
}

}  // namespace
}  // namespace twinsync::jira
