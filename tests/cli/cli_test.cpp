// The `twinsync` executable: subcommand dispatch, help, version and the exit-code convention.
#include <gtest/gtest.h>

#include "tests/support/run_twinsync.h"

namespace {

using twinsync::testing::CommandResult;
using twinsync::testing::run_twinsync;

TEST(Cli, VersionPrintsTheProjectVersion) {
  CommandResult r = run_twinsync("--version");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("twinsync 0."), std::string::npos) << r.out;
}

TEST(Cli, HelpListsCommands) {
  CommandResult r = run_twinsync("help");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("demo"), std::string::npos) << r.out;
}

TEST(Cli, HelpOnOneCommand) {
  CommandResult r = run_twinsync("help demo");
  EXPECT_EQ(r.status, 0);
  EXPECT_NE(r.out.find("--keep-running"), std::string::npos) << r.out;
  EXPECT_EQ(run_twinsync("demo --help").status, 0);
}

TEST(Cli, UnknownCommandIsAUsageError) {
  CommandResult r = run_twinsync("frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("usage: twinsync"), std::string::npos) << r.out;
}

TEST(Cli, UnknownFlagIsAUsageError) {
  CommandResult r = run_twinsync("demo --no-such-flag");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("error"), std::string::npos) << r.out;
}

TEST(Cli, NoCommandPrintsUsage) {
  CommandResult r = run_twinsync("");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("usage"), std::string::npos);
}

TEST(Cli, HelpForUnknownCommandIsAUsageError) { EXPECT_EQ(run_twinsync("help nope").status, 2); }

}  // namespace

namespace {

TEST(Demo, TwoTrackersSyncAndEveryFieldEndsInSync) {
  twinsync::testing::CommandResult r = twinsync::testing::run_twinsync("demo");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("All synced fields are in sync."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stays on blue"), std::string::npos) << r.out;
}

}  // namespace
