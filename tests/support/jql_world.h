// jql_world.h — one embedded tracker and the two ways a JQL query selects its issues: the
// tracker's own search (through the real connector), and a node's trigger (the query compiled
// as a rule file's trigger, run on each issue read through the port, with the engine's host,
// whose lookups and tracker-judged clauses go to the tracker). The JQL tests compare them.
#pragma once

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "compiler/driver/compile.h"
#include "compiler/vm/vm.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/node/jira_port.h"
#include "runtime/sync/engine_host.h"
#include "stdlib/natives.h"
#include "tests/support/connector_tracker.h"

namespace twinsync::testkit {

using Keys = std::vector<std::string>;

class JqlWorld : public ConnectorTrackerTest {
 protected:
  /// The keys the tracker's search finds, sorted.
  Keys searched(jira::JiraClient& client, const std::string& jql) {
    jira::SearchRequest request;
    request.jql = jql;
    request.fields = {"key"};
    auto all = client.search_all(request);
    EXPECT_TRUE(all) << jql << ": " << all.error().message;
    Keys out;
    if (all) {
      for (const auto& i : *all) out.push_back(i.value("key", ""));
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  /// The keys among `keys` that the query, compiled as `fallback` says (a trigger: AskTracker),
  /// selects on the node's side.
  Keys evaluated(node::JiraPort& port, const std::string& jql, const Keys& keys,
                 JqlFallback fallback = JqlFallback::AskTracker) {
    const SourceFile file("trigger", jql);
    DiagnosticSink sink;
    auto program = compile_filter(file, jira::schema_from_catalog(port.client().catalog()), sink, fallback);
    EXPECT_TRUE(program) << jql;
    Keys out;
    if (!program) return out;
    Vm vm(stdlib::natives());
    sync::EngineHost host(port);
    for (const std::string& key : keys) {
      auto issue = port.get_issue(key);
      EXPECT_TRUE(issue) << key;
      if (!issue) continue;
      RunFrame frame;
      frame.issue = *issue;
      const RunOutcome r = vm.run(*program, program->triggers[0].predicate, frame, host);
      EXPECT_EQ(r.kind, RunOutcome::Done) << jql << ": " << r.message;
      if (r.kind == RunOutcome::Done && r.value.truthy()) out.push_back(key);
    }
    std::sort(out.begin(), out.end());
    return out;
  }

  /// A node's port to the tracker, as the admin.
  std::unique_ptr<node::JiraPort> port(jira::JiraConfig config = {}) {
    auto ep = net::parse_endpoint(tracker_->base_url());
    auto http = net::make_http_client(*ep);
    EXPECT_TRUE(http);
    config.base_url = tracker_->base_url();
    config.credentials = jira::Credentials::basic("admin@example.com", kAdminToken);
    auto client = std::make_unique<jira::JiraClient>(**http, std::move(config));
    EXPECT_TRUE(client->connect());
    return std::make_unique<node::JiraPort>(std::move(*http), std::move(client));
  }

  /// Moves the issue through the workflow by transition ids (seed.cpp: 11 start, 21 review,
  /// 31 done, 41 stop, 51 back, 61 reopen).
  void transition(const std::string& key, const std::string& id, nlohmann::json fields = nullptr) {
    nlohmann::json body = {{"transition", {{"id", id}}}};
    if (!fields.is_null()) body["fields"] = fields;
    const auto r = call("POST", "/rest/api/2/issue/" + key + "/transitions", body);
    ASSERT_EQ(r.status, 204) << key << " " << id << ": " << r.raw.body;
  }

  void edit(const std::string& key, nlohmann::json fields) {
    const auto r = call("PUT", "/rest/api/2/issue/" + key, {{"fields", fields}});
    ASSERT_EQ(r.status, 204) << key << ": " << r.raw.body;
  }
};

}  // namespace twinsync::testkit
