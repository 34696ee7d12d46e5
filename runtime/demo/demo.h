// demo.h — `twinsync demo`: two embedded trackers (blue: QA, green: DEV), a node for each with
// the outsourced-QA example rules, paired by invitation over the signed transport; issues created with comments and an
// attachment on blue, progress on green, and a table of what is in sync.
#pragma once

#include <ostream>
#include <string>

namespace twinsync::demo {

struct DemoOptions {
  bool keep_running = false;  // leave everything up and print the URLs
  std::string examples_dir;   // where examples/outsourced_qa lives; found automatically when empty
  std::ostream* out = nullptr;
};

/// Runs the demo; returns the process exit code (0 when every synced field is in sync).
int run_demo(const DemoOptions& options);

}  // namespace twinsync::demo
