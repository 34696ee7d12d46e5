// groups.h — the tracker's user groups, for membersOf() and /group/member: Jira's default
// groups hold every active user (jira-users, jira-software-users), and a tracker started with
// `--group NAME:USER,USER` has that group too. Groups are configuration, not stored data.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "runtime/tracker/model.h"

namespace twinsync::tracker {

struct TrackerState;

/// The group's active members, or nullopt when the tracker has no such group (names ignore case).
std::optional<std::vector<const User*>> group_members(const TrackerState& s, std::string_view group);

}  // namespace twinsync::tracker
