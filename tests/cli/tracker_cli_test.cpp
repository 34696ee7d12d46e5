// `twinsync tracker`: usage errors, unusable stores, and a real start, request and stop.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "runtime/net/http.h"
#include "tests/support/run_twinsync.h"
#include "tests/support/spawn.h"
#include "tests/support/temp_dir.h"

namespace {

using twinsync::testkit::run_twinsync;
using twinsync::testkit::TempDir;

TEST(TrackerCli, BadListenIsAUsageError) {
  TempDir dir;
  for (const char* listen : {"nonsense", "127.0.0.1:99999", "127.0.0.1:", ":80", "not-an-ip:8080"}) {
    auto r = run_twinsync("tracker --listen '" + std::string(listen) + "' --db " + dir.file("t.db"));
    EXPECT_EQ(r.status, 2) << listen << "\n" << r.out;
  }
}

TEST(TrackerCli, UnusableStoreIsAUsageError) {
  TempDir dir;
  std::ofstream(dir.file("junk.db")) << std::string(4096, 'j');
  auto r = run_twinsync("tracker --listen 127.0.0.1:0 --db " + dir.file("junk.db"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("not a SQLite database"), std::string::npos) << r.out;
  EXPECT_EQ(run_twinsync("tracker --listen 127.0.0.1:0 --db /no/such/dir/t.db").status, 2);
  EXPECT_EQ(run_twinsync("tracker --listen 127.0.0.1:0").status, 2);  // --db is required
  EXPECT_EQ(run_twinsync("tracker --db x.db --seed lots").status, 2);
  EXPECT_EQ(run_twinsync("tracker --db x.db --rate-limit fast").status, 2);
  EXPECT_EQ(run_twinsync("tracker --db x.db --issue-comment-page -1").status, 2);
  EXPECT_EQ(run_twinsync("tracker --db x.db --issue-comment-page many").status, 2);
}

TEST(TrackerCli, ServesUntilSigterm) {
  TempDir dir;
  const std::string out = dir.file("out.txt");
  const pid_t pid = twinsync::testkit::spawn({TWINSYNC_BINARY, "tracker", "--listen", "127.0.0.1:0", "--db", dir.file("t.db"),
                                              "--admin-token", "cli-token-0123456789abcdef"},
                                             {out, dir.file("err.txt"), /*append=*/false});
  ASSERT_GE(pid, 0);
  std::string text, url;
  for (int i = 0; i < 100 && url.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::ifstream in(out);
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    const size_t at = text.find("serving ");
    if (at != std::string::npos && text.find("bearer token") != std::string::npos) {
      url = text.substr(at + 8, text.find(' ', at + 8) - at - 8);
    }
  }
  ASSERT_FALSE(url.empty()) << text;
  EXPECT_NE(text.find("admin@example.com"), std::string::npos);
  EXPECT_NE(text.find("cli-token-0123456789abcdef"), std::string::npos);
  auto client = twinsync::net::make_http_client(*twinsync::net::parse_endpoint(url));
  auto res = (*client)->send({"GET", "/rest/api/2/serverInfo", {}, ""});
  ASSERT_TRUE(res) << res.error().message;
  EXPECT_EQ(res->status, 200);
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST(TrackerCli, HelpListsTheFlags) {
  auto r = run_twinsync("help tracker");
  EXPECT_EQ(r.status, 0);
  for (const char* flag : {"--listen", "--db", "--seed", "--rate-limit", "--webhook", "--admin-token", "--issue-comment-page"}) {
    EXPECT_NE(r.out.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
