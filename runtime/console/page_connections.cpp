// page_connections.cpp — GET /console/connections: every connection with its state, peer,
// issues under sync, last sync, pending events and open errors; POST …/{c}/pause and …/resume.
#include "runtime/console/context.h"
#include "runtime/node/node.h"

namespace twinsync::console {
namespace {

int64_t under_sync(const node::ConnectionStatus& c) {
  int64_t n = 0;
  for (const auto& [state, count] : c.twins) {
    if (state != "unexalated") n += count;
  }
  return n;
}

std::string twins_detail(const node::ConnectionStatus& c) {
  std::string out;
  for (const auto& [state, count] : c.twins) {
    if (!out.empty()) out += ", ";
    out += esc(state) + " " + std::to_string(count);
  }
  return out;
}

}  // namespace

void add_connection_list(net::Router& r, Context& ctx) {
  r.add("GET", "/console/connections", [&ctx](const net::RouteContext&) {
    auto all = ctx.node.status();
    if (!all) return failure_page(ctx, all.error());
    std::string b = "<h1>Connections of node " + esc(ctx.node.name()) + "</h1>";
    if (all->empty()) b += "<p>This node has no connections.</p>";
    else {
      b += "<table id=\"connections\"><caption class=\"muted\">Pending: events waiting to go out / to be applied here.</caption>"
           "<thead><tr><th scope=\"col\">Connection</th><th scope=\"col\">State</th><th scope=\"col\">Peer</th>"
           "<th scope=\"col\">Issues under sync</th><th scope=\"col\">Last sync</th><th scope=\"col\">Pending</th>"
           "<th scope=\"col\">Open errors</th><th scope=\"col\">Actions</th></tr></thead><tbody>";
      for (const auto& c : *all) {
        const std::string base = "/console/connections/" + url_part(c.name);
        b += "<tr data-connection=\"" + esc(c.name) + "\"><th scope=\"row\"><a href=\"" + base + "\">" + esc(c.name) + "</a>";
        if (!c.description.empty()) b += "<br><span class=\"muted\">" + esc(c.description) + "</span>";
        b += "</th><td class=\"state\">" + esc(c.state);
        if (!c.alert.empty()) b += "<br><span class=\"bad\">" + esc(c.alert) + "</span>";
        b += "</td><td>" + (c.peer.empty() ? std::string("<span class=\"muted\">not paired</span>") : esc(c.peer)) + "</td>";
        b += "<td>" + std::to_string(under_sync(c)) + "<br><span class=\"muted\">" + twins_detail(c) + "</span></td>";
        b += "<td>" + esc(when(c.last_sync_ms));
        if (!c.last_sync_key.empty()) {
          b += "<br><a href=\"/console/issues?key=" + url_part(c.last_sync_key) + "\">" + esc(c.last_sync_key) + "</a>";
        }
        b += "</td><td>" + std::to_string(c.pending_out) + " out / " + std::to_string(c.pending_in) + " in</td>";
        b += "<td>" + (c.open_errors > 0 ? "<a href=\"/console/errors\" class=\"bad\">" + std::to_string(c.open_errors) + "</a>"
                                         : std::string("0")) + "</td><td>";
        if (c.state == "paused") b += button_form(base + "/resume", "Resume " + c.name, ctx.csrf(), {}, "primary");
        else b += button_form(base + "/pause", "Pause " + c.name, ctx.csrf());
        b += "</td></tr>";
      }
      b += "</tbody></table>";
    }
    return page(ctx, Page{"Connections", "connections", b, "", "", false});
  });
  r.add("POST", "/console/connections/{c}/pause", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    return after_post(ctx, "/console/connections", ctx.node.pause(c), "Connection " + c + " paused.");
  });
  r.add("POST", "/console/connections/{c}/resume", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    return after_post(ctx, "/console/connections", ctx.node.resume(c), "Connection " + c + " resumed.");
  });
}

}  // namespace twinsync::console
