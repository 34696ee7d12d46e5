// bench_api_cost.cpp — tracker requests per synced change, counted by the embedded trackers
// (every request they answer, by route and account): two nodes running examples/outsourced_qa,
// webhooks on, polling every 30 s as the safety net. People (not the nodes' account) make the
// changes; only the nodes' own requests count.
//
// Usage: bench_api_cost [--issues N]   (default 50). One JSON object per kind of change on stdout.
#include <cstring>
#include <iostream>

#include "tests/support/api_cost_world.h"

int main(int argc, char** argv) {
  int n = 50;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::strcmp(argv[i], "--issues") == 0) n = std::atoi(argv[i + 1]);
  }
  try {
    twinsync::testkit::ApiCostWorld w(std::string(TWINSYNC_SOURCE_DIR) + "/examples");
    for (const auto& row : twinsync::testkit::measure_api_cost(w, n)) {
      nlohmann::json by_tracker = nlohmann::json::object();
      for (const auto& [tracker, kinds] : row.per_change) by_tracker[tracker] = kinds;
      std::cout << nlohmann::json{{"name", "api_cost"}, {"change", row.change}, {"changes", row.changes},
                                  {"requests_per_change", row.total}, {"goal", row.goal}, {"by_tracker", by_tracker},
                                  {"settled", row.settled}}
                       .dump()
                << "\n";
      if (!row.settled) std::cerr << "bench_api_cost: " << row.change << " did not settle\n";
    }
  } catch (const std::exception& e) {
    std::cerr << "bench_api_cost: " << e.what() << "\n";
    return 2;
  }
  return 0;
}
