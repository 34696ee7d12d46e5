// cmd_manage.cpp — the commands an administrator looks after connections with, thin clients of
// the admin API (runtime/admin/admin_manage.h): connections, rules, publish, triggers, trigger, stats.
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "compiler/support/encoding.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "runtime/cli/op_call.h"
#include "runtime/net/target.h"

namespace twinsync::cli {
namespace {

using nlohmann::json;

std::string connection_path(const std::string& connection) {
  return "/admin/v1/connections/" + url_encode(connection);
}

// Who publishes: --author, else the login of the person running the command.
std::string author_or_login(const std::string& given) {
  if (!given.empty()) return given;
  const char* user = std::getenv("USER");
  return std::string(user && *user ? user : "cli") + " (twinsync publish)";
}

std::string text_or(const json& j, const char* name, const std::string& fallback = "-") {
  const std::string v = j.value(name, "");
  return v.empty() ? fallback : v;
}

void print_connections(const json& j) {
  if (j["connections"].empty()) std::cout << "no connections\n";
  for (const auto& c : j["connections"]) {
    std::cout << c.value("name", "");
    if (!c.value("title", "").empty()) std::cout << "  \"" << c.value("title", "") << "\"";
    std::cout << "  " << c.value("state", "") << "  " << text_or(c, "local") << " <-> " << text_or(c, "remote") << "\n";
    if (!c.value("description", "").empty()) std::cout << "  " << c.value("description", "") << "\n";
    int64_t under_sync = 0;
    for (const auto& [state, n] : c["twins"].items()) under_sync += state == "unexalated" ? 0 : n.get<int64_t>();
    std::cout << "  peer " << text_or(c, "peer") << ", " << under_sync << " issues under sync, last sync "
              << when(c.value("lastSync", int64_t{0}));
    if (!c.value("lastSyncKey", "").empty()) std::cout << " (" << c.value("lastSyncKey", "") << ")";
    std::cout << "\n  pending out " << c.value("pendingOut", 0) << ", in " << c.value("pendingIn", 0) << ", open errors "
              << c.value("openErrors", 0) << "\n";
    if (!c.value("alert", "").empty()) std::cout << "  ALERT " << c.value("alert", "") << "\n";
  }
}

void print_versions(const json& j) {
  for (const auto& v : j["versions"]) {
    std::cout << (v.value("running", false) ? "* " : "  ") << v.value("version", "").substr(0, 12) << "  "
              << when(v.value("published", int64_t{0})) << "  " << v.value("author", "") << "  " << v.value("name", "")
              << "\n";
  }
}

void print_dry_run(const json& j) {
  for (const auto& issue : j["issues"]) {
    std::cout << issue.value("key", "");
    if (!issue.value("error", "").empty()) {
      std::cout << ": " << issue.value("error", "") << "\n";
      continue;
    }
    std::cout << (issue.value("underSync", false) ? " (under sync)" : " (not under sync");
    if (!issue.value("underSync", false)) {
      std::cout << (issue["triggers"].empty() ? "; no trigger of the draft matches)" : "; the draft's triggers match)");
    }
    std::cout << "\n";
    if (issue["fields"].empty()) std::cout << "  the draft sends nothing new\n";
    for (const auto& f : issue["fields"]) {
      std::cout << "  " << f.value("field", "") << ": " << f["sent"].dump() << " -> " << f["draft"].dump();
      if (f["running"] != f["draft"]) std::cout << "   (the running rules send " << f["running"].dump() << ")";
      std::cout << "\n";
    }
  }
}

void print_triggers(const json& j) {
  if (j["triggers"].empty()) std::cout << "no triggers\n";
  for (const auto& t : j["triggers"]) {
    std::cout << t.value("name", "") << "  " << (t.value("active", false) ? "active" : "inactive");
    if (t.value("active", false) != t.value("fileActive", false)) std::cout << " (switched; the rule file says otherwise)";
    std::cout << "  ";
    if (t["matches"].is_number()) {
      std::cout << t["matches"].get<int64_t>() << " issues match now";
    } else {
      std::cout << "matches unknown: " << t.value("matchError", "not counted");
    }
    std::cout << "\n  " << t.value("jql", "") << "\n";
    if (!t.value("note", "").empty()) std::cout << "  note: " << t.value("note", "") << "\n";
    if (t.contains("lookups") && !t["lookups"].empty()) {
      std::cout << "  asks the tracker (cached 5 min):";
      for (const auto& l : t["lookups"]) std::cout << " " << l.get<std::string>();
      std::cout << "\n";
    }
  }
}

void print_stats(const json& j) {
  for (const auto& c : j["connections"]) {
    const json& total = c["total"];
    auto n = [&](const char* name) { return total.value(name, int64_t{0}); };
    std::cout << c.value("connection", "") << ": " << c.value("twins", 0) << " issues under sync, last sync "
              << when(c.value("lastSync", int64_t{0}));
    if (!c.value("lastSyncKey", "").empty()) std::cout << " (" << c.value("lastSyncKey", "") << ")";
    std::cout << "\n  in total: " << n("sent") << " changes out, " << n("applied") << " in, " << n("errors")
              << " errors opened, " << n("resolved") << " resolved, average change-to-twin latency "
              << (c["averageLatencyMs"].is_number() ? std::to_string(c["averageLatencyMs"].get<int64_t>()) + " ms" : "-")
              << "\n";
    for (const auto& d : c["days"]) {
      const json& k = d["counters"];
      std::cout << "  " << when(d.value("day", int64_t{0})).substr(0, 10) << "  out " << k.value("sent", int64_t{0})
                << "  in " << k.value("applied", int64_t{0}) << "  errors " << k.value("errors", int64_t{0})
                << "  resolved " << k.value("resolved", int64_t{0}) << "\n";
    }
  }
}

}  // namespace

CommandRun setup_connections(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  add_node_options(app, *t);
  return [t]() -> int { return call(*t, "GET", "/admin/v1/status", json(), print_connections); };
}

CommandRun setup_rules(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto show = std::make_shared<std::string>();
  app.add_option("connection", *connection, "the connection")->required();
  app.add_option("--show", *show, "print the text of one version (its hash, or the start of it)");
  add_node_options(app, *t);
  return [t, connection, show]() -> int {
    if (show->empty()) return call(*t, "GET", connection_path(*connection) + "/rules", json(), print_versions);
    return call(*t, "GET", connection_path(*connection) + "/rules/" + url_encode(*show), json(),
                [](const json& j) { std::cout << j.value("text", ""); });
  };
}

CommandRun setup_publish(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  auto version = std::make_shared<std::string>();
  auto author = std::make_shared<std::string>();
  auto dry_run = std::make_shared<std::vector<std::string>>();
  app.add_option("connection", *connection, "the connection")->required();
  app.add_option("file", *file, "the rule file to publish (checked by the node first, as lint does)");
  app.add_option("--version", *version, "run a version kept in the node again (a rollback; see twinsync rules)");
  app.add_option("--author", *author, "who publishes, kept with the version (default: your login)");
  app.add_option("--dry-run", *dry_run, "publish nothing: show what the file would send for these issues")->expected(1, 50);
  add_node_options(app, *t);
  return [t, connection, file, version, author, dry_run]() -> int {
    if (file->empty() == version->empty()) return fail(make_error("give a rule file or --version, one of them", ErrorKind::Usage));
    if (!version->empty() && !dry_run->empty()) return fail(make_error("--dry-run runs a file, not a kept version", ErrorKind::Usage));
    json body = {{"author", author_or_login(*author)}};
    if (!version->empty()) {
      body["version"] = *version;
    } else {
      auto text = read_file(*file);
      if (!text) return fail(make_error(text.error().message, ErrorKind::Usage));
      body["text"] = *text;
      body["name"] = *file;
    }
    if (!dry_run->empty()) {
      body["keys"] = *dry_run;
      return call(*t, "POST", connection_path(*connection) + "/dry-run", body, print_dry_run);
    }
    return call(*t, "POST", connection_path(*connection) + "/rules", body, [&](const json&) {
      std::cout << *connection << ": " << (version->empty() ? *file + " published" : "version " + *version + " runs again")
                << "; it applies to changes from now on\n";
    });
  };
}

CommandRun setup_triggers(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto no_count = std::make_shared<bool>(false);
  app.add_option("connection", *connection, "the connection")->required();
  app.add_flag("--no-count", *no_count, "do not ask the tracker how many issues each trigger matches");
  add_node_options(app, *t);
  return [t, connection, no_count]() -> int {
    return call(*t, "GET", connection_path(*connection) + "/triggers" + (*no_count ? "?count=false" : ""), json(),
                print_triggers);
  };
}

CommandRun setup_trigger(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto name = std::make_shared<std::string>();
  auto activate = std::make_shared<bool>(false), deactivate = std::make_shared<bool>(false);
  app.add_option("connection", *connection, "the connection")->required();
  app.add_option("name", *name, "the trigger")->required();
  auto* on = app.add_flag("--activate", *activate, "switch the trigger on");
  app.add_flag("--deactivate", *deactivate, "switch the trigger off (issues under sync stay under sync)")->excludes(on);
  add_node_options(app, *t);
  return [t, connection, name, activate, deactivate]() -> int {
    if (*activate == *deactivate) return fail(make_error("say --activate or --deactivate", ErrorKind::Usage));
    return call(*t, "POST", connection_path(*connection) + "/triggers/" + url_encode(*name), {{"active", *activate}},
                [&](const json&) {
                  std::cout << *connection << ": trigger " << *name << (*activate ? " is active" : " is inactive")
                            << " from now on\n";
                });
  };
}

CommandRun setup_rename(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto title = std::make_shared<std::string>();
  auto description = std::make_shared<std::string>();
  app.add_option("connection", *connection, "the connection, by its name in the node file")->required();
  CLI::Option* has_title = app.add_option("title", *title, "what operators call it from now on (its name, and its twins, stay)");
  CLI::Option* has_description =
      app.add_option("--description", *description, "a new description (\"\" gives the rule file's back)");
  add_node_options(app, *t);
  return [t, connection, title, description, has_title, has_description]() -> int {
    if (!has_title->count() && !has_description->count()) {
      return fail(make_error("give a new title, --description, or both", ErrorKind::Usage));
    }
    json body = json::object();
    if (has_title->count()) body["title"] = *title;
    if (has_description->count()) body["description"] = *description;
    return call(*t, "POST", connection_path(*connection) + "/label", body, [&](const json&) {
      std::cout << *connection << ": " << (has_title->count() ? "now called \"" + *title + "\"" : "description changed")
                << "; its name, peer and twins are unchanged\n";
    });
  };
}

CommandRun setup_delete(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto keep = std::make_shared<bool>(false), remove = std::make_shared<bool>(false);
  app.add_option("connection", *connection, "the connection, by its name in the node file")->required();
  auto* keep_flag = app.add_flag("--keep-history", *keep, "keep the twins' links and what synced, for the record");
  app.add_flag("--remove-history", *remove, "remove the twins, their history, queues, errors and counters")
      ->excludes(keep_flag);
  add_node_options(app, *t);
  return [t, connection, keep, remove]() -> int {
    if (*keep == *remove) return fail(make_error("say --keep-history or --remove-history", ErrorKind::Usage));
    return call(*t, "POST", connection_path(*connection) + "/delete", {{"history", *keep ? "keep" : "remove"}},
                [&](const json& r) {
                  std::cout << *connection << ": deleted; " << r.value("unexalated", 0)
                            << " issues no longer sync (they stay as they are; their links will say so)";
                  if (r.value("historyRemoved", false)) std::cout << "; its history is removed";
                  std::cout << "\n";
                  if (!r.value("paired", false)) {
                    std::cout << "  it was not paired with another node\n";
                  } else if (r.value("peerTold", false)) {
                    std::cout << "  the peer " << r.value("peer", "") << " forgot the pairing too\n";
                  } else {
                    std::cout << "  the peer " << r.value("peer", "") << " was not told (" << r.value("peerError", "")
                              << "); its events to this node will be refused\n";
                  }
                  std::cout << "  remove it from the node file; while it is there it stays deleted\n";
                });
  };
}

CommandRun setup_stats(CLI::App& app) {
  auto t = std::make_shared<NodeTarget>();
  auto connection = std::make_shared<std::string>();
  auto days = std::make_shared<int>(7);
  app.add_option("connection", *connection, "one connection (default: every one)");
  app.add_option("--days", *days, "how many days to show, day by day")->check(CLI::Range(1, 366));
  add_node_options(app, *t);
  return [t, connection, days]() -> int {
    const std::string path = connection->empty() ? "/admin/v1/stats" : connection_path(*connection) + "/stats";
    return call(*t, "GET", path + "?days=" + std::to_string(*days), json(), print_stats);
  };
}

}  // namespace twinsync::cli
