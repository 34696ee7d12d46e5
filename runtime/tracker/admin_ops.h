// admin_ops.h — administration shared by the seed, the admin REST endpoints and the CLI flags:
// users, API tokens and projects. Each validates its input and writes through the store; the
// caller holds s.mu and reloads the catalog afterwards.
#pragma once

#include <string>

#include "compiler/support/result.h"
#include "runtime/tracker/state.h"

namespace twinsync::tracker {

struct NewUser {
  std::string name, email, display_name;
  bool admin = false;
};

/// A new user with a fresh account id (24 hex digits, as on Jira Cloud).
Result<User> create_user(TrackerState& s, const NewUser& u);
/// Stores the hash of `token` (a new random one when empty) and returns the token in clear,
/// the only time it is ever available. kind: "api" (Basic) or "pat" (Bearer).
Result<std::string> create_token(TrackerState& s, const std::string& account_id, const std::string& kind,
                                 const std::string& label, std::string token = {});
/// A project with the default components-free setup; key: 2-10 of [A-Z0-9_], starting with a letter.
Result<Project> create_project(TrackerState& s, const std::string& key, const std::string& name,
                               const std::string& lead);

}  // namespace twinsync::tracker
