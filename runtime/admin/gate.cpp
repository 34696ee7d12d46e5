// gate.cpp — the admin API's three checks, in the order that reveals least: Host, token, body type.
#include "runtime/admin/gate.h"

#include <arpa/inet.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "compiler/support/text.h"
#include "runtime/transport/crypto.h"

namespace twinsync::admin {
namespace {

net::HttpResponse answer(int status, const std::string& message) {
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = nlohmann::json{{"error", message}}.dump();
  return r;
}

bool is_ip_literal(const std::string& name) {
  unsigned char buf[16];
  return inet_pton(AF_INET, name.c_str(), buf) == 1 || inet_pton(AF_INET6, name.c_str(), buf) == 1;
}

}  // namespace

bool host_allowed(const GateOptions& gate, std::string_view header) {
  if (header.empty()) return true;  // no browser omits it; non-browser clients are not the threat here
  const std::string name = host_name_of(header);
  if (name.empty()) return false;
  if (name == "localhost" || is_ip_literal(name)) return true;
  return std::find(gate.host_names.begin(), gate.host_names.end(), name) != gate.host_names.end();
}

// Compared as digests: equal length always, so the time says nothing about the token's length.
bool token_equals(const GateOptions& gate, std::string_view given) {
  if (!gate.token) return false;
  auto token = gate.token();
  if (!token || token->empty()) return false;
  const std::string want = transport::sha256(*token);
  return transport::constant_time_equal(transport::sha256(given), want);
}

namespace {

bool token_matches(const GateOptions& gate, std::string_view authorization) {
  constexpr std::string_view kBearer = "Bearer ";
  // The prefix is no secret; the token after it is compared in constant time.
  if (authorization.substr(0, kBearer.size()) != kBearer) return token_equals(gate, "\x01not a bearer token");
  return token_equals(gate, authorization.substr(kBearer.size()));
}

bool writes(const std::string& method) { return method != "GET" && method != "HEAD" && method != "OPTIONS"; }

bool is_json(std::string_view content_type) {
  const std::string_view media = content_type.substr(0, content_type.find(';'));
  std::string m(media);
  m.erase(std::remove(m.begin(), m.end(), ' '), m.end());
  return iequals(m, "application/json");
}

}  // namespace

std::string host_name_of(std::string_view h) {
  std::string name;
  if (!h.empty() && h.front() == '[') {
    const size_t close = h.find(']');
    if (close == std::string_view::npos) return {};
    name = std::string(h.substr(1, close - 1));
  } else {
    name = std::string(h.substr(0, h.find(':')));
  }
  name = ascii_lower(name);
  while (!name.empty() && name.back() == '.') name.pop_back();
  return name;
}

std::optional<net::HttpResponse> refuse(const GateOptions& gate, const net::HttpRequest& request) {
  if (!host_allowed(gate, request.header("Host"))) {
    return answer(403, "this node does not serve the host named in the request; use its own address or public URL");
  }
  if (!token_matches(gate, request.header("Authorization"))) {
    auto r = answer(401, "the admin API needs the node's admin token (twinsync: --config NODEFILE, --token-file or --token-env)");
    r.headers.push_back({"WWW-Authenticate", "Bearer realm=\"twinsync\""});
    return r;
  }
  if (writes(request.method) && !is_json(request.header("Content-Type"))) {
    return answer(415, "the admin API takes application/json");
  }
  return std::nullopt;
}

}  // namespace twinsync::admin
