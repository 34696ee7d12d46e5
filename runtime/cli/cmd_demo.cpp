// cmd_demo.cpp — `twinsync demo`: two embedded trackers and two nodes syncing in one process.
#include <iostream>

#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/demo/demo.h"

namespace twinsync::cli {

CommandRun setup_demo(CLI::App& app) {
  auto options = std::make_shared<demo::DemoOptions>();
  app.add_flag("--keep-running", options->keep_running, "leave the trackers and the nodes up afterwards");
  app.add_option("--examples", options->examples_dir, "the examples folder (found automatically from the repository)");
  return [options]() -> int { return demo::run_demo(*options); };
}

}  // namespace twinsync::cli
