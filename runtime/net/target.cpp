// target.cpp — request-target parsing with Boost.URL.
#include "runtime/net/target.h"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace twinsync::net {

std::optional<std::string> Target::param(std::string_view name) const {
  for (const auto& [k, v] : query) {
    if (k == name) return v;
  }
  return std::nullopt;
}

std::vector<std::string> Target::params(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : query) {
    if (k == name) out.push_back(v);
  }
  return out;
}

Result<Target> parse_target(std::string_view target) {
  auto parsed = boost::urls::parse_origin_form(target);
  if (!parsed) return make_error("malformed request target", ErrorKind::BadRequest);
  const boost::urls::url_view& u = *parsed;
  Target t;
  t.path = u.path();
  for (auto seg : u.segments()) {
    if (!seg.empty()) t.segments.push_back(std::string(seg));
  }
  for (auto p : u.params()) {
    t.query.emplace_back(std::string(p.key), p.has_value ? std::string(p.value) : std::string());
  }
  return t;
}

}  // namespace twinsync::net
