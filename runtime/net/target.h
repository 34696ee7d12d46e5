// target.h — a request target ("/rest/api/3/search/jql?jql=...&maxResults=5") split into a
// decoded path and decoded query parameters, for routers and handlers.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/support/result.h"

namespace twinsync::net {

struct Target {
  std::string path;                   // percent-decoded
  std::vector<std::string> segments;  // path split on '/', each decoded, empty ones dropped
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order, repeats kept

  /// First value of a query parameter.
  std::optional<std::string> param(std::string_view name) const;
  /// Every value of a repeated parameter ("fields=a&fields=b").
  std::vector<std::string> params(std::string_view name) const;
};

/// Fails (kind "bad_request") on a target that is not an origin-form path.
Result<Target> parse_target(std::string_view target);

}  // namespace twinsync::net
