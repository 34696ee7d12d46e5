// Header lookup, endpoint URLs, request targets and the path router (runtime/net, no sockets).
#include <gtest/gtest.h>

#include "runtime/net/error_status.h"
#include "runtime/net/http.h"
#include "runtime/net/router.h"
#include "runtime/net/target.h"

namespace {

using namespace twinsync::net;

TEST(NetHeaders, LookupIsCaseInsensitive) {
  Headers h{{"Content-Type", "application/json"}, {"X-Atlassian-Token", "no-check"}};
  EXPECT_EQ(find_header(h, "content-type"), "application/json");
  EXPECT_EQ(find_header(h, "X-ATLASSIAN-TOKEN"), "no-check");
  EXPECT_EQ(find_header(h, "Authorization"), "");
}

TEST(NetErrorStatus, AnAnswerSaysWhatKindOfErrorItIs) {
  using twinsync::ErrorKind;
  using twinsync::make_error;
  EXPECT_EQ(http_status_for(make_error("no such thing", ErrorKind::NotFound)), 404);
  EXPECT_EQ(http_status_for(make_error("there already", ErrorKind::Conflict)), 409);
  EXPECT_EQ(http_status_for(make_error("does not lint", ErrorKind::Rules)), 422);
  EXPECT_EQ(http_status_for(make_error("bad", ErrorKind::BadRequest)), 400);
  EXPECT_EQ(http_status_for(make_error("anything else", ErrorKind::None)), 400);
}

TEST(NetEndpoint, ParsesSchemesPortsAndBasePath) {
  auto a = parse_endpoint("https://acme.atlassian.net");
  ASSERT_TRUE(a) << a.error().message;
  EXPECT_EQ(a->scheme, "https");
  EXPECT_EQ(a->host, "acme.atlassian.net");
  EXPECT_EQ(a->port, "443");
  EXPECT_EQ(a->base_path, "");
  auto b = parse_endpoint("http://127.0.0.1:8080/jira/");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->port, "8080");
  EXPECT_EQ(b->base_path, "/jira");
  auto c = parse_endpoint("HTTP://[::1]:9000");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->scheme, "http");
  EXPECT_EQ(c->host, "::1");
}

TEST(NetEndpoint, RejectsWhatItCannotUse) {
  EXPECT_FALSE(parse_endpoint("ftp://x"));
  EXPECT_FALSE(parse_endpoint("not a url"));
  EXPECT_FALSE(parse_endpoint("http://user:secret@host"));
  EXPECT_FALSE(parse_endpoint("http://host:0"));
  EXPECT_FALSE(parse_endpoint("http://host/?q=1"));
  auto e = parse_endpoint("http://u:hunter2@host");
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().message.find("hunter2"), std::string::npos);
}

TEST(NetUrl, SplitsEndpointAndTarget) {
  auto u = parse_url("https://hooks.example.com:8443/in/jira?token=a%20b");
  ASSERT_TRUE(u) << u.error().message;
  EXPECT_EQ(u->endpoint.host, "hooks.example.com");
  EXPECT_EQ(u->endpoint.port, "8443");
  EXPECT_EQ(u->target, "/in/jira?token=a%20b");
  EXPECT_EQ(parse_url("http://h")->target, "/");
  EXPECT_FALSE(parse_url("http://u:p@h/x"));
  EXPECT_FALSE(parse_url("mailto:x@y"));
}

TEST(NetTarget, DecodesPathAndQuery) {
  auto t = parse_target("/rest/api/3/search/jql?jql=project%20%3D%20QA&fields=summary&fields=status&x");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->path, "/rest/api/3/search/jql");
  ASSERT_EQ(t->segments.size(), 5u);
  EXPECT_EQ(t->param("jql"), "project = QA");
  EXPECT_EQ(t->params("fields"), (std::vector<std::string>{"summary", "status"}));
  EXPECT_EQ(t->param("x"), "");
  EXPECT_FALSE(t->param("nope"));
  EXPECT_FALSE(parse_target("http://absolute/form"));
}

HttpResponse plain(int status, std::string msg) { return HttpResponse{status, {}, std::move(msg)}; }

TEST(NetRouter, MatchesPatternsAndCaptures) {
  Router r(plain);
  r.add("GET", "/rest/api/{v}/issue/{key}", [](const RouteContext& c) {
    return HttpResponse{200, {}, c.capture("v") + ":" + c.capture("key")};
  });
  r.add("PUT", "/rest/api/{v}/issue/{key}", [](const RouteContext&) { return HttpResponse{204, {}, ""}; });
  r.add("GET", "/rest/api/{v}/issue/{key}/comment", [](const RouteContext&) {
    return HttpResponse{200, {}, "comments"};
  });
  EXPECT_EQ(r.dispatch({"GET", "/rest/api/2/issue/QA-1?fields=x", {}, ""}).body, "2:QA-1");
  EXPECT_EQ(r.dispatch({"GET", "/rest/api/3/issue/QA%2D7", {}, ""}).body, "3:QA-7");
  EXPECT_EQ(r.dispatch({"PUT", "/rest/api/3/issue/QA-1", {}, ""}).status, 204);
  EXPECT_EQ(r.dispatch({"GET", "/rest/api/3/issue/QA-1/comment", {}, ""}).body, "comments");
  EXPECT_EQ(r.dispatch({"GET", "/rest/api/3/nothing", {}, ""}).status, 404);
  HttpResponse m = r.dispatch({"DELETE", "/rest/api/3/issue/QA-1", {}, ""});
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("Allow"), "GET, PUT");
}

}  // namespace
