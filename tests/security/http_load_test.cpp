// A flood on a node's port does not cut it off from its peer: connections past the cap that say
// nothing or trickle a header, large bodies to the admin API, and a burst of requests without a
// token, all at once, while a change made on the other side still arrives. Two node processes.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "tests/support/raw_socket.h"
#include "tests/support/two_node_processes.h"

namespace twinsync::testkit {
namespace {

int status_of(const std::string& reply) {
  return reply.rfind("HTTP/1.1 ", 0) == 0 ? std::atoi(reply.c_str() + 9) : 0;
}

TEST_F(TwoProcesses, AFloodOnThePortDoesNotCutTheNodeOffFromItsPeer) {
  start("");
  TrackerUser tester = user(*blue), developer = user(*green);
  const std::string before = bug(tester, "before the flood");
  ASSERT_TRUE(NodeWorld::eventually([&] { return twin(before).value("state", "") == "synchronized"; })) << diagnose();

  // 300 connections to the developers' node, past its cap of 256: half say nothing, half send
  // the start of a request and stop.
  std::vector<std::unique_ptr<IdleConnection>> idle;
  for (int i = 0; i < 300; ++i) {
    idle.push_back(std::make_unique<IdleConnection>(dev->port()));
    if (i % 2) idle.back()->send("POST /admin/v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  }
  // Meanwhile clients without a token, some with bodies larger than the admin API takes.
  std::atomic<bool> flooding{true};
  std::atomic<int> too_large{0}, unauthenticated{0}, other{0};
  std::vector<std::thread> flood;
  for (int t = 0; t < 4; ++t) {
    flood.emplace_back([&, t] {
      const std::string big(2 * 1024 * 1024, 'x');
      while (flooding) {
        const bool large = t == 0;
        const std::string body = large ? big : "{}";
        const std::string reply = raw_exchange(
            dev->port(), "POST /admin/v1/pause HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(dev->port()) + "\r\nContent-Type: application/json\r\n"
                         "Connection: close\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body, 2000);
        const int status = status_of(reply);
        (status == 413 ? too_large : status == 401 ? unauthenticated : other)++;
      }
    });
  }

  const std::string during = bug(tester, "during the flood");
  const bool arrived = NodeWorld::eventually([&] { return twin(during).value("state", "") == "synchronized"; });
  flooding = false;
  for (auto& t : flood) t.join();
  ASSERT_TRUE(arrived) << diagnose();
  EXPECT_EQ(developer.field(twin(during).value("remoteKey", ""), "summary"), "during the flood");
  EXPECT_GT(too_large.load(), 0) << "a 2 MiB body to the admin API is refused before it is read";
  EXPECT_GT(unauthenticated.load(), 0);
  // The node is still there for its operator.
  EXPECT_TRUE(dev->admin_json("/admin/v1/status").is_object()) << diagnose();
}

}  // namespace
}  // namespace twinsync::testkit
