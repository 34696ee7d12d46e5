// The operator's web console as a browser and an attacker meet it: a login that exchanges the
// admin token for a strict session cookie, pages that send a stranger to the login, writes that
// need the session's CSRF token and come from the console's own origin, and pages that show the
// other organisation's data (issue keys, summaries in error texts, rule text) only escaped.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "compiler/support/encoding.h"
#include "compiler/vm/datetime.h"
#include "runtime/console/html.h"
#include "runtime/console/login_limit.h"
#include "runtime/console/session.h"
#include "runtime/net/target.h"
#include "tests/support/node_world.h"

namespace twinsync::testkit {
namespace {

/// A browser of one node's console: keeps the session cookie, follows no redirect.
class Browser {
 public:
  explicit Browser(node::Node& n) : url_(n.listen_url()) {}

  net::HttpResponse send(const std::string& method, const std::string& target, net::Headers headers = {},
                         const std::string& body = "") {
    auto client = net::make_http_client(*net::parse_endpoint(url_));
    if (!cookie.empty()) headers.push_back({"Cookie", cookie});
    auto r = (*client)->send(net::HttpRequest{method, target, std::move(headers), body});
    EXPECT_TRUE(r) << r.error().message;
    if (!r) return {};
    const std::string set = std::string(r->header("Set-Cookie"));
    if (!set.empty()) {
      const std::string pair = set.substr(0, set.find(';'));
      cookie = pair.substr(pair.find('=') + 1).empty() ? std::string() : pair;
    }
    return *r;
  }
  net::HttpResponse get(const std::string& target) { return send("GET", target); }
  /// A form POST; `csrf` is added unless empty.
  net::HttpResponse post(const std::string& target, std::vector<std::pair<std::string, std::string>> fields,
                         net::Headers extra = {}) {
    std::string body;
    for (const auto& [k, v] : fields) body += (body.empty() ? "" : "&") + k + "=" + url_encode(v);
    extra.push_back({"Content-Type", "application/x-www-form-urlencoded"});
    return send("POST", target, std::move(extra), body);
  }
  net::HttpResponse login(const std::string& token) { return post("/console/login", {{"token", token}}); }
  /// The CSRF token in a page's forms.
  static std::string csrf_of(const std::string& page) {
    const std::string mark = "name=\"csrf\" value=\"";
    const size_t at = page.find(mark);
    return at == std::string::npos ? std::string() : page.substr(at + mark.size(), 64);
  }
  std::string csrf() { return csrf_of(get("/console/connections").body); }

  std::string cookie;  // "name=value"

 private:
  std::string url_;
};

class Console : public ::testing::Test {
 protected:
  Console() {
    blue = &w.add_tracker("blue", {"QA"});
    green = &w.add_tracker("green", {"DEV"});
    auto nodes = w.outsourced_qa();
    qa = &nodes.qa;
    dev = &nodes.dev;
    tester = w.user("blue");
    token = qa->admin_token().value();
  }
  std::string vetted_bug(const std::string& summary, const std::string& priority = "Medium") {
    return tester.create({{"project", {{"key", "QA"}}}, {"summary", summary}, {"labels", {"vetted"}},
                          {"priority", {{"name", priority}}}});
  }
  static std::string example(const std::string& name) {
    std::ifstream in(examples_dir() + "/outsourced_qa/" + name);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  NodeWorld w;
  tracker::Tracker* blue = nullptr;
  tracker::Tracker* green = nullptr;
  node::Node* qa = nullptr;
  node::Node* dev = nullptr;
  TrackerUser tester;
  std::string token;
};

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST_F(Console, APageWithoutASessionGoesToTheLoginAndAFetchGets401) {
  Browser b(*qa);
  for (const std::string page : {"/console/connections", "/console/connections/qa_to_dev", "/console/errors",
                                  "/console/issues?key=QA-1", "/console/stats", "/console/jobs/1", "/console"}) {
    auto r = b.get(page);
    EXPECT_EQ(r.status, 303) << page;
    EXPECT_EQ(r.header("Location"), page == "/console" ? "/console/connections" : "/console/login") << page;
  }
  auto fetch = b.get("/console/api/jobs/1");
  EXPECT_EQ(fetch.status, 401) << fetch.body;
  EXPECT_EQ(fetch.header("Content-Type"), "application/json");
  b.cookie = "twinsync_console=" + std::string(64, 'a');  // a made-up session
  EXPECT_EQ(b.get("/console/errors").status, 303);
  auto pause = b.post("/console/connections/qa_to_dev/pause", {{"csrf", std::string(64, 'b')}});
  EXPECT_EQ(pause.status, 401) << pause.body;
  EXPECT_FALSE(qa->engine("qa_to_dev")->paused());
}

TEST_F(Console, LoginExchangesTheTokenForAStrictHttpOnlyCookieAndLogoutEndsIt) {
  Browser b(*qa);
  auto form = b.get("/console/login");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(has(form.body, "type=\"password\"")) << form.body;
  const std::string csp(form.header("Content-Security-Policy"));
  EXPECT_TRUE(has(csp, "frame-ancestors 'none'")) << csp;
  EXPECT_TRUE(has(csp, "default-src 'none'")) << csp;
  EXPECT_FALSE(has(csp, "unsafe-inline")) << csp;
  EXPECT_EQ(form.header("X-Frame-Options"), "DENY");
  EXPECT_EQ(form.header("Cache-Control"), "no-store");

  auto wrong = b.login(std::string(64, '0'));
  EXPECT_EQ(wrong.status, 401);
  EXPECT_TRUE(wrong.header("Set-Cookie").empty());
  EXPECT_TRUE(b.cookie.empty());
  EXPECT_EQ(b.login(token.substr(0, 10)).status, 401) << "a prefix of the token is no token";

  auto in = b.login(token);
  ASSERT_EQ(in.status, 303) << in.body;
  EXPECT_EQ(in.header("Location"), "/console/connections");
  const std::string set(in.header("Set-Cookie"));
  EXPECT_EQ(set.rfind("twinsync_console=", 0), 0u) << set;
  EXPECT_TRUE(has(set, "; HttpOnly")) << set;
  EXPECT_TRUE(has(set, "; SameSite=Strict")) << set;
  EXPECT_TRUE(has(set, "; Path=/console")) << set;
  EXPECT_FALSE(has(set, "Secure")) << "plain http here: a Secure cookie would never come back: " << set;
  EXPECT_FALSE(has(set, token)) << "the session id is not the token";
  const std::string id = b.cookie.substr(b.cookie.find('=') + 1);
  EXPECT_EQ(id.size(), 64u);

  auto page = b.get("/console/connections");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_FALSE(has(page.body, token)) << "the token never appears in a page";
  EXPECT_EQ(b.get("/console/login").status, 303) << "logged in already";

  const std::string csrf = Browser::csrf_of(page.body);
  ASSERT_EQ(csrf.size(), 64u);
  const std::string held = b.cookie;
  auto out = b.post("/console/logout", {{"csrf", csrf}});
  EXPECT_EQ(out.status, 303);
  EXPECT_TRUE(has(std::string(out.header("Set-Cookie")), "Max-Age=0"));
  b.cookie = held;  // the old cookie, replayed
  EXPECT_EQ(b.get("/console/connections").status, 303) << "the session ended on the server";
  for (const std::string& line : w.logs()) EXPECT_FALSE(has(line, token) || has(line, id)) << line;
}

TEST_F(Console, ALoginAlwaysMakesAFreshSession) {
  Browser b(*qa);
  ASSERT_EQ(b.login(token).status, 303);
  const std::string first = b.cookie;
  // Session fixation: whatever session the browser brings to the login, it gets a new one and
  // the one it brought ends.
  ASSERT_EQ(b.login(token).status, 303);
  EXPECT_NE(b.cookie, first);
  Browser other(*qa);
  other.cookie = first;
  EXPECT_EQ(other.get("/console/connections").status, 303);
  EXPECT_EQ(b.get("/console/connections").status, 200);
}

TEST_F(Console, AWriteWithoutTheSessionsCsrfTokenOrFromAnotherSiteIsRefused) {
  Browser b(*qa);
  ASSERT_EQ(b.login(token).status, 303);
  const std::string csrf = b.csrf();
  ASSERT_EQ(csrf.size(), 64u);
  const std::string pause = "/console/connections/qa_to_dev/pause";
  EXPECT_EQ(b.post(pause, {}).status, 403);
  EXPECT_EQ(b.post(pause, {{"csrf", std::string(64, '0')}}).status, 403);
  EXPECT_EQ(b.post(pause, {{"csrf", csrf.substr(0, 63)}}).status, 403);
  Browser other(*qa);  // another operator's session: its token is not this one's
  ASSERT_EQ(other.login(token).status, 303);
  EXPECT_EQ(b.post(pause, {{"csrf", other.csrf()}}).status, 403);
  EXPECT_EQ(b.post(pause, {{"csrf", csrf}}, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_EQ(b.post(pause, {{"csrf", csrf}}, {{"Sec-Fetch-Site", "cross-site"}}).status, 403);
  EXPECT_EQ(b.send("POST", pause, {{"Content-Type", "text/plain"}}, "csrf=" + csrf).status, 415);
  EXPECT_EQ(b.get(pause).status, 405) << "a GET never changes anything";
  EXPECT_FALSE(qa->engine("qa_to_dev")->paused());
  // The login too refuses another site's form.
  Browser c(*qa);
  EXPECT_EQ(c.post("/console/login", {{"token", token}}, {{"Origin", "http://evil.example"}}).status, 403);
  EXPECT_TRUE(c.cookie.empty());

  const std::string port = qa->listen_url().substr(qa->listen_url().rfind(':') + 1);
  auto ok = b.post(pause, {{"csrf", csrf}}, {{"Origin", qa->listen_url()}, {"Sec-Fetch-Site", "same-origin"}});
  EXPECT_EQ(ok.status, 303) << ok.body;
  EXPECT_TRUE(qa->engine("qa_to_dev")->paused());
  auto shown = b.get("/console/connections");
  EXPECT_TRUE(has(shown.body, "Connection qa_to_dev paused.")) << shown.body;
  EXPECT_TRUE(has(shown.body, ">Resume qa_to_dev</button>")) << shown.body;
  EXPECT_EQ(b.post("/console/connections/qa_to_dev/resume", {{"csrf", csrf}}).status, 303);
  EXPECT_FALSE(qa->engine("qa_to_dev")->paused());

  // The lint fetch: the CSRF token in a header, JSON only.
  const std::string lint = "/console/api/connections/qa_to_dev/lint";
  EXPECT_EQ(b.send("POST", lint, {{"Content-Type", "application/json"}}, "{\"text\": \"\"}").status, 403);
  EXPECT_EQ(b.send("POST", lint, {{"Content-Type", "text/plain"}, {"X-CSRF-Token", csrf}}, "{}").status, 415);
  auto linted = b.send("POST", lint, {{"Content-Type", "application/json"}, {"X-CSRF-Token", csrf}},
                       nlohmann::json{{"text", "connection qa_to_dev { local \"QA\" remote \"DEV\" }\n\noutgoing {\n  replica.summary = issue.nosuchfield\n}\n"}}.dump());
  ASSERT_EQ(linted.status, 200) << linted.body;
  auto diags = nlohmann::json::parse(linted.body)["diagnostics"];
  bool at_line_4 = false;
  for (const auto& d : diags) at_line_4 |= d.value("line", 0) == 4 && d.value("severity", "") == "error" && d.value("column", 0) > 0;
  EXPECT_TRUE(at_line_4) << linted.body;
  (void)port;
}

TEST_F(Console, TheCookieIsSecureWhenTheNodeIsReachedOverTls) {
  w.tweak_config = [](node::NodeConfig& c) { c.tracker.register_webhook = false; };  // no one delivers to sync.example.org
  auto& secure = w.add_node("qa2", "blue", {{"qa_to_dev", "outsourced_qa/qa.sync"}}, "https://sync.example.org");
  Browser b(secure);
  auto in = b.login(secure.admin_token().value());
  ASSERT_EQ(in.status, 303) << in.body;
  const std::string set(in.header("Set-Cookie"));
  EXPECT_EQ(set.rfind("__Host-twinsync_console=", 0), 0u) << set;
  EXPECT_TRUE(has(set, "; Secure")) << set;
  EXPECT_TRUE(has(set, "; Path=/;")) << set;
  auto rebound = b.send("GET", "/console/connections", {{"Host", "evil.example"}});
  EXPECT_EQ(rebound.status, 403) << "DNS rebinding: " << rebound.body;
  EXPECT_EQ(b.send("GET", "/console/connections", {{"Host", "sync.example.org"}}).status, 200);
}

// Wrong tokens are slowed down; the right one still gets in, so whoever can reach the port
// cannot lock the operator out by sending wrong ones.
TEST_F(Console, ManyWrongTokensSlowTheLoginDownButNeverLockTheOperatorOut) {
  Browser b(*qa);
  int refused = 0;
  for (int i = 0; i < 12; ++i) refused += b.login(std::string(64, 'f')).status == 429;
  EXPECT_GE(refused, 1);
  auto wrong = b.login(std::string(64, 'e'));
  EXPECT_EQ(wrong.status, 429);
  EXPECT_FALSE(wrong.header("Retry-After").empty());
  EXPECT_TRUE(b.cookie.empty());
  Browser operator_browser(*qa);
  auto r = operator_browser.login(token);
  EXPECT_NE(r.status, 429) << "the right token is never locked out";
  EXPECT_FALSE(operator_browser.cookie.empty());
}

TEST(ConsoleHtml, EscapesEveryCharacterThatEndsATextOrAnAttribute) {
  EXPECT_EQ(console::esc("<a href=\"x\" title='y'>&</a>"), "&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  EXPECT_EQ(console::url_part("a b/\"<"), "a%20b%2F%22%3C");
}

TEST(ConsoleSessions, ExpireWhenIdleAfterTheirLifetimeAndWithTheToken) {
  console::SessionStore s({/*idle*/ 1000, /*absolute*/ 5000, /*max*/ 2});
  auto a = s.create("t1", 0).value();
  EXPECT_TRUE(s.find(a.id, "t1", 900));
  EXPECT_TRUE(s.find(a.id, "t1", 1800)) << "seen at 900: idle only 900 ms";
  EXPECT_FALSE(s.find(a.id, "t1", 2900)) << "idle 1100 ms";
  auto b = s.create("t1", 0).value();
  for (int64_t t = 500; t <= 4500; t += 500) EXPECT_TRUE(s.find(b.id, "t1", t)) << t;
  EXPECT_FALSE(s.find(b.id, "t1", 5001)) << "past its lifetime, however busy";
  auto c = s.create("t1", 0).value();
  EXPECT_FALSE(s.find(c.id, "t2", 10)) << "a rotated admin token ends the session";
  EXPECT_FALSE(s.find(c.id, "t1", 20));
  auto d = s.create("t1", 0).value(), e = s.create("t1", 1).value(), f = s.create("t1", 2).value();
  EXPECT_FALSE(s.find(d.id, "t1", 3)) << "the least recently used goes past the cap";
  EXPECT_TRUE(s.find(f.id, "t1", 3));
  EXPECT_NE(e.session.csrf, f.session.csrf);
  EXPECT_FALSE(s.find("../" + std::string(61, 'a'), "t1", 3));
}

TEST(ConsoleLoginLimit, RefusesPastTheLimitUntilTheWindowHasPassed) {
  console::LoginLimiter l(3, 1000);
  for (int i = 0; i < 3; ++i) {
    EXPECT_TRUE(l.allow(i * 10));
    l.failed(i * 10);
  }
  int64_t wait = 0;
  EXPECT_FALSE(l.allow(100, &wait));
  EXPECT_EQ(wait, 1);
  EXPECT_TRUE(l.allow(1000)) << "the first failure is a second old";
}

// Every page with data of a real sync, and the other organisation's text escaped wherever it
// shows: a summary that reaches an error text through the rules, an issue key in a URL.
TEST_F(Console, EveryPageRendersRealDataAndEscapesHostileText) {
  const std::string bug = vetted_bug("Crash on save");
  const std::string twin = NodeWorld::twin_of(*qa, bug);
  ASSERT_FALSE(twin.empty()) << w.diagnose();

  // DEV's rules refuse a priority they cannot map, quoting the summary QA wrote.
  std::string strict = example("dev.sync");
  const std::string from = "issue.priority    = replica.priority ?? \"Medium\"";
  ASSERT_NE(strict.find(from), std::string::npos);
  strict.replace(strict.find(from), from.size(),
                 "issue.priority    = priorityMap[replica.priority] else error \"no priority for \" + replica.summary");
  ASSERT_TRUE(dev->publish_rules("dev_from_qa", strict + "\nmap priorityMap { \"Low\" <- \"Low\" }\n", "strict.sync", "test"));
  const std::string hostile = "<script>alert('x')</script><img src=x onerror=alert(1)>";
  const std::string parked = vetted_bug(hostile, "High");
  ASSERT_TRUE(NodeWorld::eventually([&] { return dev->errors() && !dev->errors()->empty(); })) << w.diagnose();

  Browser d(*dev);
  ASSERT_EQ(d.login(dev->admin_token().value()).status, 303);
  auto errors = d.get("/console/errors");
  ASSERT_EQ(errors.status, 200);
  EXPECT_FALSE(has(errors.body, "<script>alert")) << errors.body;
  EXPECT_FALSE(has(errors.body, "<img src=x")) << errors.body;
  EXPECT_TRUE(has(errors.body, "no priority for &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"))
      << errors.body;
  EXPECT_TRUE(has(errors.body, "<code>strict.sync:")) << "the rule line: " << errors.body;
  EXPECT_EQ(std::count(errors.body.begin(), errors.body.end(), '<') -
                std::count(errors.body.begin(), errors.body.end(), '>'),
            0)
      << "balanced markup";
  const auto error_id = std::to_string(dev->errors()->front().id);
  auto resolved = d.post("/console/errors/" + error_id + "/resolve", {{"csrf", d.csrf()}});
  EXPECT_EQ(resolved.status, 303);
  EXPECT_TRUE(dev->errors()->empty());
  EXPECT_TRUE(has(d.get("/console/errors").body, "No open errors")) << "resolved";

  Browser b(*qa);
  ASSERT_EQ(b.login(token).status, 303);
  auto list = b.get("/console/connections");
  ASSERT_EQ(list.status, 200);
  EXPECT_TRUE(has(list.body, "data-connection=\"qa_to_dev\"")) << list.body;
  EXPECT_TRUE(has(list.body, "dev_from_qa")) << "the peer: " << list.body;
  EXPECT_TRUE(has(list.body, "QA&#39;s vetted bugs to the developers")) << list.body;

  auto one = b.get("/console/connections/qa_to_dev");
  ASSERT_EQ(one.status, 200) << one.body;
  EXPECT_TRUE(has(one.body, "id=\"running-version\"")) << one.body;
  EXPECT_TRUE(has(one.body, "replica.labels      = issue.labels where it != &quot;vetted&quot;")) << "rule text, escaped";
  EXPECT_TRUE(has(one.body, "data-trigger=\"vetted_bugs\"")) << one.body;
  EXPECT_TRUE(has(one.body, "<script nonce=\"")) << "the lint script runs under the nonce";

  auto issue = b.get("/console/issues?key=" + bug);
  ASSERT_EQ(issue.status, 200);
  EXPECT_TRUE(has(issue.body, ">" + twin + "<")) << issue.body;
  EXPECT_TRUE(has(issue.body, "History on qa_to_dev")) << issue.body;
  EXPECT_TRUE(has(issue.body, ">sent<")) << issue.body;
  auto odd = b.get("/console/issues?key=" + url_encode("\"><svg onload=alert(1)>"));
  EXPECT_EQ(odd.status, 200);
  EXPECT_FALSE(has(odd.body, "<svg onload")) << odd.body;
  EXPECT_TRUE(has(odd.body, "value=\"&quot;&gt;&lt;svg onload=alert(1)&gt;\"")) << odd.body;

  auto stats = b.get("/console/stats");
  ASSERT_EQ(stats.status, 200);
  EXPECT_TRUE(has(stats.body, "<svg class=\"chart\"")) << stats.body;
  const std::string today = "data-day=\"" + console::when(datetime::now_ms()).substr(0, 10) + "\" data-sent=\"";
  ASSERT_TRUE(has(stats.body, today)) << stats.body;
  EXPECT_NE(stats.body.substr(stats.body.find(today) + today.size(), 2), "0\"") << "today's bar counts what was sent: " << stats.body;

  auto bulk = b.post("/console/connections/qa_to_dev/bulk", {{"csrf", b.csrf()}, {"trigger", "vetted_bugs"}});
  ASSERT_EQ(bulk.status, 303) << bulk.body;
  const std::string job(bulk.header("Location"));
  ASSERT_EQ(job.rfind("/console/jobs/", 0), 0u) << job;
  auto job_page = b.get(job);
  EXPECT_EQ(job_page.status, 200);
  EXPECT_TRUE(has(job_page.body, "<progress id=\"bulk-progress\"")) << job_page.body;
  const std::string api = "/console/api/jobs/" + job.substr(14, job.find('?') - 14);
  ASSERT_TRUE(NodeWorld::eventually([&] {
    auto j = nlohmann::json::parse(b.get(api).body, nullptr, false);
    return j.is_object() && j.value("finished", false) && j.value("total", 0) == 2;
  }));
  (void)parked;
}

TEST_F(Console, PublishingShowsTheDiagnosticsAtTheirLinesAndKeepsTheRunningRules) {
  Browser b(*qa);
  ASSERT_EQ(b.login(token).status, 303);
  const std::string before = qa->engine("qa_to_dev")->rules_version();
  std::string text = example("qa.sync");
  const size_t at = text.find("replica.summary     = issue.summary");
  ASSERT_NE(at, std::string::npos);
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
  std::string broken = text;
  broken.replace(at, std::string("replica.summary     = issue.summary").size(), "replica.summary     = issue.summry");
  auto refused = b.post("/console/connections/qa_to_dev/rules", {{"csrf", b.csrf()}, {"text", broken}});
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(has(refused.body, "<li data-line=\"" + std::to_string(line) + "\" class=\"error\">")) << refused.body;
  EXPECT_TRUE(has(refused.body, "<span class=\"has-error\">" + std::to_string(line) + "</span>")) << refused.body;
  EXPECT_TRUE(has(refused.body, "issue.summry")) << "the draft stays in the editor";
  EXPECT_EQ(qa->engine("qa_to_dev")->rules_version(), before);

  std::string fixed = text + "\n// published from the console\n";
  for (size_t i = 0; (i = fixed.find('\n', i)) != std::string::npos; i += 2) fixed.replace(i, 1, "\r\n");  // as a browser sends it
  auto published = b.post("/console/connections/qa_to_dev/rules", {{"csrf", b.csrf()}, {"text", fixed}});
  EXPECT_EQ(published.status, 303) << published.body;
  EXPECT_NE(qa->engine("qa_to_dev")->rules_version(), before);
  auto versions = qa->rule_versions("qa_to_dev").value();
  ASSERT_EQ(versions.size(), 2u);
  EXPECT_EQ(versions.back().version.author, "console");
  EXPECT_EQ(versions.back().version.source_text.find('\r'), std::string::npos);

  auto rolled = b.post("/console/connections/qa_to_dev/rollback", {{"csrf", b.csrf()}, {"version", versions.front().version.hash}});
  EXPECT_EQ(rolled.status, 303);
  EXPECT_EQ(qa->engine("qa_to_dev")->rules_version(), before);

  auto off = b.post("/console/connections/qa_to_dev/triggers/vetted_bugs", {{"csrf", b.csrf()}, {"active", "false"}});
  EXPECT_EQ(off.status, 303);
  auto triggers = qa->triggers("qa_to_dev", false).value();
  ASSERT_EQ(triggers.size(), 1u);
  EXPECT_FALSE(triggers[0].active);
  EXPECT_TRUE(has(b.get("/console/connections/qa_to_dev").body, "Trigger vetted_bugs switched off."));
}

}  // namespace
}  // namespace twinsync::testkit
