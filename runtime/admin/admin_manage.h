// admin_manage.h — the admin API's routes for looking after connections:
//   GET  /admin/v1/connections/{c}/rules           versions of the rules (which one runs)
//   GET  /admin/v1/connections/{c}/rules/{v}       one version with its text (v: hash or prefix)
//   POST /admin/v1/connections/{c}/rules           {"text": …, "name"?, "author"?} publishes rule text,
//                                                  {"version": v, "author"?} runs a kept version again,
//                                                  {"path": …} a .sync file of the connection's rules
//                                                  folder; compiled first, refused (422) with diagnostics
//   POST /admin/v1/connections/{c}/lint           {"text": …, "name"?} → {"diagnostics": [{line, column, …}]}
//                                                  (nothing runs or is kept; the console lints as one types)
//   POST /admin/v1/connections/{c}/dry-run         {"text": …, "name"?, "keys": […]} what a draft would send
//   GET  /admin/v1/connections/{c}/triggers        triggers, on or off, issues matching now (?count=false)
//   POST /admin/v1/connections/{c}/triggers/{name} {"active": true|false}
//   POST /admin/v1/connections/{c}/label           {"title"?, "description"?} what operators call it
//   GET  /admin/v1/stats                           counters of every connection (?days=7)
//   GET  /admin/v1/connections/{c}/stats           counters of one
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "runtime/net/router.h"

namespace twinsync::node {
class Node;
struct RuleDiagnostic;
}

namespace twinsync::admin {

void add_management_routes(net::Router& r, node::Node& n);

/// A draft's diagnostics as the lint route answers them (the console shows these too).
nlohmann::json diagnostics_json(const std::vector<node::RuleDiagnostic>& diagnostics);

}  // namespace twinsync::admin
