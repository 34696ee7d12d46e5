// The `twinsync` executable: subcommand dispatch, help, version and the exit-code convention.
#include <gtest/gtest.h>

#include "tests/support/run_twinsync.h"

namespace {

using twinsync::testkit::CommandResult;
using twinsync::testkit::run_twinsync;

// Runs `twinsync ARGS`: it exits with `status` and its output says `needle`.
void expect_run(const std::string& args, int status, const std::string& needle) {
  CommandResult r = run_twinsync(args);
  EXPECT_EQ(r.status, status) << "twinsync " << args;
  EXPECT_NE(r.out.find(needle), std::string::npos) << "twinsync " << args << ":\n" << r.out;
}

TEST(Cli, VersionPrintsTheProjectVersion) { expect_run("--version", 0, "twinsync 0."); }

TEST(Cli, HelpListsCommands) { expect_run("help", 0, "demo"); }

TEST(Cli, HelpOnOneCommand) {
  expect_run("help demo", 0, "--keep-running");
  EXPECT_EQ(run_twinsync("demo --help").status, 0);
}

TEST(Cli, UnknownCommandIsAUsageError) { expect_run("frobnicate", 2, "usage: twinsync"); }

TEST(Cli, UnknownFlagIsAUsageError) { expect_run("demo --no-such-flag", 2, "error"); }

TEST(Cli, NoCommandPrintsUsage) { expect_run("", 2, "usage"); }

TEST(Cli, HelpForUnknownCommandIsAUsageError) { EXPECT_EQ(run_twinsync("help nope").status, 2); }

}  // namespace

namespace {

TEST(Demo, TwoTrackersSyncAndEveryFieldEndsInSync) {
  twinsync::testkit::CommandResult r = twinsync::testkit::run_twinsync("demo");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("All synced fields are in sync."), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("stays on blue"), std::string::npos) << r.out;
}

}  // namespace
