// seed.h — what a new tracker store starts with: Jira's global configuration (issue types, the
// workflow, priorities, resolutions, link types, custom fields of every kind) and an admin, and
// with `--seed sample` a sample project with components, versions and two more users.
#pragma once

#include <optional>
#include <string>

#include "runtime/tracker/state.h"

namespace twinsync::tracker {

struct SeededAdmin {
  std::string email;
  std::string api_token;  // Basic auth with the e-mail
  std::string pat;        // Bearer auth
};

/// Seeds an empty store (caller holds s.mu); nullopt when the store was seeded before.
Result<std::optional<SeededAdmin>> seed_if_empty(TrackerState& s);

}  // namespace twinsync::tracker
