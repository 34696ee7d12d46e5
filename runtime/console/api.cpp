// api.cpp — the console's fetch endpoints, answered by the admin API's own JSON routes (the
// session and the CSRF header were checked by the console instead of the bearer token):
//   POST /console/api/connections/{c}/lint   → POST /admin/v1/connections/{c}/lint
//   GET  /console/api/jobs/{id}              → GET  /admin/v1/jobs/{id}
#include "compiler/support/encoding.h"
#include "runtime/admin/admin_api.h"
#include "runtime/console/context.h"
#include "runtime/net/target.h"

namespace twinsync::console {
namespace {

net::HttpResponse forward(Context& ctx, const std::string& method, const std::string& admin_target) {
  net::HttpRequest r;
  r.method = method;
  r.target = admin_target;
  r.headers.push_back({"Content-Type", "application/json"});
  r.body = ctx.http.body;
  return admin::handle(ctx.node, r);
}

}  // namespace

void add_api(net::Router& r, Context& ctx) {
  r.add("POST", "/console/api/connections/{c}/lint", [&ctx](const net::RouteContext& rc) {
    return forward(ctx, "POST", "/admin/v1/connections/" + url_encode(rc.capture("c")) + "/lint");
  });
  r.add("GET", "/console/api/jobs/{id}", [&ctx](const net::RouteContext& rc) {
    return forward(ctx, "GET", "/admin/v1/jobs/" + url_encode(rc.capture("id")));
  });
}

}  // namespace twinsync::console
