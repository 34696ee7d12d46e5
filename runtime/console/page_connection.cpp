// page_connection.cpp — GET /console/connections/{c}: one connection's rules (the running
// version, its history, a draft editor that lints as one types), its triggers, and bulk sync.
//   POST …/{c}/rules      text=…       publish (refused with the diagnostics at their lines)
//   POST …/{c}/rollback   version=…    run a kept version again
//   POST …/{c}/triggers/{name}  active=true|false
//   POST …/{c}/bulk       trigger=…    → /console/jobs/{id}, whose page follows the run
#include <algorithm>
#include <optional>
#include <set>
#include <vector>

#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"
#include "runtime/console/context.h"
#include "runtime/console/scripts.h"
#include "runtime/node/node.h"

namespace twinsync::console {
namespace {

std::string base_of(const std::string& connection) { return "/console/connections/" + url_part(connection); }

std::string normalise_newlines(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r') {
      if (i + 1 < text.size() && text[i + 1] == '\n') continue;
      out += '\n';
    } else {
      out += text[i];
    }
  }
  return out;
}

// The gutter of line numbers beside the editor, lines with a problem marked; and the list of
// problems, each with a button that puts the cursor at its place. scripts.h redraws both.
std::string diagnostics_html(const std::string& text, const std::vector<node::RuleDiagnostic>& diags,
                             std::string* gutter) {
  std::map<int, std::string> marks;
  for (const auto& d : diags) {
    if (d.severity == "error") marks[d.line] = "error";
    else if (!marks.count(d.line)) marks[d.line] = "warning";
  }
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  gutter->clear();
  for (int i = 1; i <= lines; ++i) {
    *gutter += "<span";
    if (marks.count(i)) *gutter += " class=\"has-" + marks[i] + "\"";
    *gutter += ">" + std::to_string(i) + "</span>";
  }
  std::string list;
  for (const auto& d : diags) {
    const std::string line = std::to_string(d.line), column = std::to_string(d.column);
    list += "<li data-line=\"" + line + "\" class=\"" + esc(d.severity) + "\"><button type=\"button\" data-line=\"" + line +
            "\" data-column=\"" + column + "\">Line " + line + ", column " + column + "</button> " + esc(d.severity) + " " +
            esc(d.code) + ": " + esc(d.message) + (d.help.empty() ? "" : " (" + esc(d.help) + ")") + "</li>";
  }
  return list;
}

std::string lint_summary(const std::vector<node::RuleDiagnostic>& diags) {
  size_t errors = 0;
  for (const auto& d : diags) errors += d.severity == "error";
  if (diags.empty()) return "No problems found.";
  return std::to_string(errors) + " error(s), " + std::to_string(diags.size() - errors) + " warning(s).";
}

// The whole page; `draft` and `diags` when a publish was refused (or a version was loaded).
net::HttpResponse render(Context& ctx, const std::string& c, const net::RouteContext& rc,
                         std::optional<std::string> draft, const std::vector<node::RuleDiagnostic>& diags,
                         int status, const std::string& problem) {
  auto all = ctx.node.status();
  if (!all) return failure_page(ctx, all.error());
  const node::ConnectionStatus* st = nullptr;
  for (const auto& s : *all) {
    if (s.name == c) st = &s;
  }
  if (!st) return failure_page(ctx, Error{"no connection named " + c, ErrorKind::NotFound});
  auto versions = ctx.node.rule_versions(c);
  if (!versions) return failure_page(ctx, versions.error());
  const std::string base = base_of(c);

  std::string b = "<h1>Connection " + esc(c) + "</h1>";
  b += "<p>State <strong id=\"state\">" + esc(st->state) + "</strong>; peer " + (st->peer.empty() ? "none" : esc(st->peer)) +
       "; last sync " + esc(when(st->last_sync_ms)) + ". ";
  b += st->state == "paused" ? button_form(base + "/resume", "Resume", ctx.csrf(), {}, "primary")
                             : button_form(base + "/pause", "Pause", ctx.csrf());
  b += "</p>";

  // Rules: running version and history.
  const node::RulesVersionInfo* running = nullptr;
  for (const auto& v : *versions) {
    if (v.running) running = &v;
  }
  b += "<h2 id=\"rules\">Rules</h2>";
  if (running) {
    b += "<p>Running version <code id=\"running-version\">" + esc(running->version.hash.substr(0, 12)) + "</code> (" +
         esc(running->version.source_path) + ", by " + esc(running->version.author) + ", " +
         esc(when(running->version.created_ms)) + ").</p>";
  }
  b += "<table id=\"versions\"><caption>History, oldest first</caption><thead><tr><th scope=\"col\">Version</th>"
       "<th scope=\"col\">Name</th><th scope=\"col\">Author</th><th scope=\"col\">Published</th><th scope=\"col\">Actions</th>"
       "</tr></thead><tbody>";
  for (const auto& v : *versions) {
    const std::string shorth = v.version.hash.substr(0, 12);
    b += "<tr><td><code>" + esc(shorth) + "</code>" + (v.running ? " <strong>running</strong>" : "") + "</td><td>" +
         esc(v.version.source_path) + "</td><td>" + esc(v.version.author) + "</td><td>" + esc(when(v.version.created_ms)) +
         "</td><td>";
    if (!v.version.source_text.empty()) {
      b += "<a href=\"" + base + "?draft=" + url_part(shorth) + "#editor\">Open " + esc(shorth) + " in the editor</a> ";
      if (!v.running) b += button_form(base + "/rollback", "Roll back to " + shorth, ctx.csrf(), {{"version", v.version.hash}});
    }
    b += "</td></tr>";
  }
  b += "</tbody></table>";

  // The draft editor: the running text unless a draft came with the request.
  std::string text;
  if (draft) {
    text = *draft;
  } else if (auto wanted = rc.target.param("draft")) {
    auto v = ctx.node.rule_version(c, *wanted);
    if (!v) return failure_page(ctx, v.error());
    text = v->source_text;
  } else if (running) {
    text = running->version.source_text;
  }
  std::string gutter;
  const std::string list = diagnostics_html(text, diags, &gutter);
  b += "<h2 id=\"editor\">Draft</h2>";
  if (!problem.empty()) b += "<p class=\"flash error\" role=\"alert\" id=\"publish-problem\">" + esc(problem) + "</p>";
  b += "<form id=\"rules-form\" method=\"post\" action=\"" + base + "/rules\" data-lint=\"/console/api/connections/" +
       url_part(c) + "/lint\"><input type=\"hidden\" name=\"csrf\" value=\"" + esc(ctx.csrf()) + "\">";
  b += "<p><label for=\"rules-text\">Rule text</label> <span class=\"muted\">(checked against the tracker's fields as you "
       "type; nothing runs until you publish)</span></p>";
  b += "<div class=\"editor\"><pre id=\"gutter\" aria-hidden=\"true\">" + gutter +
       "</pre><textarea id=\"rules-text\" name=\"text\" wrap=\"off\" spellcheck=\"false\" aria-describedby=\"lint-status\">\n" +
       esc(text) + "</textarea></div>";
  b += "<p id=\"lint-status\" role=\"status\" aria-live=\"polite\">" + (draft ? esc(lint_summary(diags)) : std::string()) + "</p>";
  b += "<ul id=\"diagnostics\">" + list + "</ul>";
  b += "<p><button type=\"submit\" class=\"primary\">Publish</button></p></form>";

  // Triggers.
  auto triggers = ctx.node.triggers(c, true);
  b += "<h2 id=\"triggers\">Triggers</h2>";
  if (!triggers) {
    b += "<p class=\"bad\">" + esc(triggers.error().message) + "</p>";
  } else if (triggers->empty()) {
    b += "<p>The running rules have no triggers.</p>";
  } else {
    b += "<table id=\"trigger-table\"><thead><tr><th scope=\"col\">Trigger</th><th scope=\"col\">JQL</th><th scope=\"col\">Note</th>"
         "<th scope=\"col\">Active</th><th scope=\"col\">Matching now</th><th scope=\"col\">Actions</th></tr></thead><tbody>";
    for (const auto& t : *triggers) {
      b += "<tr data-trigger=\"" + esc(t.name) + "\"><th scope=\"row\">" + esc(t.name) + "</th><td><code>" + esc(t.jql) +
           "</code></td><td>" + esc(t.note) + "</td><td class=\"active\">" + (t.active ? "on" : "off") +
           (t.active != t.file_active ? std::string(" <span class=\"muted\">(the file says ") + (t.file_active ? "on" : "off") + ")</span>" : "") +
           "</td><td>" + (t.matches >= 0 ? std::to_string(t.matches) : "<span class=\"bad\">" + esc(t.match_error) + "</span>") +
           "</td><td>";
      b += button_form(base + "/triggers/" + url_part(t.name), (t.active ? "Switch off " : "Switch on ") + t.name, ctx.csrf(),
                       {{"active", t.active ? "false" : "true"}});
      b += "</td></tr>";
    }
    b += "</tbody></table>";
    b += "<h2 id=\"bulk\">Bulk sync</h2><form method=\"post\" action=\"" + base + "/bulk\"><input type=\"hidden\" name=\"csrf\" value=\"" +
         esc(ctx.csrf()) + "\"><p><label for=\"bulk-trigger\">Sync every issue this trigger matches</label> <select id=\"bulk-trigger\" name=\"trigger\">";
    for (const auto& t : *triggers) b += "<option value=\"" + esc(t.name) + "\">" + esc(t.name) + "</option>";
    b += "</select> <button type=\"submit\">Start bulk sync</button></p></form>";
  }
  auto r = page(ctx, Page{"Connection " + c, "connections", b, std::string(kLintScript), "", false}, status);
  return r;
}

}  // namespace

void add_connection_page(net::Router& r, Context& ctx) {
  r.add("GET", "/console/connections/{c}", [&ctx](const net::RouteContext& rc) {
    return render(ctx, rc.capture("c"), rc, std::nullopt, {}, 200, "");
  });
  r.add("POST", "/console/connections/{c}/rules", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    const std::string text = normalise_newlines(ctx.field("text"));
    auto published = ctx.node.publish_rules(c, text, "console.sync", "console");
    if (published) return after_post(ctx, base_of(c) + "#rules", published, "Rules published: they run from now on.");
    if (published.error().kind != ErrorKind::Rules) return render(ctx, c, rc, text, {}, 400, published.error().message);
    auto diags = ctx.node.lint_rules(c, text, "console.sync");
    return render(ctx, c, rc, text, diags ? *diags : std::vector<node::RuleDiagnostic>{}, 422,
                  "Not published: the draft has errors (below, at their lines). The running rules are unchanged.");
  });
  r.add("POST", "/console/connections/{c}/rollback", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    const std::string v = ctx.field("version");
    return after_post(ctx, base_of(c) + "#rules", ctx.node.rollback_rules(c, v, "console"),
                      "Rules version " + v.substr(0, 12) + " runs again.");
  });
  r.add("POST", "/console/connections/{c}/triggers/{name}", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    const std::string& name = rc.capture("name");
    const std::string active = ctx.field("active");
    if (active != "true" && active != "false") {
      return after_post(ctx, base_of(c) + "#triggers", make_error("active is true or false", ErrorKind::BadRequest), "");
    }
    return after_post(ctx, base_of(c) + "#triggers", ctx.node.set_trigger(c, name, active == "true"),
                      "Trigger " + name + " switched " + (active == "true" ? "on." : "off."));
  });
  r.add("POST", "/console/connections/{c}/bulk", [&ctx](const net::RouteContext& rc) {
    const std::string& c = rc.capture("c");
    auto job = ctx.node.start_bulk(c, ctx.field("trigger"));
    if (!job) return after_post(ctx, base_of(c) + "#bulk", job.error(), "");
    return redirect("/console/jobs/" + std::to_string(*job) + "?connection=" + url_encode(c));
  });
  r.add("GET", "/console/jobs/{id}", [&ctx](const net::RouteContext& rc) {
    const int64_t id = parse_int<int64_t>(rc.capture("id")).value_or(0);
    auto job = ctx.node.bulk_job(id);
    if (!job) return failure_page(ctx, Error{"no bulk run " + rc.capture("id"), ErrorKind::NotFound});
    const std::string back = rc.target.param("connection").value_or("");
    const size_t done = job->done, total = job->total;
    std::string b = "<h1>Bulk sync " + std::to_string(id) + "</h1>";
    b += "<div id=\"job\" data-job=\"/console/api/jobs/" + std::to_string(id) + "\">";
    b += "<p><label for=\"bulk-progress\">Progress</label> <progress id=\"bulk-progress\" max=\"" +
         std::to_string(std::max<size_t>(total, 1)) + "\" value=\"" + std::to_string(done) + "\">" + std::to_string(done) +
         "</progress> <span id=\"bulk-count\" role=\"status\" aria-live=\"polite\">" + std::to_string(done) + " of " +
         std::to_string(total) + " issues queued</span></p>";
    b += "<p id=\"bulk-state\">" + std::string(job->finished ? (job->error.empty() ? "Finished." : "Failed: " + esc(job->error)) : "Running…") +
         "</p></div>";
    if (!back.empty()) b += "<p><a href=\"" + base_of(back) + "\">Back to connection " + esc(back) + "</a></p>";
    return page(ctx, Page{"Bulk sync", "connections", b, std::string(kJobScript), "", false});
  });
}

}  // namespace twinsync::console
