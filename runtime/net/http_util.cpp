// http_util.cpp — header lookup and endpoint URL parsing: the Beast-free half of http.h.
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

#include "compiler/support/text.h"
#include "runtime/net/http.h"

namespace twinsync::net {

std::string_view find_header(const Headers& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (iequals(key, name)) return value;
  }
  return {};
}

Result<Endpoint> parse_endpoint(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return make_error("not a URL: '" + std::string(url) + "'", ErrorKind::BadUrl);
  const boost::urls::url_view& u = *parsed;
  Endpoint ep;
  ep.scheme = ascii_lower(std::string(u.scheme()));
  if (ep.scheme != "http" && ep.scheme != "https") {
    return make_error("unsupported URL scheme '" + ep.scheme + "' (use http or https)", ErrorKind::BadUrl);
  }
  // Credentials in a URL end up in logs and error messages: tokens go in headers instead.
  if (u.has_userinfo()) return make_error("a URL must not carry credentials", ErrorKind::BadUrl);
  ep.host = u.host_address();
  if (ep.host.empty()) return make_error("URL without a host: '" + std::string(url) + "'", ErrorKind::BadUrl);
  if (u.has_port()) {
    ep.port = std::string(u.port());
    if (ep.port.empty() || u.port_number() == 0) {
      return make_error("bad port in URL '" + std::string(url) + "'", ErrorKind::BadUrl);
    }
  } else {
    ep.port = ep.scheme == "https" ? "443" : "80";
  }
  if (u.has_query() || u.has_fragment()) {
    return make_error("an endpoint URL takes no query or fragment", ErrorKind::BadUrl);
  }
  ep.base_path = std::string(u.encoded_path());
  while (!ep.base_path.empty() && ep.base_path.back() == '/') ep.base_path.pop_back();
  return ep;
}

Result<UrlParts> parse_url(std::string_view url) {
  auto parsed = boost::urls::parse_absolute_uri(url);
  if (!parsed) return make_error("not a URL: '" + std::string(url) + "'", ErrorKind::BadUrl);
  const boost::urls::url_view& u = *parsed;
  std::string origin = std::string(u.scheme()) + "://" + std::string(u.encoded_host_and_port());
  auto ep = parse_endpoint(origin);
  if (!ep) return ep.error();
  if (u.has_userinfo()) return make_error("a URL must not carry credentials", ErrorKind::BadUrl);
  UrlParts parts{*ep, std::string(u.encoded_path())};
  if (parts.target.empty()) parts.target = "/";
  if (u.has_query()) parts.target += "?" + std::string(u.encoded_query());
  return parts;
}

}  // namespace twinsync::net
