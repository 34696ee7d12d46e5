// two_trackers.h — a test world of two embedded trackers ("blue" and "green"), each with a
// node-side connector, store and engine for one connection, linked in-process. Tests create
// and edit issues through the real REST path and pump events until the world is quiet.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/schema/shapes.h"
#include "runtime/jira/schema_from_catalog.h"
#include "runtime/net/http.h"
#include "runtime/node/jira_port.h"
#include "runtime/node/local_link.h"
#include "runtime/store/sync_store.h"
#include "runtime/sync/engine.h"
#include "runtime/tracker/tracker.h"
#include "tests/support/temp_dir.h"

namespace twinsync::testkit {

struct Side {
  // First member, so it goes last: the store file inside it is closed before the folder is removed.
  std::unique_ptr<TempDir> dir;
  std::string project;
  std::unique_ptr<tracker::Tracker> tracker;
  node::JiraPort* port = nullptr;
  std::unique_ptr<sync::TrackerPort> port_owner;
  std::unique_ptr<store::SyncStore> store;
  std::unique_ptr<sync::ConnectionEngine> engine;
  std::string db_path;
};

inline std::unique_ptr<node::JiraPort> connect_port(tracker::Tracker& t) {
  auto endpoint = net::parse_endpoint(t.base_url());
  EXPECT_TRUE(endpoint);
  auto http = net::make_http_client(*endpoint);
  EXPECT_TRUE(http) << http.error().message;
  jira::JiraConfig config;
  config.base_url = t.base_url();
  config.credentials = jira::Credentials::basic(t.seeded_admin()->email, t.seeded_admin()->api_token);
  config.retry.max_attempts = 2;
  auto client = std::make_unique<jira::JiraClient>(**http, config);
  auto ok = client->connect();
  EXPECT_TRUE(ok) << ok.error().message;
  return std::make_unique<node::JiraPort>(std::move(*http), std::move(client), "");
}

inline void start_side(Side& s, const std::string& project, const std::string& rules, sync::EngineOptions options) {
  s.project = project;
  tracker::TrackerOptions to;
  to.db_path = ":memory:";
  to.project_key = project;
  to.project_name = project + " project";
  auto t = tracker::Tracker::start(to);
  ASSERT_TRUE(t) << t.error().message;
  s.tracker = std::move(*t);
  auto port = connect_port(*s.tracker);
  s.port = port.get();
  s.port_owner = std::move(port);
  // A fresh folder per side, removed afterwards: a store left behind by an earlier process must
  // never be opened by a later one (pids repeat, and a reused store holds twins the new trackers lack).
  s.dir = std::make_unique<TempDir>();
  s.db_path = s.dir->file(project + ".db");
  auto store = store::SyncStore::open(s.db_path, sqlite::Synchronous::Normal);
  ASSERT_TRUE(store) << store.error().message;
  s.store = std::move(*store);
  s.engine = std::make_unique<sync::ConnectionEngine>("conn", *s.store, *s.port_owner, std::move(options));
  const SourceFile file(project + ".sync", rules);
  DiagnosticSink sink;
  auto program = compile_source(file, jira::schema_from_catalog(s.port->client().catalog()), sink);
  ASSERT_TRUE(program) << render_text(file, sink.sorted());
  auto shared = std::make_shared<const Program>(std::move(*program));
  ASSERT_TRUE(s.engine->set_rules(shared, serialize_program(*shared)));
}

class TwoSides {
 public:
  TwoSides(const std::string& blue_rules, const std::string& green_rules, sync::EngineOptions blue_options = {},
           sync::EngineOptions green_options = {}) {
    start_side(blue, "BLUE", blue_rules, blue_options);
    start_side(green, "GREEN", green_rules, green_options);
  }

  Side blue, green;

  /// Creates an issue through the REST path; `fields` are Jira "fields" JSON (project set here).
  std::string create(Side& s, nlohmann::json fields) {
    fields["project"] = {{"key", s.project}};
    if (!fields.contains("issuetype")) fields["issuetype"] = {{"name", "Bug"}};
    auto r = s.port->client().transport().send_json(
        jira::Call::json("POST", "/rest/api/2/issue", nlohmann::json{{"fields", fields}}, jira::Repeat::OnlyIfUnsent));
    EXPECT_TRUE(r) << r.error().message;
    return r ? (*r)["key"].get<std::string>() : std::string();
  }

  void edit(Side& s, const std::string& key, nlohmann::json fields) {
    auto r = s.port->client().transport().send(
        jira::Call::json("PUT", "/rest/api/2/issue/" + key, nlohmann::json{{"fields", fields}}, jira::Repeat::OnlyIfUnsent));
    EXPECT_TRUE(r) << r.error().message;
  }

  Value issue(Side& s, const std::string& key) {
    auto v = s.port->get_issue(key);
    EXPECT_TRUE(v) << v.error().message;
    // An issue of nulls when the read failed: the test fails on its own terms instead of
    // crashing where it reads a field.
    return v ? *v : Value::record(issue_shape());
  }

  /// Delivers and applies until nothing moves; returns the events moved. Local changes are
  /// reported by the test (`changed`), standing in for webhooks.
  size_t pump(int max_rounds = 20) {
    size_t moved = 0;
    for (int round = 0; round < max_rounds; ++round) {
      size_t step = 0;
      auto ab = node::deliver(*blue.engine, *green.engine);
      auto ba = node::deliver(*green.engine, *blue.engine);
      EXPECT_TRUE(ab && ba);
      step += (ab ? *ab : 0) + (ba ? *ba : 0);
      auto g = green.engine->apply_ready(1000);
      auto b = blue.engine->apply_ready(1000);
      EXPECT_TRUE(g) << (g ? "" : g.error().message);
      EXPECT_TRUE(b) << (b ? "" : b.error().message);
      // What the sync wrote shows up as local changes too: run the outgoing side like a webhook would.
      for (Side* s : {&blue, &green}) {
        auto tx = s->store->begin();
        auto twins = s->store->twins(*tx, s->engine->id());
        (void)tx->commit();
        for (const auto& t : *twins) {
          if (t.local_key) {
            auto r = s->engine->local_change(*t.local_key);
            EXPECT_TRUE(r) << (r ? "" : r.error().message);
            if (r && r->kind == sync::StepResult::Sent) ++step;
          }
        }
      }
      moved += step;
      if (step == 0 && (!g || *g == 0) && (!b || *b == 0)) return moved;
    }
    ADD_FAILURE() << "the two sides did not settle in " << max_rounds << " rounds (ping-pong?)";
    return moved;
  }

  std::optional<store::Twin> twin(Side& s, const std::string& local_key) {
    auto tx = s.store->begin();
    auto t = s.store->twin_by_local(*tx, s.engine->id(), local_key);
    (void)tx->commit();
    return t ? *t : std::nullopt;
  }
};

}  // namespace twinsync::testkit
