// groups.cpp — the tracker's groups: Jira's default ones and those of the --group option.
#include "runtime/tracker/groups.h"

#include "runtime/tracker/state.h"
#include "stdlib/text/text.h"

namespace twinsync::tracker {

std::optional<std::vector<const User*>> group_members(const TrackerState& s, std::string_view group) {
  std::vector<const User*> out;
  for (std::string_view everyone : {"jira-users", "jira-software-users"}) {
    if (!text::equals_ignore_case(group, everyone)) continue;
    for (const User& u : s.catalog.users) {
      if (u.active) out.push_back(&u);
    }
    return out;
  }
  bool found = false;
  for (const std::string& spec : s.opt.groups) {
    const size_t colon = spec.find(':');
    if (!text::equals_ignore_case(group, std::string_view(spec).substr(0, colon))) continue;
    found = true;
    std::string_view rest = colon == std::string::npos ? std::string_view() : std::string_view(spec).substr(colon + 1);
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string_view ident = rest.substr(0, comma);
      const User* u = s.catalog.user_by_any(std::string(ident));
      if (u && u->active) out.push_back(u);
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    }
  }
  if (!found) return std::nullopt;
  return out;
}

}  // namespace twinsync::tracker
