// http_util.cpp — URL-to-target conversion.
#include "runtime/jira/http_util.h"

#include "compiler/support/text.h"

namespace twinsync::jira {
namespace {

// "https://h:443/jira/x" -> {"https://h:443", "/jira/x"}; the origin is lower-cased for comparison.
std::pair<std::string, std::string_view> split_origin(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {"", url};
  const auto path_start = url.find('/', scheme_end + 3);
  const std::string origin = ascii_lower(url.substr(0, path_start));
  return {origin, path_start == std::string_view::npos ? std::string_view("/") : url.substr(path_start)};
}

}  // namespace

std::string target_from_url(std::string_view url, std::string_view base_url) {
  auto [origin, path] = split_origin(url);
  if (origin.empty()) return std::string(url);  // already a target
  auto [base_origin, base_path] = split_origin(base_url);
  if (origin != base_origin) return {};
  while (!base_path.empty() && base_path.back() == '/') base_path.remove_suffix(1);
  const bool under_base = !base_path.empty() && path.substr(0, base_path.size()) == base_path &&
                          (path.size() == base_path.size() || path[base_path.size()] == '/' ||
                           path[base_path.size()] == '?');
  if (under_base) path.remove_prefix(base_path.size());
  return std::string(path.empty() ? "/" : path);
}

}  // namespace twinsync::jira
