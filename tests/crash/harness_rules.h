// harness_rules.h — the rule files and node file the crash harness runs: summaries and
// comments both ways between project QA (blue) and DEV (green).
#pragma once

namespace twinsync::crash {

constexpr const char* kBlueRules = R"(
connection qa { local "QA" remote "DEV" }
trigger synced on issue where project = QA AND labels = sync
outgoing {
  replica.key = issue.key
  replica.summary = issue.summary
  replica.comments = issue.comments
}
incoming {
  if firstSync { skip }
  issue.comments = merge(issue.comments, replica.comments)
}
)";

constexpr const char* kGreenRules = R"(
connection dev { local "DEV" remote "QA" project "DEV" }
incoming {
  if firstSync { issue.type = "Task" }
  issue.summary = replica.summary
  issue.comments = merge(issue.comments, replica.comments)
}
outgoing {
  replica.key = issue.key
  replica.comments = issue.comments
}
)";

}  // namespace twinsync::crash
