// http.h — the HTTP request and response values shared by the server (embedded tracker, node
// admin API, node-to-node transport) and the client (Jira connector, webhook delivery, transport).
// No Beast type appears here: only runtime/net's .cpp files include Beast, so few files pay its
// compile time.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "compiler/support/result.h"

namespace twinsync::net {

using Headers = std::vector<std::pair<std::string, std::string>>;

/// The read buffer every connection starts with. Beast reads max(512, free space) bytes at a
/// time, and a parser that moves the body out empties the buffer after each read: unreserved,
/// it never grows, and a 5 KB webhook took ten reads (a 200 KB event batch four hundred).
inline constexpr std::size_t kReadBufferBytes = 16 * 1024;

/// Case-insensitive header lookup; empty when absent.
std::string_view find_header(const Headers& headers, std::string_view name);

struct HttpRequest {
  std::string method = "GET";
  std::string target = "/";  // path and query, e.g. "/rest/api/3/issue/QA-1?fields=summary"
  Headers headers;
  std::string body;

  std::string_view header(std::string_view name) const { return find_header(headers, name); }
};

struct HttpResponse {
  int status = 200;
  Headers headers;
  std::string body;

  std::string_view header(std::string_view name) const { return find_header(headers, name); }
};

/// Where a client sends its requests: "https://acme.atlassian.net" or "http://127.0.0.1:8080".
struct Endpoint {
  std::string scheme = "http";  // "http" or "https"
  std::string host;
  std::string port;             // "443", "80" or explicit
  std::string base_path;        // prefix for every target, usually empty
};
Result<Endpoint> parse_endpoint(std::string_view url);

/// A full URL ("https://h/hook?x=1") split into its endpoint (no base path) and request target.
struct UrlParts {
  Endpoint endpoint;
  std::string target;  // path and query, "/" at least
};
Result<UrlParts> parse_url(std::string_view url);

struct ClientOptions {
  std::chrono::milliseconds connect_timeout{5000};
  std::chrono::milliseconds request_timeout{30000};
  bool verify_tls = true;       // system CA store and host-name verification
  std::string ca_file;          // extra CA bundle (tests against a local TLS server)
  std::size_t max_response_bytes = 64 * 1024 * 1024;  // a larger body is a "network" error
  std::string user_agent = "twinsync";
};

/// A blocking HTTP/1.1 client bound to one endpoint, reusing its connection (keep-alive).
/// Transport failures (DNS, connect, TLS, timeout, reset) are errors with kind "network" or
/// "timeout"; any HTTP status, including 4xx and 5xx, is a response. Not thread-safe: one
/// client per thread.
class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Result<HttpResponse> send(const HttpRequest& request) = 0;
};

/// The Beast client (http_client.cpp). Fails only on a bad TLS setup (e.g. an unreadable
/// ca_file); connecting happens on the first send and again whenever the connection was lost.
Result<std::unique_ptr<HttpClient>> make_http_client(Endpoint endpoint, ClientOptions options = {});

}  // namespace twinsync::net
