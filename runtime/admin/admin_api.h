// admin_api.h — the node's JSON admin API, what `twinsync status|errors|retry|…` calls:
//   GET  /admin/v1/status                          connections: twins by state, queues, errors
//   GET  /admin/v1/issues/{key}                    the twins and their state
//   GET  /admin/v1/errors                          open errors
//   POST /admin/v1/errors/{id}/retry | /resolve
//   POST /admin/v1/connections/{c}/exalate|unexalate   {"key": …}
//   POST /admin/v1/connections/{c}/connect         {"key": …, "remote": …}
//   POST /admin/v1/connections/{c}/pause|resume
//   POST /admin/v1/connections/{c}/bulk            {"trigger": …} → 202 {"job": id}
//   GET  /admin/v1/jobs/{id}                       a bulk run's progress
//   GET  /admin/v1/connections/{c}/history/{key}
//   rules, dry runs, triggers and statistics: admin_manage.h
// Errors answer {"error": "…"} with 400, 404, 409 or 422.
#pragma once

#include "runtime/net/http.h"

namespace twinsync::node {
class Node;
}

namespace twinsync::admin {

net::HttpResponse handle(node::Node& node, const net::HttpRequest& request);

}  // namespace twinsync::admin
