// page_issue.cpp — GET /console/issues?key=QA-1: an issue's twins on every connection, their
// link state, and each twin's sync history.
#include "runtime/console/context.h"
#include "runtime/node/node.h"

namespace twinsync::console {

void add_issue_page(net::Router& r, Context& ctx) {
  r.add("GET", "/console/issues", [&ctx](const net::RouteContext& rc) {
    const std::string key = rc.target.param("key").value_or("");
    std::string b = "<h1>Issue</h1><form method=\"get\" action=\"/console/issues\"><p><label for=\"issue-key\">Issue key</label> "
                    "<input id=\"issue-key\" name=\"key\" value=\"" + esc(key) + "\" required maxlength=\"100\" spellcheck=\"false\"> "
                    "<button type=\"submit\">Show</button></p></form>";
    if (!key.empty()) {
      auto twins = ctx.node.issue_status(key);
      if (!twins) {
        b += "<p class=\"bad\">" + esc(twins.error().message) + "</p>";
      } else if (twins->empty()) {
        b += "<p id=\"no-twins\">" + esc(key) + " is not under sync on any connection of this node.</p>";
      } else {
        b += "<h2>Twins of " + esc(key) + "</h2><table id=\"twins\"><thead><tr><th scope=\"col\">Connection</th>"
             "<th scope=\"col\">Here</th><th scope=\"col\">Twin</th><th scope=\"col\">Link state</th><th scope=\"col\">Why</th>"
             "<th scope=\"col\">Last sync</th></tr></thead><tbody>";
        for (const auto& t : *twins) {
          b += "<tr><td><a href=\"/console/connections/" + url_part(t.connection) + "\">" + esc(t.connection) + "</a></td><td>" +
               esc(t.local_key) + "</td><td>" + esc(t.remote_key) + "</td><td class=\"state\">" + esc(t.state) + "</td><td>" +
               esc(t.reason) + "</td><td>" + esc(when(t.last_sync_ms)) + "</td></tr>";
        }
        b += "</tbody></table>";
        for (const auto& t : *twins) {
          b += "<h2>History on " + esc(t.connection) + "</h2>";
          auto h = ctx.node.history(t.connection, t.local_key);
          if (!h) {
            b += "<p class=\"bad\">" + esc(h.error().message) + "</p>";
            continue;
          }
          if (h->empty()) {
            b += "<p>Nothing synced yet.</p>";
            continue;
          }
          b += "<table class=\"history\"><thead><tr><th scope=\"col\">When</th><th scope=\"col\">Direction</th>"
               "<th scope=\"col\">Outcome</th><th scope=\"col\">Fields</th><th scope=\"col\">Rules</th></tr></thead><tbody>";
          for (const auto& e : *h) {
            b += "<tr><td>" + esc(when(e.at_ms)) + "</td><td>" + esc(e.direction) + "</td><td>" + esc(e.outcome) + "</td><td>" +
                 esc(e.fields) + "</td><td><code>" + esc(e.rules_version.substr(0, 12)) + "</code></td></tr>";
          }
          b += "</tbody></table>";
        }
      }
    }
    return page(ctx, Page{key.empty() ? "Issue" : "Issue " + key, "issue", b, "", "", false});
  });
}

}  // namespace twinsync::console
