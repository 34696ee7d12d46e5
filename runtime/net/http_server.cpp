// http_server.cpp — listener and per-connection session (the shape of Beast's async server:
// one session object per connection, kept alive by shared_from_this across async steps, every
// error checked where it arrives, a timeout on every stream operation).
#include "runtime/net/http_server.h"

#include <boost/asio/dispatch.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <array>
#include <atomic>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>

#include "compiler/support/thread_name.h"

namespace twinsync::net {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
class Session;
}

struct HttpServer::Impl {
  ServerOptions opt;
  Handler handler;
  asio::io_context ioc;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work;
  tcp::acceptor acceptor{asio::make_strand(ioc)};
  // Declared before the pool: a session still queued in the pool at destruction unregisters.
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  asio::thread_pool workers;
  std::vector<std::thread> io_threads;
  std::atomic<bool> stopping{false};
  std::atomic<std::uint64_t> accepted{0};
  std::atomic<std::uint64_t> shed_connections{0};
  std::atomic<std::uint64_t> shed_requests{0};
  std::atomic<std::size_t> queued{0};  // requests posted to the workers and not yet answered
  asio::steady_timer accept_pause{acceptor.get_executor()};
  std::uint16_t bound_port = 0;
  std::once_flag stopped;

  explicit Impl(ServerOptions o, Handler h)
      : opt(std::move(o)), handler(std::move(h)),
        workers(static_cast<size_t>(std::max(1, opt.worker_threads))) {}

  HttpResponse error(int status, std::string message) const {
    if (opt.error_response) return opt.error_response(status, std::move(message));
    HttpResponse r;
    r.status = status;
    r.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    r.body = std::move(message) + "\n";
    return r;
  }

  HttpResponse call_handler(const HttpRequest& req) const {
    if (stopping) return error(503, "the server is stopping");
    try {
      return handler(req);
    } catch (...) {
      // What went wrong stays inside: an exception's text can name files, keys or data.
      return error(500, "internal error");
    }
  }

  void accept();
  bool make_room();
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket&& socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    buffer_.reserve(kReadBufferBytes);
  }

  ~Session() {
    std::lock_guard lock(server_.sessions_mu);
    server_.sessions.erase(this);
  }

  void start() {
    {
      std::lock_guard lock(server_.sessions_mu);
      server_.sessions[this] = weak_from_this();
    }
    asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // When this connection began waiting for a request (steady ns), or 0 while it is busy with one.
  std::int64_t waiting_since() const { return waiting_since_.load(); }

  // Closes the connection if it is still waiting for a request (to make room for a new one);
  // false when it has just become busy.
  bool evict() {
    if (waiting_since_.exchange(0) == 0) return false;
    asio::post(stream_.get_executor(), [self = shared_from_this()] { self->close(); });
    return true;
  }

  // Posted by HttpServer::stop: an idle connection closes now, a busy one after its response.
  void shutdown() {
    asio::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (self->reading_) self->close();
    });
  }

 private:
  void read_header() {
    if (closing_) return close();
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(server_.opt.max_header_bytes));
    parser_->body_limit(server_.opt.max_body_bytes);
    reading_ = true;
    waiting_since_ = std::chrono::steady_clock::now().time_since_epoch().count();
    stream_.expires_after(server_.opt.idle_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) {
                              self->on_header(ec);
                            });
  }

  void on_header(beast::error_code ec) {
    waiting_since_ = 0;
    if (ec) return on_read_error(ec);
    const auto& req = parser_->get();
    if (server_.opt.body_limit) {
      const std::size_t limit = server_.opt.body_limit(std::string(req.method_string()), std::string(req.target()));
      if (limit > 0 && limit < server_.opt.max_body_bytes) {
        // The parser checks a Content-Length against its limit only while reading the header,
        // so a declared length is checked here; a chunked body meets the new limit as it comes.
        const auto declared = parser_->content_length();
        if (declared && *declared > limit) return on_read_error(http::error::body_limit);
        parser_->body_limit(limit);
      }
    }
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      auto cont = std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      stream_.expires_after(server_.opt.write_timeout);
      http::async_write(stream_, *cont, [self = shared_from_this(), cont](beast::error_code e, size_t) {
        if (e) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    stream_.expires_after(server_.opt.request_timeout);
    http::async_read(stream_, buffer_, *parser_,
                     [self = shared_from_this()](beast::error_code ec, size_t) {
                       self->on_body(ec);
                     });
  }

  void on_read_error(beast::error_code ec) {
    reading_ = false;
    // The client may still be sending the body we refuse: drain it after answering, or closing
    // with unread data would reset the connection and lose the answer.
    drain_ = true;
    if (ec == http::error::body_limit) {
      return write(server_.error(413, "request body too large"), false);
    }
    // A client that closed or went quiet is not an error worth answering.
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
        ec == asio::error::eof || ec == asio::error::bad_descriptor || closing_) {
      return close();
    }
    write(server_.error(400, "bad HTTP request: " + ec.message()), false);
  }

  void on_body(beast::error_code ec) {
    if (ec) return on_read_error(ec);
    reading_ = false;
    if (server_.stopping) return write(server_.error(503, "the server is stopping"), false);
    auto msg = parser_->release();
    const bool keep_alive = msg.keep_alive();
    HttpRequest req;
    req.method = std::string(msg.method_string());
    req.target = std::string(msg.target());
    for (const auto& field : msg) {
      req.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    req.body = std::move(msg.body());
    if (server_.opt.answer_inline && server_.opt.answer_inline(req.method, req.target)) {
      return write(server_.call_handler(req), keep_alive);
    }
    if (server_.queued.fetch_add(1) >= server_.opt.max_queued_requests) {
      server_.queued.fetch_sub(1);
      ++server_.shed_requests;
      HttpResponse busy = server_.error(503, "the server is busy; try again shortly");
      busy.headers.emplace_back("Retry-After", "1");
      return write(std::move(busy), keep_alive);
    }
    asio::post(server_.workers, [self = shared_from_this(), req = std::move(req), keep_alive] {
      static thread_local bool named = false;  // asio's pool has no per-thread start hook
      if (!named) name_this_thread(self->server_.opt.thread_name), named = true;
      HttpResponse res = self->server_.call_handler(req);
      self->server_.queued.fetch_sub(1);
      asio::post(self->stream_.get_executor(), [self, res = std::move(res), keep_alive]() mutable {
        self->write(std::move(res), keep_alive);
      });
    });
  }

  void write(HttpResponse res, bool keep_alive) {
    keep_alive = keep_alive && !closing_ && !server_.stopping;
    auto out = std::make_shared<http::response<http::string_body>>();
    out->version(11);
    out->result(static_cast<unsigned>(res.status));
    for (const auto& [name, value] : res.headers) out->insert(name, value);
    out->body() = std::move(res.body);
    out->keep_alive(keep_alive);
    out->prepare_payload();
    stream_.expires_after(server_.opt.write_timeout);
    http::async_write(stream_, *out,
                      [self = shared_from_this(), out, keep_alive](beast::error_code ec, size_t) {
                        if (!ec && !keep_alive && self->drain_) return self->drain_and_close();
                        if (ec || !keep_alive) return self->close();
                        self->read_header();
                      });
  }

  // Half-close, then read and discard until the client closes, a second passes, or 64 MiB went by.
  void drain_and_close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(1));
    auto scratch = std::make_shared<std::array<char, 16384>>();
    drain_step(scratch, 0);
  }

  void drain_step(std::shared_ptr<std::array<char, 16384>> scratch, std::size_t total) {
    stream_.async_read_some(asio::buffer(*scratch),
                            [self = shared_from_this(), scratch, total](beast::error_code ec, size_t n) {
                              if (ec || total + n > (64u << 20)) return self->close();
                              self->drain_step(scratch, total + n);
                            });
  }

  void close() {
    reading_ = false;
    waiting_since_ = 0;
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpServer::Impl& server_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  bool reading_ = false;
  bool closing_ = false;
  bool drain_ = false;
  std::atomic<std::int64_t> waiting_since_{0};
};

}  // namespace

// At the connection cap, the connection that has waited longest for a request makes room: a
// flood of idle or slow connections cannot lock out the peer. False when none is waiting.
bool HttpServer::Impl::make_room() {
  std::vector<std::shared_ptr<Session>> live;  // released after the lock: a session's destructor takes it
  {
    std::lock_guard lock(sessions_mu);
    if (sessions.size() < opt.max_connections) return true;
    for (auto& [raw, weak] : sessions) {
      if (auto p = weak.lock()) live.push_back(std::move(p));
    }
  }
  Session* oldest = nullptr;
  std::int64_t since = 0;
  for (const auto& p : live) {
    const std::int64_t w = p->waiting_since();
    if (w != 0 && (since == 0 || w < since)) {
      since = w;
      oldest = p.get();
    }
  }
  return oldest && oldest->evict();
}

void HttpServer::Impl::accept() {
  acceptor.async_accept(asio::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || !acceptor.is_open()) return;
    if (ec) {
      // Out of descriptors or memory: accepting again at once would spin. Wait, then go on.
      accept_pause.expires_after(std::chrono::milliseconds(100));
      accept_pause.async_wait([this](beast::error_code e) {
        if (!e && acceptor.is_open()) accept();
      });
      return;
    }
    ++accepted;
    if (make_room()) {
      std::make_shared<Session>(std::move(socket), *this)->start();
    } else {
      ++shed_connections;
      beast::error_code ignored;
      socket.close(ignored);
    }
    accept();
  });
}

Result<std::unique_ptr<HttpServer>> HttpServer::start(ServerOptions options, Handler handler) {
  auto impl = std::make_unique<Impl>(std::move(options), std::move(handler));
  beast::error_code ec;
  const auto address = asio::ip::make_address(impl->opt.host, ec);
  if (ec) return make_error("cannot listen on '" + impl->opt.host + "': not an IP address", ErrorKind::Network);
  const tcp::endpoint ep{address, impl->opt.port};
  const std::string where = impl->opt.host + ":" + std::to_string(impl->opt.port);
  impl->acceptor.open(ep.protocol(), ec);
  if (!ec) impl->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(ep, ec);
  if (!ec) impl->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return make_error("cannot listen on " + where + ": " + ec.message(), ErrorKind::Network);
  impl->bound_port = impl->acceptor.local_endpoint().port();
  impl->work.emplace(impl->ioc.get_executor());
  impl->accept();
  for (int i = 0; i < std::max(1, impl->opt.io_threads); ++i) {
    impl->io_threads.emplace_back([p = impl.get()] {
      name_this_thread(p->opt.thread_name + "-io");
      p->ioc.run();
    });
  }
  return std::unique_ptr<HttpServer>(new HttpServer(std::move(impl)));
}

HttpServer::HttpServer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpServer::~HttpServer() { stop(); }

std::uint16_t HttpServer::port() const { return impl_->bound_port; }

std::uint64_t HttpServer::connections_accepted() const { return impl_->accepted; }

std::uint64_t HttpServer::connections_shed() const { return impl_->shed_connections; }

std::uint64_t HttpServer::requests_shed() const { return impl_->shed_requests; }

void HttpServer::stop() {
  std::call_once(impl_->stopped, [this] {
    Impl& s = *impl_;
    s.stopping = true;
    asio::post(s.acceptor.get_executor(), [&s] {
      beast::error_code ignored;
      s.acceptor.close(ignored);
      s.accept_pause.cancel();
    });
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(s.sessions_mu);
      for (auto& [raw, weak] : s.sessions) {
        if (auto p = weak.lock()) live.push_back(std::move(p));
      }
    }
    for (auto& session : live) session->shutdown();
    live.clear();
    s.workers.join();
    s.work.reset();
    for (auto& t : s.io_threads) t.join();
  });
}

}  // namespace twinsync::net
