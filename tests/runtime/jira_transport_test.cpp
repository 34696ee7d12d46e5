// Faults, retries, 429 and Retry-After, back-off bounds, the request budget and secrets kept
// out of every error — all against a scripted HTTP client and a fake clock.
#include <gtest/gtest.h>

#include "compiler/support/numbers.h"
#include "runtime/jira/fault.h"
#include "runtime/jira/transport.h"
#include "tests/support/fake_clock.h"
#include "tests/support/fake_http_client.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::FakeClock;
using testkit::FakeHttpClient;

constexpr const char* kToken = "ATATT3xFfGF0-super-secret-token";

JiraConfig test_config() {
  JiraConfig c;
  c.base_url = "https://acme.atlassian.net";
  c.credentials = Credentials::basic("bot@acme.test", kToken);
  c.retry.seed = 7;
  return c;
}

// A scripted HTTP client, a fake clock and a configuration each test may tune before it builds
// its Transport over them.
class JiraTransport : public ::testing::Test {
 protected:
  FakeHttpClient http;
  FakeClock clock;
  JiraConfig config = test_config();
};

TEST_F(JiraTransport, SendsAuthorizationAndAcceptHeaders) {
  Transport t(http, config, clock);
  http.expect("GET", "/rest/api/3/myself", 200, R"({"accountId":"1"})");
  auto r = t.get("/rest/api/3/myself");
  ASSERT_TRUE(r) << r.error().message;
  const auto& req = http.requests().at(0);
  bool has_auth = false;
  for (const auto& [k, v] : req.headers) has_auth |= k == "Authorization" && v.rfind("Basic ", 0) == 0;
  EXPECT_TRUE(has_auth);
  EXPECT_EQ((*r)["accountId"], "1");
}

TEST_F(JiraTransport, RateLimitHonoursRetryAfterSeconds) {
  Transport t(http, config, clock);
  http.expect("GET", "/rest/api/3/issue/QA-1", 429, "", {{"Retry-After", "3"}});
  http.expect("GET", "/rest/api/3/issue/QA-1", 200, "{}");
  ASSERT_TRUE(t.get("/rest/api/3/issue/QA-1"));
  EXPECT_EQ(clock.sleeps(), std::vector<int64_t>{3000});
  EXPECT_EQ(t.requests_sent(), 2);
}

TEST_F(JiraTransport, RateLimitHonoursRetryAfterDate) {
  clock.advance(1445412470000 - clock.now_ms());  // Wed, 21 Oct 2015 07:27:50 GMT
  Transport t(http, config, clock);
  http.expect("GET", "/x", 429, "", {{"retry-after", "Wed, 21 Oct 2015 07:28:00 GMT"}});
  http.expect("GET", "/x", 200, "{}");
  ASSERT_TRUE(t.get("/x"));
  EXPECT_EQ(clock.sleeps(), std::vector<int64_t>{10000});
}

TEST_F(JiraTransport, LongRetryAfterIsNotSleptThrough) {
  Transport t(http, config, clock);
  http.expect("GET", "/x", 429, R"({"errorMessages":["Rate limit exceeded"]})", {{"Retry-After", "3600"}});
  auto r = t.get("/x");
  ASSERT_FALSE(r);
  EXPECT_EQ(error_kind_text(r.error()), "http_429");
  EXPECT_TRUE(is_transient(r.error()));
  EXPECT_NE(r.error().message.find("Retry-After 3600 s"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("Rate limit exceeded"), std::string::npos);
  EXPECT_EQ(clock.slept(), 0);
}

TEST_F(JiraTransport, ServerErrorsBackOffExponentiallyWithJitter) {
  config.retry.base_delay_ms = 1000;
  config.retry.jitter = 0.5;
  Transport t(http, config, clock);
  http.expect("GET", "/x", 503);
  http.expect("GET", "/x", 502);
  http.fail("GET", "/x", ErrorKind::Timeout);
  http.expect("GET", "/x", 200, "{}");
  ASSERT_TRUE(t.get("/x"));
  ASSERT_EQ(clock.sleeps().size(), 3u);
  for (size_t i = 0; i < 3; ++i) {
    const int64_t full = 1000 << i;
    EXPECT_GE(clock.sleeps()[i], full / 2) << i;
    EXPECT_LE(clock.sleeps()[i], full) << i;
  }
}

TEST_F(JiraTransport, AttemptsAreBounded) {
  config.retry.max_attempts = 4;
  config.retry.max_delay_ms = 2000;
  Transport t(http, config, clock);
  http.set_handler([](const net::HttpRequest&) -> Result<net::HttpResponse> {
    net::HttpResponse r;
    r.status = 500;
    return r;
  });
  auto r = t.get("/x");
  ASSERT_FALSE(r);
  EXPECT_EQ(http.requests().size(), 4u);
  EXPECT_NE(r.error().message.find("gave up after 4 attempts"), std::string::npos);
  for (int64_t s : clock.sleeps()) EXPECT_LE(s, 2000);
}

TEST_F(JiraTransport, PermanentErrorsAreNotRetriedAndCarryJirasText) {
  Transport t(http, config, clock);
  const std::string body =
      testkit::read_text_file(testkit::fixtures_dir() + "/jira-rest/atlassian-openapi-examples/createIssue.400.json");
  http.expect("POST", "/rest/api/3/issue", 400, body);
  auto r = t.send_json(Call::json("POST", "/rest/api/3/issue", Json::object(), Repeat::OnlyIfUnsent));
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().message, "POST /rest/api/3/issue: HTTP 400 Bad Request: Field 'priority' is required");
  EXPECT_EQ(classify(r.error()), FaultClass::Permanent);
  EXPECT_EQ(http.requests().size(), 1u);

  http.expect("PUT", "/rest/api/2/issue/10002", 400,
              testkit::read_text_file(testkit::fixtures_dir() + "/jira-rest/jira-ruby/issue_10002.invalid.put.json"));
  auto put = t.send_json(Call::json("PUT", "/rest/api/2/issue/10002", Json::object(), Repeat::Safe));
  ASSERT_FALSE(put);
  EXPECT_NE(put.error().message.find("invalid: Field 'invalid' is not valid for this operation."), std::string::npos);
}

TEST_F(JiraTransport, UnsafeWritesRetryOnlyWhenJiraRefusedThemUnseen) {
  Transport t(http, config, clock);
  http.expect("POST", "/c", 500);
  auto r = t.send(Call::json("POST", "/c", Json::object(), Repeat::OnlyIfUnsent));
  ASSERT_FALSE(r);
  EXPECT_TRUE(is_transient(r.error()));  // the caller decides, e.g. by checking what landed
  EXPECT_EQ(http.requests().size(), 1u);

  http.expect("POST", "/c", 429, "", {{"Retry-After", "1"}});
  http.expect("POST", "/c", 201, "{}");
  EXPECT_TRUE(t.send(Call::json("POST", "/c", Json::object(), Repeat::OnlyIfUnsent)));
  EXPECT_EQ(http.requests().size(), 3u);
}

TEST_F(JiraTransport, FaultClasses) {
  // A kind as the store records it: "http_404" is an answer of that status.
  auto err = [](std::string_view kind) {
    if (kind.rfind("http_", 0) == 0) {
      if (auto status = parse_int<int>(kind.substr(5))) return make_http_error("x", *status);
    }
    return make_error("x", error_kind_from_name(kind).value_or(ErrorKind::None));
  };
  EXPECT_TRUE(is_transient(err("network")));
  EXPECT_TRUE(is_transient(err("timeout")));
  EXPECT_TRUE(is_transient(err("http_429")));
  EXPECT_TRUE(is_transient(err("http_500")));
  EXPECT_TRUE(is_transient(err("http_504")));
  EXPECT_FALSE(is_transient(err("http_501")));
  for (const char* k : {"http_400", "http_401", "http_403", "http_404", "http_409", "http_410", "bad_json", ""}) {
    EXPECT_FALSE(is_transient(err(k))) << k;
  }
  EXPECT_EQ(http_status_of(err("http_404")), 404);
  EXPECT_EQ(http_status_of(err("http_x")), std::nullopt);
  EXPECT_EQ(parse_retry_after(" 12 ", 0), 12000);
  EXPECT_EQ(parse_retry_after("soon", 0), std::nullopt);
}

TEST_F(JiraTransport, BudgetSpacesRequestsAndHoldsTheTracker) {
  RequestBudget budget(10, 2);  // 10 per second, bursts of 2
  for (int i = 0; i < 5; ++i) budget.acquire(clock);
  EXPECT_EQ(clock.slept(), 300);  // two free, then one every 100 ms
  EXPECT_EQ(budget.granted(), 5);

  budget.hold_until(clock.now_ms() + 5000);
  budget.acquire(clock);
  EXPECT_GE(clock.sleeps().back(), 5000);
}

TEST_F(JiraTransport, BulkLeavesAReserveForLiveWork) {
  RequestBudget budget(1, 10, 5);  // 1 per second, burst 10, 5 kept for live work
  for (int i = 0; i < 5; ++i) budget.acquire(clock, Lane::Bulk);
  EXPECT_EQ(clock.slept(), 0);
  budget.acquire(clock, Lane::Live);  // live still finds a token at once
  EXPECT_EQ(clock.slept(), 0);
  budget.acquire(clock, Lane::Bulk);  // bulk waits until the reserve is refilled
  EXPECT_GT(clock.slept(), 0);
}

// The messages of three failed requests (401, 500, a reset) made with `creds`, against a server
// (or proxy) that echoes the request's Authorization header back in its error.
std::vector<std::string> failures_echoing_credentials(const Credentials& creds) {
  FakeHttpClient http;
  FakeClock clock;
  JiraConfig config = test_config();
  config.credentials = creds;
  config.retry.max_attempts = 2;
  Transport t(http, config, clock);
  http.set_handler([](const net::HttpRequest& req) -> Result<net::HttpResponse> {
    std::string auth;
    for (const auto& [k, v] : req.headers) {
      if (k == "Authorization") auth = v;
    }
    if (req.target == "/net") return make_error("reset while sending " + auth, ErrorKind::Network);
    net::HttpResponse r;
    r.status = req.target == "/401" ? 401 : 500;
    r.body = R"({"errorMessages":["bad credentials )" + auth + R"("]})";
    return r;
  });
  std::vector<std::string> messages;
  for (const char* target : {"/401", "/500", "/net"}) {
    auto r = t.get(target);
    EXPECT_FALSE(r);
    messages.push_back(r ? std::string() : r.error().message);
  }
  return messages;
}

TEST_F(JiraTransport, SecretsNeverAppearInErrors) {
  for (const Credentials& creds : {Credentials::basic("bot@acme.test", kToken), Credentials::bearer(kToken)}) {
    const std::vector<std::string> messages = failures_echoing_credentials(creds);
    for (const std::string& m : messages) {
      EXPECT_EQ(m.find(kToken), std::string::npos) << m;
      for (const std::string& form : creds.secret_forms()) EXPECT_EQ(m.find(form), std::string::npos) << m;
      EXPECT_NE(m.find("***"), std::string::npos) << m;
    }
    EXPECT_NE(messages[0].find("GET /401: HTTP 401 Unauthorized"), std::string::npos) << messages[0];
  }
}

}  // namespace
}  // namespace twinsync::jira
