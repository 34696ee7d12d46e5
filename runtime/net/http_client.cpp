// http_client.cpp — the blocking HTTP/1.1 client: Beast over TCP or TLS, one connection kept
// alive and reopened when the server dropped it. Each call runs its own io_context until the
// operation completes or its deadline passes, so the caller's thread is the only one involved.
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <memory>
#include <optional>

#include "runtime/net/http.h"

namespace twinsync::net {

namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using TlsStream = ssl::stream<beast::tcp_stream>;

Error transport_error(const std::string& what, const beast::error_code& ec) {
  const bool timeout = ec == beast::error::timeout || ec == asio::error::timed_out;
  return make_error(what + ": " + (timeout ? std::string("timed out") : ec.message()),
                    timeout ? ErrorKind::Timeout : ErrorKind::Network);
}

// A server that closed an idle keep-alive connection shows up as one of these on the next use.
bool looks_stale(const beast::error_code& ec) {
  return ec == http::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::broken_pipe ||
         ec == asio::error::connection_aborted || ec == ssl::error::stream_truncated;
}

class BeastClient final : public HttpClient {
 public:
  BeastClient(Endpoint ep, ClientOptions opt)
      : ep_(std::move(ep)), opt_(std::move(opt)), ssl_ctx_(ssl::context::tls_client) {
    buffer_.reserve(kReadBufferBytes);
  }

  Status init() {
    if (ep_.scheme != "https") return ok_status();
    beast::error_code ec;
    ssl_ctx_.set_default_verify_paths(ec);
    if (ec) return make_error("cannot load the system CA store: " + ec.message(), ErrorKind::Network);
    if (!opt_.ca_file.empty()) {
      ssl_ctx_.load_verify_file(opt_.ca_file, ec);
      if (ec) return make_error("cannot load CA file " + opt_.ca_file + ": " + ec.message(), ErrorKind::Network);
    }
    ssl_ctx_.set_verify_mode(opt_.verify_tls ? ssl::verify_peer : ssl::verify_none);
    return ok_status();
  }

  Result<HttpResponse> send(const HttpRequest& request) override {
    const bool reused = connected_;
    bool stale = false;
    auto result = attempt(request, stale);
    if (!result && reused && stale) {
      close();
      result = attempt(request, stale);
    }
    return result;
  }

 private:
  std::string where() const { return ep_.host + ":" + ep_.port; }

  // Runs the io_context until `done`; past `timeout` the socket is closed, which completes the
  // pending operation with an error, and the wait reports "timed out".
  template <typename Cancel>
  bool run_until_done(const bool& done, std::chrono::milliseconds timeout, Cancel cancel) {
    ioc_.restart();
    ioc_.run_for(timeout);
    if (done) return true;
    cancel();
    ioc_.restart();
    ioc_.run();
    return false;
  }

  Status connect() {
    close();
    tcp::resolver resolver(ioc_);
    tcp::resolver::results_type endpoints;
    beast::error_code ec;
    bool done = false;
    resolver.async_resolve(ep_.host, ep_.port, [&](beast::error_code e, tcp::resolver::results_type r) {
      ec = e;
      endpoints = std::move(r);
      done = true;
    });
    if (!run_until_done(done, opt_.connect_timeout, [&] { resolver.cancel(); })) {
      return make_error("cannot resolve " + ep_.host + ": timed out", ErrorKind::Timeout);
    }
    if (ec) return transport_error("cannot resolve " + ep_.host, ec);

    if (ep_.scheme == "https") {
      tls_ = std::make_unique<TlsStream>(ioc_, ssl_ctx_);
      if (!SSL_set_tlsext_host_name(tls_->native_handle(), ep_.host.c_str())) {
        return make_error("cannot set TLS server name for " + ep_.host, ErrorKind::Network);
      }
      if (opt_.verify_tls) tls_->set_verify_callback(ssl::host_name_verification(ep_.host));
    } else {
      tcp_ = std::make_unique<beast::tcp_stream>(ioc_);
    }
    beast::tcp_stream& lowest = tls_ ? beast::get_lowest_layer(*tls_) : *tcp_;
    lowest.expires_after(opt_.connect_timeout);
    done = false;
    lowest.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) {
      ec = e;
      done = true;
    });
    ioc_.restart();
    ioc_.run();
    if (ec) {
      close();
      return transport_error("cannot connect to " + where(), ec);
    }
    if (tls_) {
      lowest.expires_after(opt_.connect_timeout);
      tls_->async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
      ioc_.restart();
      ioc_.run();
      if (ec) {
        close();
        return transport_error("TLS handshake with " + where() + " failed", ec);
      }
    }
    connected_ = true;
    return ok_status();
  }

  void close() {
    beast::error_code ignored;
    if (tls_) beast::get_lowest_layer(*tls_).socket().close(ignored);
    if (tcp_) tcp_->socket().close(ignored);
    tls_.reset();
    tcp_.reset();
    buffer_.consume(buffer_.size());
    connected_ = false;
  }

  http::request<http::string_body> build(const HttpRequest& request) const {
    http::request<http::string_body> req;
    const http::verb verb = http::string_to_verb(request.method);
    if (verb == http::verb::unknown) {
      req.method_string(request.method);
    } else {
      req.method(verb);
    }
    req.target(ep_.base_path + request.target);
    req.version(11);
    const bool default_port = (ep_.scheme == "https" && ep_.port == "443") ||
                              (ep_.scheme == "http" && ep_.port == "80");
    const bool v6 = ep_.host.find(':') != std::string::npos;
    const std::string host = v6 ? "[" + ep_.host + "]" : ep_.host;
    req.set(http::field::host, default_port ? host : host + ":" + ep_.port);
    req.set(http::field::user_agent, opt_.user_agent);
    for (const auto& [name, value] : request.headers) req.set(name, value);
    req.body() = request.body;
    if (!request.body.empty() || request.method == "POST" || request.method == "PUT") {
      req.prepare_payload();
    }
    req.keep_alive(true);
    return req;
  }

  template <typename Stream>
  Result<HttpResponse> exchange(Stream& stream, beast::tcp_stream& lowest,
                                const http::request<http::string_body>& req, bool& stale) {
    beast::error_code ec;
    lowest.expires_after(opt_.request_timeout);
    http::async_write(stream, req, [&](beast::error_code e, size_t) { ec = e; });
    ioc_.restart();
    ioc_.run();
    if (ec) {
      stale = looks_stale(ec);
      close();
      return transport_error("cannot send request to " + where(), ec);
    }
    http::response_parser<http::string_body> parser;
    parser.body_limit(opt_.max_response_bytes);
    http::async_read(stream, buffer_, parser, [&](beast::error_code e, size_t) { ec = e; });
    ioc_.restart();
    ioc_.run();
    if (ec) {
      stale = !parser.got_some() && looks_stale(ec);
      close();
      if (ec == http::error::body_limit) {
        return make_error("response from " + where() + " is larger than the limit", ErrorKind::Network);
      }
      return transport_error("no response from " + where(), ec);
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = static_cast<int>(res.result_int());
    for (const auto& field : res) {
      out.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    out.body = std::move(res.body());
    if (!res.keep_alive()) close();
    return out;
  }

  Result<HttpResponse> attempt(const HttpRequest& request, bool& stale) {
    stale = false;
    if (!connected_) {
      if (Status s = connect(); !s) return s.error();
    }
    const auto req = build(request);
    if (tls_) return exchange(*tls_, beast::get_lowest_layer(*tls_), req, stale);
    return exchange(*tcp_, *tcp_, req, stale);
  }

  Endpoint ep_;
  ClientOptions opt_;
  asio::io_context ioc_;
  ssl::context ssl_ctx_;
  std::unique_ptr<beast::tcp_stream> tcp_;
  std::unique_ptr<TlsStream> tls_;
  beast::flat_buffer buffer_;
  bool connected_ = false;
};

}  // namespace

Result<std::unique_ptr<HttpClient>> make_http_client(Endpoint endpoint, ClientOptions options) {
  auto client = std::make_unique<BeastClient>(std::move(endpoint), std::move(options));
  if (Status s = client->init(); !s) return s.error();
  return std::unique_ptr<HttpClient>(std::move(client));
}

}  // namespace twinsync::net
