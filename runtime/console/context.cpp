// context.cpp — how the console's pages answer (context.h).
#include "runtime/console/context.h"

#include "runtime/net/error_status.h"
#include "runtime/net/target.h"

namespace twinsync::console {

net::HttpResponse page(Context& ctx, Page p, int status) {
  if (p.flash.empty()) {
    if (auto f = ctx.sessions.take_flash(ctx.session_id)) {
      p.flash = f->first;
      p.flash_is_error = f->second;
    }
  }
  net::HttpResponse r;
  r.status = status;
  r.headers.push_back({"Content-Type", "text/html; charset=utf-8"});
  r.body = document(p, ctx.csrf(), ctx.nonce);
  return r;
}

net::HttpResponse redirect(const std::string& location) {
  net::HttpResponse r;
  r.status = 303;
  r.headers.push_back({"Location", location});
  r.headers.push_back({"Content-Type", "text/plain; charset=utf-8"});
  r.body = "see " + location + "\n";
  return r;
}

net::HttpResponse after_post(Context& ctx, const std::string& location, const Status& result,
                             const std::string& done_text) {
  ctx.sessions.set_flash(ctx.session_id, result ? done_text : result.error().message, !result);
  return redirect(location);
}

net::HttpResponse failure_page(Context& ctx, const Error& e) {
  return page(ctx, Page{"Problem", "", "<h1>That did not work</h1><p class=\"bad\">" + esc(e.message) + "</p>", "", "", false},
              net::http_status_for(e));
}

std::map<std::string, std::string> parse_form(std::string_view body) {
  std::map<std::string, std::string> out;
  auto t = net::parse_target("/?" + std::string(body));
  if (!t) return out;
  for (const auto& [k, v] : t->query) out.emplace(k, v);  // the first of a repeated field
  return out;
}

}  // namespace twinsync::console
