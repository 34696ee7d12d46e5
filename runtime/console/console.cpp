// console.cpp — the console's door: Host check, login and logout, the session cookie, the CSRF
// check of every write, the security headers of every answer; then the page groups' routes.
#include "runtime/console/console.h"

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "compiler/support/text.h"
#include "compiler/vm/datetime.h"
#include "runtime/console/context.h"
#include "runtime/console/csrf.h"
#include "runtime/console/html.h"
#include "runtime/net/target.h"
#include "runtime/transport/crypto.h"

namespace twinsync::console {
namespace {

constexpr std::string_view kApiPrefix = "/console/api/";

std::string media_type(std::string_view content_type) {
  std::string m = ascii_lower(content_type.substr(0, content_type.find(';')));
  m.erase(std::remove(m.begin(), m.end(), ' '), m.end());
  return m;
}

// The value of cookie `name` in the request's Cookie headers ("" when absent).
std::string cookie_value(const net::HttpRequest& request, const std::string& name) {
  for (const auto& [k, v] : request.headers) {
    if (ascii_lower(k) != "cookie") continue;
    std::string_view rest = v;
    while (!rest.empty()) {
      const size_t semi = rest.find(';');
      std::string_view pair = rest.substr(0, semi);
      rest = semi == std::string_view::npos ? std::string_view() : rest.substr(semi + 1);
      while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
      const size_t eq = pair.find('=');
      if (eq != std::string_view::npos && pair.substr(0, eq) == name) return std::string(pair.substr(eq + 1));
    }
  }
  return {};
}

net::HttpResponse plain(int status, const std::string& text) {
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  r.body = text + "\n";
  return r;
}

net::HttpResponse json_error(int status, const std::string& text) {
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = nlohmann::json{{"error", text}}.dump();
  return r;
}

std::string login_body(const std::string& problem) {
  std::string b = "<h1>Log in to this node's console</h1>";
  if (!problem.empty()) b += "<p class=\"flash error\" role=\"alert\">" + esc(problem) + "</p>";
  b += R"(<form method="post" action="/console/login">
<p><label for="token">Admin token</label><br>
<input id="token" name="token" type="password" autocomplete="off" required autofocus size="70" spellcheck="false"></p>
<p><button type="submit" class="primary">Log in</button></p>
</form>
<p class="muted">The node's admin token: its node file's <code>adminToken</code>, or the file
<code>.admin-token</code> beside its store. It is sent once; the console then keeps a session
cookie, and the token never appears in a page or a URL.</p>)";
  return b;
}

}  // namespace

Console::Console(node::Node& node, ConsoleOptions options)
    : node_(node), options_(std::move(options)), sessions_(options_.sessions) {}

std::string Console::cookie_name() const { return options_.secure_cookie ? "__Host-twinsync_console" : "twinsync_console"; }

int64_t Console::now() const { return options_.now_ms ? options_.now_ms() : datetime::now_ms(); }

net::HttpResponse Console::handle(const net::HttpRequest& request) {
  auto nonce = random_hex(16);
  net::HttpResponse r = nonce ? route(request, *nonce) : plain(500, "no random source");
  const std::string n = nonce ? *nonce : std::string("none");
  // Nothing but the page's own nonce'd script and style runs; no frame may hold the console.
  r.headers.push_back({"Content-Security-Policy",
                       "default-src 'none'; script-src 'nonce-" + n + "'; style-src 'nonce-" + n +
                           "'; img-src data:; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
                           "base-uri 'none'"});
  r.headers.push_back({"X-Frame-Options", "DENY"});
  r.headers.push_back({"X-Content-Type-Options", "nosniff"});
  // Not no-referrer: under it a browser sends "Origin: null" with the console's own forms.
  r.headers.push_back({"Referrer-Policy", "same-origin"});
  r.headers.push_back({"Cache-Control", "no-store"});
  r.headers.push_back({"Cross-Origin-Opener-Policy", "same-origin"});
  r.headers.push_back({"Cross-Origin-Resource-Policy", "same-origin"});
  return r;
}

net::HttpResponse Console::route(const net::HttpRequest& request, const std::string& nonce) {
  const admin::GateOptions gate = options_.gate ? options_.gate() : admin::GateOptions{};
  if (!admin::host_allowed(gate, request.header("Host"))) {
    return plain(403, "this node does not serve the host named in the request; use its own address or public URL");
  }
  auto target = net::parse_target(request.target);
  if (!target) return plain(400, "malformed request target");
  const std::string& path = target->path;
  const bool api = path.rfind(kApiPrefix, 0) == 0;
  const bool writes = request.method != "GET" && request.method != "HEAD";
  if (path == "/console" || path == "/console/") return redirect("/console/connections");

  auto token = gate.token ? gate.token() : Result<std::string>(make_error("no token", ErrorKind::Config));
  if (!token || token->empty()) return plain(503, "the node's admin token cannot be read");
  const std::string token_digest = transport::sha256(*token);
  const std::string cookie = cookie_value(request, cookie_name());
  const std::string cookie_attrs = std::string("; Path=") + (options_.secure_cookie ? "/" : "/console") +
                                   "; HttpOnly; SameSite=Strict" + (options_.secure_cookie ? "; Secure" : "");
  auto session = sessions_.find(cookie, token_digest, now());

  if (path == "/console/login") {
    Page p{"Log in", "", "", "", "", false};
    auto login_page = [&](int status, const std::string& problem) {
      p.body = login_body(problem);
      net::HttpResponse r;
      r.status = status;
      r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
      r.body = document(p, "", nonce);
      return r;
    };
    if (!writes) return session ? redirect("/console/connections") : login_page(200, "");
    if (request.method != "POST") return plain(405, "method not allowed");
    if (!same_origin(request)) return plain(403, "a login from another site is refused");
    if (media_type(request.header("Content-Type")) != "application/x-www-form-urlencoded") {
      return plain(415, "the login form is sent as application/x-www-form-urlencoded");
    }
    // The token is checked first and the right one always gets in: the limit counts wrong
    // tokens only, so someone who can reach the port cannot lock the operator out with them.
    const auto form = parse_form(request.body);
    const auto typed = form.find("token");
    if (typed == form.end() || !admin::token_equals(gate, typed->second)) {
      int64_t wait_s = 0;
      if (!login_limit_.allow(now(), &wait_s)) {
        auto r = login_page(429, "Too many wrong tokens in the last minute: wait " + std::to_string(wait_s) +
                                     " seconds before trying again.");
        r.headers.push_back({"Retry-After", std::to_string(wait_s)});
        return r;
      }
      login_limit_.failed(now());
      return login_page(401, "That is not this node's admin token.");
    }
    // A fresh id at every login (no fixation): whatever session the browser held ends now.
    if (!cookie.empty()) sessions_.erase(cookie);
    auto made = sessions_.create(token_digest, now());
    if (!made) return plain(500, "a session could not be made: " + made.error().message);
    auto r = redirect("/console/connections");
    r.headers.push_back({"Set-Cookie", cookie_name() + "=" + made->id + cookie_attrs + "; Max-Age=" +
                                           std::to_string(options_.sessions.absolute_ms / 1000)});
    return r;
  }

  if (!session) {
    if (api) return json_error(401, "log in to the console first");
    if (writes) return plain(401, "log in to the console first");
    return redirect("/console/login");
  }
  std::map<std::string, std::string> form;
  if (writes) {
    if (!same_origin(request)) return plain(403, "a request from another site is refused");
    const std::string type = media_type(request.header("Content-Type"));
    std::string given;
    if (api) {
      if (type != "application/json") return json_error(415, "the console's fetches send application/json");
      given = std::string(request.header("X-CSRF-Token"));
    } else {
      if (type != "application/x-www-form-urlencoded") return plain(415, "the console's forms are form-urlencoded");
      form = parse_form(request.body);
      given = form.count("csrf") ? form["csrf"] : std::string();
    }
    if (!csrf_matches(session->csrf, given)) {
      return api ? json_error(403, "missing or wrong CSRF token: reload the page")
                 : plain(403, "missing or wrong CSRF token: reload the page and try again");
    }
  }
  if (path == "/console/logout") {
    if (request.method != "POST") return plain(405, "log out with the page's button (POST)");
    sessions_.erase(cookie);
    auto r = redirect("/console/login");
    r.headers.push_back({"Set-Cookie", cookie_name() + "=" + cookie_attrs + "; Max-Age=0"});
    return r;
  }

  Context ctx{node_, request, sessions_, cookie, *session, nonce, std::move(form)};
  net::Router router([&ctx, api](int status, std::string message) {
    if (api) return json_error(status, message);
    return page(ctx, Page{"Not found", "", "<h1>Not here</h1><p>" + esc(message) + "</p>", "", "", false}, status);
  });
  add_connection_list(router, ctx);
  add_connection_page(router, ctx);
  add_error_pages(router, ctx);
  add_issue_page(router, ctx);
  add_stats_page(router, ctx);
  add_api(router, ctx);
  return router.dispatch(request);
}

}  // namespace twinsync::console
