// http_server.h — the HTTP/1.1 server: keep-alive sessions on a small I/O thread pool, handlers
// on a separate worker pool so a slow handler (a SQLite write) never stalls reads, writes or the
// accept loop. No Beast type appears here (http_server.cpp holds it).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "compiler/support/result.h"
#include "runtime/net/http.h"

namespace twinsync::net {

using Handler = std::function<HttpResponse(const HttpRequest&)>;

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 0;  // 0 = any free port; see HttpServer::port()
  int io_threads = 1;
  /// The threads' name (as top -H and perf show it): the I/O threads get "-io" after it.
  std::string thread_name = "http";
  int worker_threads = 2;
  std::size_t max_body_bytes = 10 * 1024 * 1024;  // larger bodies get 413
  /// A tighter body limit by route, decided from the request line before the body is read
  /// (0 = max_body_bytes). A node lets only its event route take large bodies.
  std::function<std::size_t(const std::string& method, const std::string& target)> body_limit;
  /// Requests answered on the I/O thread, without the hop to a worker and back (two thread
  /// wake-ups, the larger part of a small request's cost here): only for handlers that never
  /// wait (no file, no network, no lock held across either) and whose work the body limit
  /// bounds, such as a node's webhook notices. While one runs, no other connection is served.
  std::function<bool(const std::string& method, const std::string& target)> answer_inline;
  /// Open connections at most. At the cap, the connection that has waited longest for a request
  /// is closed to make room; when every connection is busy, the new one is closed at once.
  std::size_t max_connections = 256;
  /// Requests read and waiting for a worker at most; past it a request is answered 503 with
  /// Retry-After at once, so a flood cannot pile bodies up in memory.
  std::size_t max_queued_requests = 64;
  std::size_t max_header_bytes = 16 * 1024;
  std::chrono::milliseconds idle_timeout{30000};     // keep-alive wait for the next request
  std::chrono::milliseconds request_timeout{30000};  // reading one request's body
  std::chrono::milliseconds write_timeout{30000};
  /// Renders the server's own errors (400 bad HTTP, 413, 500 handler threw, 503 stopping);
  /// the default is a plain-text body.
  std::function<HttpResponse(int status, std::string message)> error_response;
};

class HttpServer {
 public:
  /// Binds and starts serving; fails (kind "network") when the address cannot be bound.
  static Result<std::unique_ptr<HttpServer>> start(ServerOptions options, Handler handler);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  std::uint16_t port() const;
  /// Connections accepted so far (tests check keep-alive reuse with it).
  std::uint64_t connections_accepted() const;
  /// Connections closed to stay under max_connections, and requests refused with 503 because
  /// the worker queue was full (the load test waits on these).
  std::uint64_t connections_shed() const;
  std::uint64_t requests_shed() const;
  /// Stops accepting, closes idle connections, lets requests in flight finish, then returns.
  /// Idempotent; the destructor calls it.
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace twinsync::net
