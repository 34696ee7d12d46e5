// The Beast server and client together on loopback: keep-alive, reconnects, timeouts, limits,
// bad HTTP, concurrency, graceful stop; and HTTPS against `openssl s_server`.
#include <gtest/gtest.h>

#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <stdexcept>
#include <thread>

#include "runtime/net/http.h"
#include "runtime/net/http_server.h"
#include "tests/support/raw_socket.h"
#include "tests/support/temp_dir.h"

namespace {

using namespace twinsync::net;
using namespace std::chrono_literals;
using twinsync::Result;

HttpResponse echo(const HttpRequest& req) {
  HttpResponse r;
  r.headers.emplace_back("Content-Type", "text/plain");
  r.body = req.method + " " + req.target + " " + req.body + " " + std::string(req.header("X-Test"));
  return r;
}

std::unique_ptr<HttpServer> serve(Handler h, ServerOptions opt = {}) {
  auto s = HttpServer::start(std::move(opt), std::move(h));
  EXPECT_TRUE(s) << s.error().message;
  return std::move(*s);
}

std::unique_ptr<HttpClient> client_for(uint16_t port, ClientOptions opt = {}) {
  auto ep = parse_endpoint("http://127.0.0.1:" + std::to_string(port));
  auto c = make_http_client(*ep, opt);
  EXPECT_TRUE(c);
  return std::move(*c);
}

TEST(Http, RoundTripWithKeepAlive) {
  auto server = serve(echo);
  ASSERT_NE(server->port(), 0);
  auto client = client_for(server->port());
  for (int i = 0; i < 5; ++i) {
    auto r = client->send({"POST", "/x?i=" + std::to_string(i), {{"X-Test", "yes"}}, "body"});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 200);
    EXPECT_EQ(r->body, "POST /x?i=" + std::to_string(i) + " body yes");
  }
  EXPECT_EQ(server->connections_accepted(), 1u);
}

TEST(Http, StatusesAreResponsesNotErrors) {
  auto server = serve([](const HttpRequest&) { return HttpResponse{503, {{"Retry-After", "2"}}, "busy"}; });
  auto r = client_for(server->port())->send({"GET", "/", {}, ""});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("retry-after"), "2");
}

TEST(Http, ReconnectsWhenTheServerClosedAnIdleConnection) {
  ServerOptions opt;
  opt.idle_timeout = 100ms;
  auto server = serve(echo, opt);
  auto client = client_for(server->port());
  ASSERT_TRUE(client->send({"GET", "/a", {}, ""}));
  std::this_thread::sleep_for(300ms);
  auto r = client->send({"GET", "/b", {}, ""});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->body, "GET /b  ");
  EXPECT_EQ(server->connections_accepted(), 2u);
}

TEST(Http, RequestTimeoutIsAnErrorOfKindTimeout) {
  auto server = serve([](const HttpRequest& req) {
    std::this_thread::sleep_for(400ms);
    return echo(req);
  });
  ClientOptions opt;
  opt.request_timeout = 100ms;
  auto client = client_for(server->port(), opt);
  auto r = client->send({"GET", "/slow", {}, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, twinsync::ErrorKind::Timeout);
  opt.request_timeout = 2000ms;
  auto again = client_for(server->port(), opt)->send({"GET", "/slow", {}, ""});
  EXPECT_TRUE(again);
}

TEST(Http, RefusedConnectionIsANetworkError) {
  uint16_t port;
  {
    auto server = serve(echo);
    port = server->port();
  }
  auto r = client_for(port)->send({"GET", "/", {}, ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind, twinsync::ErrorKind::Network);
}

TEST(Http, OversizedBodiesGet413AndOversizedResponsesFail) {
  ServerOptions opt;
  opt.max_body_bytes = 1000;
  auto server = serve(echo, opt);
  auto client = client_for(server->port());
  auto r = client->send({"POST", "/", {}, std::string(5000, 'x')});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 413);
  auto ok = client->send({"POST", "/", {}, std::string(900, 'x')});
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
  ClientOptions small;
  small.max_response_bytes = 100;
  auto big = client_for(server->port(), small)->send({"POST", "/", {}, std::string(900, 'y')});
  ASSERT_FALSE(big);
  EXPECT_EQ(big.error().kind, twinsync::ErrorKind::Network);
}

TEST(Http, BadHttpGets400AndTheServerLivesOn) {
  auto server = serve(echo);
  std::string reply = twinsync::testkit::raw_exchange(server->port(), "NOT HTTP AT ALL\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  reply = twinsync::testkit::raw_exchange(server->port(),
                                          "GET / HTTP/1.1\r\nContent-Length: zz\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 400", 0), 0u) << reply;
  reply = twinsync::testkit::raw_exchange(server->port(), "GET /ok HTTP/1.1\r\nHost: x\r\n"
                                          "Connection: close\r\n\r\n");
  EXPECT_EQ(reply.rfind("HTTP/1.1 200", 0), 0u) << reply;
}

TEST(Http, ExpectContinueIsAnswered) {
  auto server = serve(echo);
  std::string reply = twinsync::testkit::raw_exchange(
      server->port(), "POST /u HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n"
                      "Connection: close\r\n\r\nhi");
  EXPECT_EQ(reply.rfind("HTTP/1.1 100 Continue", 0), 0u) << reply;
  EXPECT_NE(reply.find("POST /u hi"), std::string::npos) << reply;
}

TEST(Http, HandlerExceptionsBecome500WithoutTheirText) {
  auto server = serve([](const HttpRequest&) -> HttpResponse { throw std::runtime_error("boom at /etc/secret"); });
  auto r = client_for(server->port())->send({"GET", "/", {}, ""});
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("boom"), std::string::npos) << r->body;
}

TEST(Http, BodyLimitsByRoute) {
  ServerOptions opt;
  opt.body_limit = [](const std::string&, const std::string& target) -> size_t { return target == "/big" ? 0 : 100; };
  auto server = serve(echo, opt);
  auto client = client_for(server->port());
  auto small = client->send({"POST", "/small", {}, std::string(500, 'x')});
  ASSERT_TRUE(small);
  EXPECT_EQ(small->status, 413);
  auto big = client_for(server->port())->send({"POST", "/big", {}, std::string(500, 'x')});
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 200);
}

// At the cap a new connection is served: the one that has waited longest for a request goes.
TEST(Http, AtTheConnectionCapTheLongestIdleMakesRoom) {
  ServerOptions opt;
  opt.max_connections = 3;
  auto server = serve(echo, opt);
  auto accepted = [&](uint64_t n) {
    for (int i = 0; i < 400 && server->connections_accepted() < n; ++i) std::this_thread::sleep_for(5ms);
    return server->connections_accepted() >= n;
  };
  twinsync::testkit::IdleConnection first(server->port());
  ASSERT_TRUE(first.connected() && accepted(1));
  std::this_thread::sleep_for(5ms);  // so that `first` has waited longest
  twinsync::testkit::IdleConnection second(server->port()), third(server->port());
  ASSERT_TRUE(accepted(3));
  std::this_thread::sleep_for(5ms);  // the sessions register just after the accept is counted
  auto r = client_for(server->port())->send({"GET", "/served", {}, ""});
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_TRUE(first.closed_by_server(2000));
}

// Requests past the worker queue are answered 503 with Retry-After at once, not piled up.
TEST(Http, AFullWorkerQueueAnswers503WithRetryAfter) {
  ServerOptions opt;
  opt.worker_threads = 1;
  opt.max_queued_requests = 1;
  std::atomic<bool> release{false}, entered{false};
  auto server = serve([&](const HttpRequest& req) {
    entered = true;
    while (!release) std::this_thread::sleep_for(5ms);
    return echo(req);
  }, opt);
  std::thread busy([&] { (void)client_for(server->port())->send({"GET", "/busy", {}, ""}); });
  while (!entered) std::this_thread::sleep_for(5ms);
  auto r = client_for(server->port())->send({"GET", "/more", {}, ""});
  release = true;
  busy.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 503);
  EXPECT_EQ(r->header("retry-after"), "1");
  EXPECT_EQ(server->requests_shed(), 1u);
}

// An inline route is answered on the I/O thread: while the only worker is held, it still is.
TEST(Http, InlineRoutesNeedNoWorker) {
  ServerOptions opt;
  opt.worker_threads = 1;
  opt.thread_name = "srv";
  opt.answer_inline = [](const std::string& method, const std::string& target) {
    return method == "POST" && target.rfind("/fast", 0) == 0;
  };
  std::atomic<bool> release{false}, entered{false};
  auto server = serve([&](const HttpRequest& req) {
    if (req.target == "/fast/throw") throw std::runtime_error("secret detail");
    char name[16] = {};
    pthread_getname_np(pthread_self(), name, sizeof name);
    if (req.target == "/busy") {
      entered = true;
      while (!release) std::this_thread::sleep_for(5ms);
    }
    return HttpResponse{200, {}, name};
  }, opt);
  ClientOptions quick;
  quick.request_timeout = 5s;  // a wrong answer fails in seconds, not after the default timeout
  std::thread busy([&] { (void)client_for(server->port(), quick)->send({"GET", "/busy", {}, ""}); });
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!entered && std::chrono::steady_clock::now() < deadline) std::this_thread::sleep_for(5ms);
  if (!entered) {
    release = true;
    busy.join();
    FAIL() << "the busy request never reached the handler";
  }
  auto c = client_for(server->port(), quick);
  auto fast = c->send({"POST", "/fast/1", {}, "notice"});
  auto thrown = c->send({"POST", "/fast/throw", {}, ""});
  release = true;
  busy.join();
  ASSERT_TRUE(fast) << fast.error().message;
  EXPECT_EQ(fast->body, "srv-io");
  ASSERT_TRUE(thrown);
  EXPECT_EQ(thrown->status, 500);
  EXPECT_EQ(thrown->body.find("secret"), std::string::npos);
  auto slow_route = c->send({"GET", "/fast/1", {}, ""});  // not inline: a worker answers
  ASSERT_TRUE(slow_route);
  EXPECT_EQ(slow_route->body, "srv");
}

TEST(Http, ManyConcurrentClientsWhileOneHandlerIsSlow) {
  ServerOptions opt;
  opt.worker_threads = 3;
  auto server = serve([](const HttpRequest& req) {
    if (req.target == "/slow") std::this_thread::sleep_for(300ms);
    return echo(req);
  }, opt);
  std::thread slow([&] { (void)client_for(server->port())->send({"GET", "/slow", {}, ""}); });
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  const auto start = std::chrono::steady_clock::now();
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      auto c = client_for(server->port());
      for (int i = 0; i < 20; ++i) {
        auto r = c->send({"GET", "/" + std::to_string(t) + "/" + std::to_string(i), {}, ""});
        if (r && r->body == "GET /" + std::to_string(t) + "/" + std::to_string(i) + "  ") ++ok;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok, 120);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 2s);
  slow.join();
}

TEST(Http, StopLetsTheRequestInFlightFinish) {
  std::atomic<bool> entered{false};
  auto server = serve([&](const HttpRequest& req) {
    entered = true;
    std::this_thread::sleep_for(200ms);
    return echo(req);
  });
  Result<HttpResponse> r = twinsync::make_error("not run");
  std::thread t([&] { r = client_for(server->port())->send({"GET", "/inflight", {}, ""}); });
  while (!entered) std::this_thread::sleep_for(5ms);
  auto idle = client_for(server->port());
  server->stop();
  t.join();
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_EQ(r->header("Connection"), "close");
  EXPECT_FALSE(idle->send({"GET", "/", {}, ""}));
}

TEST(Http, BindFailureIsReported) {
  auto first = serve(echo);
  ServerOptions opt;
  opt.port = first->port();
  opt.host = "127.0.0.1";
  auto second = HttpServer::start(opt, echo);
  EXPECT_FALSE(second);
  opt.host = "not-an-ip";
  EXPECT_FALSE(HttpServer::start(opt, echo));
}

// HTTPS against `openssl s_server -www` with a certificate made for this test.
class Https : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string cmd = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
                            " -addext subjectAltName=DNS:localhost -keyout " + dir.file("key.pem") +
                            " -out " + dir.file("cert.pem") + " >/dev/null 2>&1";
    ASSERT_EQ(std::system(cmd.c_str()), 0);
    const std::string serve = "openssl s_server -accept 127.0.0.1:0 -www -naccept 4 -cert " +
                              dir.file("cert.pem") + " -key " + dir.file("key.pem") + " 2>&1";
    server = popen(serve.c_str(), "r");
    ASSERT_NE(server, nullptr);
    char line[256];
    while (fgets(line, sizeof line, server)) {
      std::string s(line);
      if (s.rfind("ACCEPT", 0) == 0) {
        port = s.substr(s.rfind(':') + 1);
        port.erase(port.find_last_not_of("\r\n") + 1);
        break;
      }
    }
    ASSERT_FALSE(port.empty());
  }
  void TearDown() override {
    if (server) {
      // -naccept makes s_server exit after its connections; a last one ends it in any case.
      for (int i = 0; i < 4; ++i) (void)twinsync::testkit::raw_exchange(std::stoi(port), "", 200);
      pclose(server);
    }
  }
  Result<HttpResponse> get(const std::string& host, ClientOptions opt) {
    auto ep = parse_endpoint("https://" + host + ":" + port);
    auto c = make_http_client(*ep, opt);
    if (!c) return c.error();
    return (*c)->send({"GET", "/", {}, ""});
  }

  twinsync::testkit::TempDir dir;
  FILE* server = nullptr;
  std::string port;
};

TEST_F(Https, VerifiesTheServerAgainstTheGivenCa) {
  ClientOptions opt;
  opt.ca_file = dir.file("cert.pem");
  auto r = get("localhost", opt);
  ASSERT_TRUE(r) << r.error().message;
  EXPECT_EQ(r->status, 200);
  EXPECT_NE(r->body.find("s_server"), std::string::npos);
}

TEST_F(Https, RejectsAnUnknownCaAndAWrongHostName) {
  auto unknown = get("localhost", ClientOptions{});
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().kind, twinsync::ErrorKind::Network);
  ClientOptions opt;
  opt.ca_file = dir.file("cert.pem");
  auto wrong = get("127.0.0.1", opt);  // the certificate names only "localhost"
  ASSERT_FALSE(wrong);
  opt.ca_file = dir.file("missing.pem");
  EXPECT_FALSE(make_http_client(*parse_endpoint("https://localhost:1"), opt));
}

}  // namespace
