// `twinsync invite` and `twinsync accept` as thin clients of a node's admin API (a fake node
// here): what they send, what they print, and their exit codes.
#include <gtest/gtest.h>

#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>

#include "runtime/net/http_server.h"
#include "tests/support/run_twinsync.h"
#include "tests/support/temp_dir.h"

namespace {

using twinsync::net::HttpRequest;
using twinsync::net::HttpResponse;
using twinsync::testkit::run_twinsync;
using twinsync::testkit::TempDir;

class InviteCli : public ::testing::Test {
 protected:
  InviteCli() {
    auto s = twinsync::net::HttpServer::start({}, [this](const HttpRequest& r) {
      std::lock_guard lock(mu_);
      seen_.push_back(r);
      if (r.target == "/admin/v1/connections/blue/invite") {
        return HttpResponse{200, {}, R"({"code":"tsi1.abc_DEF-123"})"};
      }
      if (r.target == "/admin/v1/invitations/accept") {
        auto body = nlohmann::json::parse(r.body);
        if (body["code"] == "tsi1.used") {
          return HttpResponse{409, {}, R"({"error":"this invitation code was already used","kind":"invitation_used"})"};
        }
        return HttpResponse{200, {}, R"({"connection":"green","remote_connection":"blue","remote_url":"https://blue.example"})"};
      }
      return HttpResponse{404, {}, R"({"error":"no such endpoint"})"};
    });
    server_ = std::move(*s);
    node_ = "--node http://127.0.0.1:" + std::to_string(server_->port());
  }

  HttpRequest last() {
    std::lock_guard lock(mu_);
    return seen_.back();
  }

  std::mutex mu_;
  std::vector<HttpRequest> seen_;
  std::unique_ptr<twinsync::net::HttpServer> server_;
  std::string node_;
};

TEST_F(InviteCli, InvitePrintsTheCodeAlone) {
  auto r = run_twinsync("invite blue --ttl 2h " + node_ + " 2>/dev/null");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(r.out, "tsi1.abc_DEF-123\n");
  EXPECT_EQ(last().method, "POST");
  EXPECT_EQ(nlohmann::json::parse(last().body)["ttl_seconds"], 7200);
}

TEST_F(InviteCli, InviteRefusesABadTtlAndAnUnknownConnection) {
  EXPECT_EQ(run_twinsync("invite blue --ttl soon " + node_).status, 2);
  auto r = run_twinsync("invite nosuch " + node_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("twinsync invite: error: no such endpoint"), std::string::npos) << r.out;
}

TEST_F(InviteCli, AcceptReadsTheCodeFromStdinOrTheCommandLine) {
  TempDir dir;
  std::ofstream(dir.file("code.txt")) << "tsi1.fresh\n";
  auto r = run_twinsync("accept " + node_ + " --connection green < " + dir.file("code.txt"));
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("paired: connection green <-> https://blue.example (their connection blue)"), std::string::npos)
      << r.out;
  auto body = nlohmann::json::parse(last().body);
  EXPECT_EQ(body["code"], "tsi1.fresh");
  EXPECT_EQ(body["connection"], "green");

  r = run_twinsync("accept tsi1.used " + node_);
  EXPECT_EQ(r.status, 1);
  EXPECT_NE(r.out.find("already used"), std::string::npos) << r.out;
}

TEST_F(InviteCli, AnUnreachableNodeIsAnEnvironmentError) {
  auto r = run_twinsync("invite blue --node http://127.0.0.1:1");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("cannot reach the node"), std::string::npos) << r.out;
  EXPECT_EQ(run_twinsync("accept tsi1.x --node http://127.0.0.1:1").status, 2);
}

}  // namespace
