// page_errors.cpp — GET /console/errors: open errors with their cause, the twin, and the rule
// line when a rule failed; POST /console/errors/{id}/retry and …/resolve.
#include <cctype>

#include "compiler/support/numbers.h"
#include "runtime/console/context.h"
#include "runtime/node/node.h"

namespace twinsync::console {
namespace {

// "rules.sync:12:5" out of a rule error's message ("" when it names no place in a rule file).
std::string rule_place(const std::string& message) {
  size_t at = 0;
  while ((at = message.find(".sync:", at)) != std::string::npos) {
    size_t start = at;
    while (start > 0 && !std::isspace(static_cast<unsigned char>(message[start - 1])) && message[start - 1] != '(') --start;
    size_t end = at + 6;
    while (end < message.size() && (std::isdigit(static_cast<unsigned char>(message[end])) || message[end] == ':')) ++end;
    while (end > at + 6 && message[end - 1] == ':') --end;
    if (end > at + 6) return message.substr(start, end - start);
    at += 6;
  }
  return {};
}

}  // namespace

void add_error_pages(net::Router& r, Context& ctx) {
  r.add("GET", "/console/errors", [&ctx](const net::RouteContext&) {
    auto errors = ctx.node.errors();
    if (!errors) return failure_page(ctx, errors.error());
    std::string b = "<h1>Open errors</h1>";
    if (errors->empty()) {
      b += "<p id=\"no-errors\">No open errors: every twin syncs.</p>";
    } else {
      b += "<table id=\"errors\"><thead><tr><th scope=\"col\">Error</th><th scope=\"col\">Connection</th>"
           "<th scope=\"col\">Twin</th><th scope=\"col\">Cause</th><th scope=\"col\">Rule line</th><th scope=\"col\">Since</th>"
           "<th scope=\"col\">Actions</th></tr></thead><tbody>";
      for (const auto& e : *errors) {
        const std::string id = std::to_string(e.id);
        auto issue_link = [](const std::string& key) {
          return key.empty() ? std::string("<span class=\"muted\">none yet</span>")
                             : "<a href=\"/console/issues?key=" + url_part(key) + "\">" + esc(key) + "</a>";
        };
        b += "<tr data-error=\"" + id + "\"><th scope=\"row\">" + id + "</th><td>" + esc(e.connection) + "</td><td>" +
             issue_link(e.local_key) + " ↔ " + esc(e.remote_key.empty() ? "(no twin yet)" : e.remote_key) + "<br><span class=\"muted\">" +
             esc(e.direction) + "</span></td><td><strong>" + esc(e.kind) + "</strong>: " + esc(e.message) + "</td><td>" +
             (e.kind == "rule" ? "<code>" + esc(rule_place(e.message)) + "</code>" : std::string()) + "</td><td>" +
             esc(when(e.created_ms)) + "</td><td>" +
             button_form("/console/errors/" + id + "/retry", "Retry error " + id, ctx.csrf(), {}, "primary") + " " +
             button_form("/console/errors/" + id + "/resolve", "Resolve error " + id, ctx.csrf(), {}, "danger") + "</td></tr>";
      }
      b += "</tbody></table><p class=\"muted\">Retry runs the parked change again with the rules running now; resolve "
           "drops it and lets the twin sync its next change.</p>";
    }
    return page(ctx, Page{"Errors", "errors", b, "", "", false});
  });
  for (const char* op : {"retry", "resolve"}) {
    const std::string verb = op;
    r.add("POST", "/console/errors/{id}/" + verb, [&ctx, verb](const net::RouteContext& rc) {
      const std::optional<int64_t> id = parse_int<int64_t>(rc.capture("id"));
      if (!id) return after_post(ctx, "/console/errors", make_error("an error id is a number", ErrorKind::BadRequest), "");
      const Status s = verb == "retry" ? ctx.node.retry(*id) : ctx.node.resolve(*id);
      return after_post(ctx, "/console/errors", s,
                        "Error " + std::to_string(*id) + (verb == "retry" ? " retried." : " resolved."));
    });
  }
}

}  // namespace twinsync::console
