// JQL: every query of the fixtures parses; printing is canonical and stable; Jira's own
// verdicts on its example queries are matched; compiled filters match issues as Jira would.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/jql/jql_lookups.h"
#include "compiler/jql/jql_print.h"
#include "compiler/parse/parse.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_json.h"
#include "compiler/vm/vm.h"
#include "stdlib/natives.h"
#include "tests/support/golden.h"

namespace twinsync {
namespace {

const std::string kFixtures = TWINSYNC_FIXTURES_DIR "/jql/";

std::optional<jql::Query> parse(const std::string& text, DiagnosticSink& sink) {
  const SourceFile f("query", text);
  return parse::parse_jql(f, {0, static_cast<uint32_t>(text.size())}, sink);
}

// print(parse(q)) must parse again and print the same: the canonical form is a fixed point.
void expect_round_trip(const std::string& text) {
  DiagnosticSink sink;
  auto q = parse(text, sink);
  ASSERT_TRUE(q) << text << "\n" << render_text(SourceFile("query", text), sink.sorted());
  const std::string printed = jql::print(*q);
  DiagnosticSink again;
  auto q2 = parse(printed, again);
  ASSERT_TRUE(q2) << "printed form does not parse: " << printed;
  EXPECT_EQ(jql::print(*q2), printed) << "from " << text;
}

std::vector<std::string> kotlin_queries() {
  std::ifstream in(kFixtures + "jql-kotlin/expected-jql.json");
  const auto j = nlohmann::json::parse(in);
  std::vector<std::string> out;
  for (const auto& c : j["cases"]) {
    const std::string q = c["expectedJql"];
    // NotClauseTest wraps a placeholder named `clause` (any clause); it is not JQL by itself.
    if (q == "NOT clause" || q == "NOT (clause)") continue;
    out.push_back(q);
  }
  return out;
}

TEST(JqlFixtures, EveryJqlKotlinQueryParsesAndRoundTrips) {
  const auto queries = kotlin_queries();
  ASSERT_GT(queries.size(), 400u);  // 405 cases, 2 placeholders left out above
  for (const std::string& q : queries) expect_round_trip(q);
}

TEST(JqlFixtures, EveryIntellijQueryParsesAndRoundTrips) {
  size_t count = 0;
  for (const std::string& path : testkit::files_in("tests/fixtures/jql/intellij-jql-psi", ".txt")) {
    const std::string text = testkit::read_text(std::string(TWINSYNC_SOURCE_DIR) + "/" + path);
    const size_t start = text.find("JqlQuery(");
    ASSERT_NE(start, std::string::npos) << path;
    const size_t end = text.find(")(", start);
    expect_round_trip(text.substr(start + 9, end - start - 9));
    ++count;
  }
  EXPECT_EQ(count, 5u);
}

TEST(JqlFixtures, PrecedenceGroupsLikeIntellijsParser) {
  // SimpleComparisons.txt: OR of ANDs; NotOperators.txt: NOT binds tighter than AND.
  DiagnosticSink sink;
  auto q = parse("a1 < 42 or a2 <= 42 and b1 > 42 or b2 >= 42", sink);
  ASSERT_TRUE(q);
  ASSERT_EQ(q->where->kind, jql::Clause::Or);
  ASSERT_EQ(q->where->children.size(), 3u);
  EXPECT_EQ(q->where->children[1]->kind, jql::Clause::And);
  auto n = parse("not a = 42 and ! b > 42", sink);
  ASSERT_TRUE(n);
  ASSERT_EQ(n->where->kind, jql::Clause::And);
  EXPECT_EQ(n->where->children[0]->kind, jql::Clause::Not);
  EXPECT_EQ(n->where->children[1]->kind, jql::Clause::Not);
}

TEST(JqlFixtures, AtlassianParserVerdictsAreMatched) {
  std::ifstream in(kFixtures + "atlassian-openapi-examples/parseJqlQueries.200.json");
  const auto j = nlohmann::json::parse(in);
  for (const auto& q : j["queries"]) {
    const std::string text = q["query"];
    const SourceFile f("query", text);
    DiagnosticSink sink;
    auto program = compile_filter(f, Schema{}, sink);
    if (q.contains("errors")) {
      EXPECT_TRUE(sink.has_errors()) << "Jira rejects `" << text << "`; so must twinsync";
    } else {
      DiagnosticSink syntax;
      EXPECT_TRUE(parse(text, syntax)) << text;  // valid JQL parses, even where twinsync cannot evaluate it
    }
  }
}

TEST(JqlPrint, QuotesOnlyWhereNeeded) {
  EXPECT_EQ(jql::quote_if_needed("QA"), "QA");
  EXPECT_EQ(jql::quote_if_needed("In Progress"), "\"In Progress\"");
  EXPECT_EQ(jql::quote_if_needed("and"), "\"and\"");
  EXPECT_EQ(jql::quote_if_needed("a\"b"), "\"a\\\"b\"");
  EXPECT_EQ(jql::quote_if_needed(""), "\"\"");
}

// Values a generated query is built from: words, phrases that need quotes, reserved words.
rc::Gen<std::string> gen_value() {
  return rc::gen::element<std::string>("QA", "In Progress", "a\"quote", "-1d", "2024-01-31", "and", "x y z", "ABC-123",
                                       "back\\slash", "é");
}

rc::Gen<std::string> gen_clause(int depth) {
  auto simple = rc::gen::apply(
      [](std::string field, std::string op, std::string value) {
        return jql::quote_if_needed(field) + " " + op + " " + jql::quote_if_needed(value);
      },
      rc::gen::element<std::string>("project", "status", "Story Points", "labels"),
      rc::gen::element<std::string>("=", "!=", "~", "<", ">="), gen_value());
  if (depth == 0) return simple;
  return rc::gen::oneOf(simple,
                        rc::gen::apply([](std::string a, std::string b) { return "(" + a + ") AND " + b; },
                                       gen_clause(depth - 1), gen_clause(depth - 1)),
                        rc::gen::apply([](std::string a, std::string b) { return a + " OR (" + b + ")"; },
                                       gen_clause(depth - 1), gen_clause(depth - 1)),
                        rc::gen::map(gen_clause(depth - 1), [](std::string a) { return "NOT (" + a + ")"; }));
}

RC_GTEST_PROP(JqlPrint, PrintParseIsAFixedPoint, ()) {
  const std::string text = *gen_clause(3);
  DiagnosticSink sink;
  auto q = parse(text, sink);
  RC_ASSERT(q.has_value());
  const std::string printed = jql::print(*q);
  DiagnosticSink again;
  auto q2 = parse(printed, again);
  RC_ASSERT(q2.has_value());
  RC_ASSERT(jql::print(*q2) == printed);
}

// Runs a filter on an issue written as twinsync record JSON.
bool matches(const std::string& jql, const std::string& issue_json, Schema schema = {}) {
  const SourceFile f("filter", jql);
  DiagnosticSink sink;
  auto program = compile_filter(f, schema, sink);
  EXPECT_TRUE(program) << render_text(f, sink.sorted());
  if (!program) return false;
  auto issue = issue_from_json(nlohmann::json::parse(issue_json));
  EXPECT_TRUE(issue) << issue.error().message;
  RunFrame frame;
  frame.issue = *issue;
  HostContext host;
  Vm vm(stdlib::natives());
  const RunOutcome r = vm.run(*program, program->triggers[0].predicate, frame, host);
  EXPECT_EQ(r.kind, RunOutcome::Done) << r.message;
  return r.value.truthy();
}

const char* kBug = R"({"key": "QA-7", "project": "QA", "type": "Bug", "status": "In Progress", "priority": "High",
  "summary": "App crashes on start", "labels": ["sync", "mobile"],
  "assignee": {"accountId": "5b10", "email": "ann@example.com", "displayName": "Ann QA"},
  "updated": "2099-01-01T00:00:00.000+0000", "created": "2020-01-01T00:00:00.000+0000",
  "custom": {"Story Points": 5}})";

TEST(JqlMatch, MatchesLikeJira) {
  EXPECT_TRUE(matches("project = qa AND issuetype = Bug", kBug));           // names ignore case
  EXPECT_TRUE(matches("labels = sync", kBug));                              // any item of a list
  EXPECT_TRUE(matches("labels in (desktop, mobile)", kBug));
  EXPECT_FALSE(matches("labels not in (desktop, mobile)", kBug));
  EXPECT_TRUE(matches("priority >= Medium AND priority < Highest", kBug));  // by rank, not by name
  EXPECT_TRUE(matches("summary ~ crash", kBug));
  EXPECT_TRUE(matches("summary ~ \"crashes start\"", kBug));              // every word
  EXPECT_FALSE(matches("summary ~ freeze", kBug));
  EXPECT_TRUE(matches("assignee = \"ann@example.com\" AND assignee = 5b10", kBug));  // any identity
  EXPECT_TRUE(matches("resolution IS EMPTY AND assignee IS NOT EMPTY", kBug));
  EXPECT_TRUE(matches("updated >= -1d AND created < \"2021-01-01\"", kBug));
  EXPECT_TRUE(matches("status != Done OR key = QA-1", kBug));
  EXPECT_TRUE(matches("NOT (status = Done)", kBug));
  EXPECT_TRUE(matches("", kBug));  // an empty filter matches everything
  EXPECT_TRUE(matches("project = QA ORDER BY updated DESC", kBug));
  Schema schema;
  schema.custom_fields["Story Points"] = types::number();
  schema.custom_ids[10016] = "Story Points";
  EXPECT_TRUE(matches("\"Story Points\" > 3 AND cf[10016] <= 5", kBug, schema));
}

}  // namespace
}  // namespace twinsync

namespace twinsync {
namespace {

// A host that answers lookups from a table, and records what it was asked.
class TableHost : public HostContext {
 public:
  Result<Value> jql_lookup(std::string_view function, const std::vector<std::string>& args) override {
    std::string call(function);
    for (const std::string& a : args) call += " " + a;
    asked.push_back(call);
    std::vector<Value> items;
    if (call == "membersOf qa-team") items = {Value::string("5b10")};
    if (call == "releasedVersions DEMO") items = {Value::string("1.0")};
    if (call == "linkedIssues QA-1 blocks") items = {Value::string("QA-7")};
    return Value::list(std::move(items));
  }
  std::vector<std::string> asked;
};

bool matches_with(HostContext& host, const std::string& jql, const std::string& issue_json) {
  const SourceFile f("filter", jql);
  DiagnosticSink sink;
  auto program = compile_filter(f, Schema{}, sink);
  EXPECT_TRUE(program) << render_text(f, sink.sorted());
  if (!program) return false;
  auto issue = issue_from_json(nlohmann::json::parse(issue_json));
  RunFrame frame;
  frame.issue = *issue;
  Vm vm(stdlib::natives());
  const RunOutcome r = vm.run(*program, program->triggers[0].predicate, frame, host);
  EXPECT_EQ(r.kind, RunOutcome::Done) << r.message;
  return r.value.truthy();
}

// A host whose clock stands at Thursday 2026-12-03 11:00 UTC.
class FixedClockHost : public HostContext {
 public:
  int64_t now_ms() const override { return 1'796'295'600'000; }
};

// Does the filter `jql` match an issue created at `created` (UTC, to the second)?
bool matches_created_at(const std::string& jql, const std::string& created) {
  FixedClockHost host;
  return matches_with(host, jql, R"({"key": "QA-1", "created": ")" + created + R"(.000+0000"})");
}

// Jira's increments, "(+/-)nn(y|M|w|d|h|m)": without a unit they count the function's own period,
// with another unit they move the bound itself, and a missing sign means plus.
TEST(JqlDates, IncrementsCountTheirOwnUnit) {
  struct Case {
    const char* jql;
    const char* created;
    bool matches;
  };
  const Case cases[] = {
      {"created >= startOfMonth(\"+14d\")", "2026-12-15T00:00:00", true},
      {"created >= startOfMonth(\"+14d\")", "2026-12-14T23:59:00", false},
      {"created >= startOfMonth(\"+1M\") AND created < startOfMonth(\"+32d\")", "2027-01-01T00:00:00", true},
      {"created = startOfMonth(1) AND created = startOfYear(\"1\")", "2027-01-01T00:00:00", true},
      {"created <= endOfMonth(\"-1\")", "2026-11-30T23:59:00", true},
      {"created <= endOfMonth(\"-1\")", "2026-12-01T00:00:00", false},
      {"created < startOfDay(\"+2h\")", "2026-12-03T01:59:00", true},
      {"created < startOfDay(\"+2h\")", "2026-12-03T02:00:00", false},
      {"created >= startOfMonth(\"-1y\") AND created < startOfMonth(\"-11M\")", "2025-12-01T00:00:00", true},
      {"created > endOfMonth(\"+1d\")", "2027-01-02T00:00:00", true},
      {"created > endOfMonth(\"+1d\")", "2027-01-01T23:59:59", false},
      {"created >= startOfWeek(\"+30m\")", "2026-11-29T00:30:00", true},  // weeks start on Sunday
  };
  for (const Case& c : cases) EXPECT_EQ(matches_created_at(c.jql, c.created), c.matches) << c.jql << " at " << c.created;
}

TEST(JqlDates, AnIncrementJiraWouldRefuseIsAnError) {
  for (const char* bad : {"startOfMonth(\"+3q\")", "endOfDay(\"soon\")", "startOfWeek(\"+1.5d\")"}) {
    const std::string jql = std::string("created > ") + bad;
    const SourceFile f("filter", jql);
    DiagnosticSink sink;
    (void)compile_filter(f, Schema{}, sink);
    EXPECT_TRUE(sink.has_errors()) << jql;
  }
}

TEST(JqlLookup, FunctionsOfTheTrackersDataAreAskedOfTheHost) {
  TableHost host;
  EXPECT_TRUE(matches_with(host, "assignee in membersOf(\"qa-team\")", kBug));
  EXPECT_FALSE(matches_with(host, "assignee in membersOf(devs)", kBug));
  EXPECT_TRUE(matches_with(host, "issue in linkedIssues(QA-1, blocks)", kBug));
  EXPECT_FALSE(matches_with(host, "fixVersion in releasedVersions(DEMO)", kBug));  // no fix version
  EXPECT_EQ(host.asked, (std::vector<std::string>{"membersOf qa-team", "membersOf devs", "linkedIssues QA-1 blocks",
                                                   "releasedVersions DEMO"}));
}

TEST(JqlLookup, ArityIsCheckedWithJirasWordsAndTheQueryNamesItsLookups) {
  const std::string text = "fixVersion = latestReleasedVersion() OR issue in linkedIssues(A-1, blocks, x)";
  const SourceFile f("filter", text);
  DiagnosticSink sink;
  EXPECT_FALSE(compile_filter(f, Schema{}, sink));
  const std::string out = render_text(f, sink.sorted());
  EXPECT_NE(out.find("Function 'latestReleasedVersion' expected '1' arguments but received '0'."), std::string::npos) << out;
  EXPECT_NE(out.find("Function 'linkedIssues' expected '1 to 2' arguments but received '3'."), std::string::npos) << out;

  DiagnosticSink syntax;
  auto q = parse("assignee in membersOf(qa) AND fixVersion IN releasedVersions(DEMO) AND assignee in membersOf(qa)", syntax);
  ASSERT_TRUE(q);
  EXPECT_EQ(jql::lookups_of(*q), (std::vector<std::string>{"membersOf(qa)", "releasedVersions(DEMO)"}));
}

}  // namespace
}  // namespace twinsync

namespace twinsync {
namespace {

// A host that judges tracker-only clauses from a table, and records what it was asked.
class AskingHost : public HostContext {
 public:
  Result<bool> jql_ask_tracker(const Value& issue, std::string_view clause) override {
    asked.push_back(std::string(issue.field(slot(IssueSlot::Key)).as_string()) + ": " + std::string(clause));
    return clause == "status WAS Done";
  }
  std::vector<std::string> asked;
};

std::optional<Program> trigger_program(const std::string& jql, DiagnosticSink& sink) {
  const std::string text = "trigger t on issue where " + jql + "\noutgoing { replica.summary = issue.summary }\n";
  const SourceFile f("t.sync", text);
  return compile_source(f, Schema{}, sink);
}

// The program's first trigger run on kBug.
RunOutcome run_on_bug(const Program& p, HostContext& host) {
  auto issue = issue_from_json(nlohmann::json::parse(kBug));
  RunFrame frame;
  frame.issue = *issue;
  Vm vm(stdlib::natives());
  return vm.run(p, p.triggers[0].predicate, frame, host);
}

TEST(JqlAskTracker, WhatTheRecordLacksIsJudgedByTheTrackerAndLintSaysSo) {
  DiagnosticSink sink;
  auto compiled = trigger_program("project = QA AND (status WAS Done OR votes > 2) AND sprint in openSprints()", sink);
  ASSERT_TRUE(compiled);
  const Program& p = *compiled;
  ASSERT_FALSE(p.triggers.empty());
  std::vector<std::string> warnings;
  for (const Diagnostic& d : sink.sorted()) warnings.push_back(std::string(diag_info(d.id).code) + " " + d.message);
  EXPECT_EQ(warnings, (std::vector<std::string>{
                          "TS056 `status WAS Done` is judged by the tracker: one search per change",
                          "TS056 `votes > 2` is judged by the tracker: one search per change",
                          "TS056 `sprint IN openSprints()` is judged by the tracker: one search per change"}));
  AskingHost host;
  const RunOutcome r = run_on_bug(p, host);
  ASSERT_EQ(r.kind, RunOutcome::Done) << r.message;
  EXPECT_FALSE(r.value.truthy()) << "the tracker says no to the sprint";
  EXPECT_EQ(host.asked, (std::vector<std::string>{"QA-7: status WAS Done", "QA-7: sprint IN openSprints()"}))
      << "the local clause first, then only what the tracker must judge, short-circuited";
}

// Jira pushes NOT down to the operator: `NOT sprint = 5` leaves out issues with no sprint, so the
// tracker is asked the negated clause; negating its answer here would take those issues in.
TEST(JqlAskTracker, ANotAboveATrackerClauseIsAskedWithIt) {
  DiagnosticSink sink;
  auto compiled = trigger_program("project = QA AND NOT (sprint = 5 OR status WAS Done)", sink);
  ASSERT_TRUE(compiled);
  AskingHost host;
  const RunOutcome r = run_on_bug(*compiled, host);
  ASSERT_EQ(r.kind, RunOutcome::Done) << r.message;
  EXPECT_FALSE(r.value.truthy()) << "the tracker found neither negated clause true";
  EXPECT_EQ(host.asked, (std::vector<std::string>{"QA-7: NOT (sprint = 5)"})) << "short-circuited after a false";
}

TEST(JqlAskTracker, JirasOwnRefusalsStayErrorsAndTheTrackersSearchNeverAsksItself) {
  DiagnosticSink sink;
  EXPECT_FALSE(trigger_program("frobnicate = 1 OR summary CHANGED", sink));
  EXPECT_TRUE(sink.has_errors());
  // The embedded tracker is the tracker: it answers history from its changelog, never asks.
  const std::string text = "status WAS Done BY (ann, currentUser()) AND assignee CHANGED FROM ann TO bob AFTER -1w";
  const SourceFile f("q", text);
  DiagnosticSink search;
  auto p = compile_filter(f, Schema{}, search);
  ASSERT_TRUE(p);
  EXPECT_TRUE(search.sorted().empty()) << "no TS056: nothing is asked of anyone";
  EXPECT_EQ(jql::print(*parse::parse_jql(f, {0, static_cast<uint32_t>(text.size())}, search)),
            "status WAS Done BY (ann, currentUser()) AND assignee CHANGED FROM ann TO bob AFTER -1w");
  AskingHost host;
  Vm vm(stdlib::natives());
  RunFrame frame;
  frame.issue = *issue_from_json(nlohmann::json::parse(kBug));
  const RunOutcome r = vm.run(*p, p->triggers[0].predicate, frame, host);
  EXPECT_EQ(r.kind, RunOutcome::Failed) << "a host without the history cannot say";
  EXPECT_TRUE(host.asked.empty());
}

TEST(JqlHistoryRules, JirasRulesForHistoryClauses) {
  const std::vector<std::pair<std::string, std::string>> refused = {
      {"summary WAS x", "TS053 History searches do not support the 'summary' field."},
      {"labels CHANGED", "TS053 History searches do not support the 'labels' field."},
      {"status WAS Done FROM Open", "TS055 The 'FROM' predicate is not supported by the 'WAS' operator."},
      {"status WAS Done TO Open", "TS055 The 'TO' predicate is not supported by the 'WAS' operator."},
      {"status CHANGED AFTER yesterday", "TS054 `yesterday` is not a date"},
  };
  for (const auto& [text, want] : refused) {
    for (JqlFallback mode : {JqlFallback::TrackerSearch, JqlFallback::AskTracker}) {
      const SourceFile f("q", text);
      DiagnosticSink sink;
      EXPECT_FALSE(compile_filter(f, Schema{}, sink, mode)) << text;
      std::vector<std::string> errors;
      for (const Diagnostic& d : sink.sorted()) {
        if (d.severity == Severity::Error) errors.push_back(std::string(diag_info(d.id).code) + " " + d.message);
      }
      EXPECT_EQ(errors, std::vector<std::string>{want}) << text;
    }
  }
}

}  // namespace
}  // namespace twinsync
