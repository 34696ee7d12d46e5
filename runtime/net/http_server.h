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
  int worker_threads = 2;
  std::size_t max_body_bytes = 10 * 1024 * 1024;  // larger bodies get 413
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
  /// Stops accepting, closes idle connections, lets requests in flight finish, then returns.
  /// Idempotent; the destructor calls it.
  void stop();

  struct Impl;

 private:
  explicit HttpServer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace twinsync::net
