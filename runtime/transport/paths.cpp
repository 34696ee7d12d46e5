// paths.cpp — building and recognising the events path.
#include "runtime/transport/paths.h"

#include "runtime/net/target.h"

namespace twinsync::transport {

std::string events_path(std::string_view connection) {
  return "/twinsync/v1/connections/" + std::string(connection) + "/events";
}

std::optional<std::string> connection_of_events_target(std::string_view target) {
  auto parsed = net::parse_target(target);
  if (!parsed) return std::nullopt;
  const auto& s = parsed->segments;
  if (s.size() != 5 || s[0] != "twinsync" || s[1] != "v1" || s[2] != "connections" || s[4] != "events") {
    return std::nullopt;
  }
  return s[3];
}

}  // namespace twinsync::transport
