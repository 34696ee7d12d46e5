// paths.cpp — building and recognising the node-to-node paths.
#include "runtime/transport/paths.h"

#include "runtime/net/target.h"

namespace twinsync::transport {

std::string events_path(std::string_view connection) {
  return "/twinsync/v1/connections/" + std::string(connection) + "/events";
}

namespace {

// "/twinsync/v1/connections/{name}/<last>": the name, or nullopt.
std::optional<std::string> connection_of(std::string_view target, std::string_view last) {
  auto parsed = net::parse_target(target);
  if (!parsed) return std::nullopt;
  const auto& s = parsed->segments;
  if (s.size() != 5 || s[0] != "twinsync" || s[1] != "v1" || s[2] != "connections" || s[4] != last) {
    return std::nullopt;
  }
  return s[3];
}

}  // namespace

std::optional<std::string> connection_of_events_target(std::string_view target) {
  return connection_of(target, "events");
}

std::string unpair_path(std::string_view connection) {
  return "/twinsync/v1/connections/" + std::string(connection) + "/unpair";
}

std::optional<std::string> connection_of_unpair_target(std::string_view target) {
  return connection_of(target, "unpair");
}

}  // namespace twinsync::transport
