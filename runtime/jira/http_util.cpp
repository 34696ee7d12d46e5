// http_util.cpp — header lookup, percent-encoding and URL-to-target conversion.
#include "runtime/jira/http_util.h"

#include <cctype>

namespace twinsync::jira {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

// "https://h:443/jira/x" -> {"https://h:443", "/jira/x"}; the origin is lower-cased for comparison.
std::pair<std::string, std::string_view> split_origin(std::string_view url) {
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {"", url};
  const auto path_start = url.find('/', scheme_end + 3);
  std::string origin(url.substr(0, path_start));
  for (char& c : origin) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return {origin, path_start == std::string_view::npos ? std::string_view("/") : url.substr(path_start)};
}

}  // namespace

std::string_view header_value(const net::Headers& headers, std::string_view name) {
  for (const auto& [k, v] : headers) {
    if (iequals(k, name)) return v;
  }
  return {};
}

std::string url_encode(std::string_view s) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (unsigned char c : s) {
    if (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

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
