// Language benchmarks: lint+compile of a 5,000-line rule file, the outgoing block of Exalate's
// default script on an issue with 10 comments, and a 6-clause JQL predicate.
#include <benchmark/benchmark.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/import/exalate_import.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/value_json.h"
#include "compiler/vm/vm.h"
#include "stdlib/merge/merge.h"
#include "stdlib/natives.h"

namespace {

using namespace twinsync;

// A realistic file of about `lines` lines: custom fields, value maps, one outgoing and one
// incoming block with many statements, and triggers.
std::string big_rule_file(int lines) {
  // Each group below adds 26 lines; the fixed lines add 5 more.
  const int groups = (lines - 5 + 25) / 26;
  std::string decls = "connection big { local \"A\" remote \"B\" project \"DEV\" }\n";
  std::string out = "outgoing {\n", in = "incoming {\n  if firstSync { issue.type = replica.type ?? \"Task\" }\n";
  std::string triggers;
  for (int i = 0; i < groups; ++i) {
    const std::string n = std::to_string(i);
    decls += "custom \"Field " + n + "\": text\n";
    decls += "map m" + n + " {\n  \"Open\" <-> \"To Do\"\n  \"Done\" <-> \"Closed\"\n  \"x" + n + "\" -> \"y\"\n}\n";
    for (int k = 0; k < 8; ++k) {
      out += "  replica.custom[\"Field " + n + "\"] = lower(issue.custom[\"Field " + n + "\"] ?? \"\") + \"-" +
             std::to_string(k) + "\"\n";
    }
    out += "  replica.status = m" + n + "[issue.status] ?? \"To Do\"\n";
    out += "  replica.comments = issue.comments where not .internal and .body != \"\"\n";
    for (int k = 0; k < 8; ++k) in += "  issue.summary = \"[{replica.key}] \" + (replica.summary ?? \"\")\n";
    in += "  issue.status = m" + n + "[replica.status] else keep\n";
    triggers += "trigger t" + n + " on issue where project = QA AND labels in (a, b) AND updated >= -1d\n";
  }
  return decls + out + "}\n" + in + "}\n" + triggers;
}

void BM_LintAndCompileLines(benchmark::State& state) {
  const std::string text = big_rule_file(static_cast<int>(state.range(0)));
  int64_t lines = std::count(text.begin(), text.end(), '\n');
  for (auto _ : state) {
    const SourceFile file("big.sync", text);
    DiagnosticSink sink;
    auto p = compile_source(file, Schema{}, sink);
    if (!p) state.SkipWithError(render_text(file, sink.sorted()).substr(0, 300).c_str());
    benchmark::DoNotOptimize(p);
  }
  state.counters["lines"] = static_cast<double>(lines);
}
// 5,000 lines is the goal's size; the others show how lint time grows with the file.
BENCHMARK(BM_LintAndCompileLines)->Arg(5000)->Arg(625)->Arg(1250)->Arg(2500)->Arg(10000)->Arg(20000)->Unit(benchmark::kMillisecond);

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    fprintf(stderr, "cannot read %s\n", path.c_str());
    std::abort();
  }
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Exalate's default outgoing script for Jira Cloud (14 fields), as `twinsync import exalate`
// translates it: the import tests' copy, which the Groovy peer runs as it is.
std::string exalate_default_rules() {
  const std::string path = std::string(TWINSYNC_SOURCE_DIR) + "/tests/import/exalate/default.outgoing.groovy";
  const SourceFile script(path, read_text(path));
  const exalate::ImportResult r = exalate::import_exalate(&script, nullptr, {});
  if (r.outgoing.has_errors() || r.untranslated > 0) {
    fprintf(stderr, "%s", render_text(script, r.outgoing.sorted()).c_str());
    std::abort();
  }
  return r.text;
}

Value issue_with_comments(int comments) {
  nlohmann::json j = {{"key", "QA-1"}, {"type", "Bug"}, {"summary", "App crashes on start"},
                      {"description", "Steps:\n# open\n# crash"}, {"labels", {"sync", "mobile"}},
                      {"status", "Open"}, {"priority", "High"}, {"project", "QA"},
                      {"assignee", {{"accountId", "5b10"}, {"displayName", "Ann"}}},
                      {"reporter", {{"accountId", "5b11"}, {"displayName", "Bob"}}}};
  for (int i = 0; i < comments; ++i) {
    j["comments"].push_back({{"id", std::to_string(i)}, {"body", "comment " + std::to_string(i)},
                             {"created", "2024-01-31T10:15:30.000+0000"}, {"internal", i % 4 == 3}});
  }
  return *issue_from_json(j);
}

Program compile_or_die(const std::string& text) {
  const SourceFile file("bench.sync", text);
  DiagnosticSink sink;
  auto p = compile_source(file, Schema{}, sink);
  if (!p) {
    fprintf(stderr, "%s", render_text(file, sink.sorted()).c_str());
    std::abort();
  }
  return std::move(*p);
}

// One outgoing block per iteration on an issue with 10 comments, into a fresh replica.
void run_outgoing(benchmark::State& state, const std::string& rules) {
  const Program p = compile_or_die(rules);
  const Value issue = issue_with_comments(10);
  HostContext host;
  Vm vm(stdlib::natives());
  RunFrame frame;
  frame.issue = issue;
  for (auto _ : state) {
    frame.output = Value::record(issue_shape());
    RunOutcome r = vm.run(p, *p.outgoing, frame, host);
    benchmark::DoNotOptimize(r);
    benchmark::DoNotOptimize(frame.output);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_ExalateDefaultOutgoing(benchmark::State& state) { run_outgoing(state, exalate_default_rules()); }
BENCHMARK(BM_ExalateDefaultOutgoing);

void BM_OutgoingWithCommentFilter(benchmark::State& state) {
  run_outgoing(state, R"(outgoing {
    replica.summary = issue.summary  replica.status = issue.status  replica.labels = issue.labels
    replica.comments = issue.comments where not .internal })");
}
BENCHMARK(BM_OutgoingWithCommentFilter);

void BM_JqlPredicate6Clauses(benchmark::State& state) {
  const SourceFile f("filter", "project = QA AND issuetype in (Bug, Task) AND labels = sync AND priority >= High "
                               "AND status != Done AND summary ~ crash");
  DiagnosticSink sink;
  const Program p = *compile_filter(f, Schema{}, sink);
  HostContext host;
  Vm vm(stdlib::natives());
  RunFrame frame;
  frame.issue = issue_with_comments(10);
  bool matched = false;
  for (auto _ : state) {
    RunOutcome r = vm.run(p, p.triggers[0].predicate, frame, host);
    matched = r.value.truthy();
    benchmark::DoNotOptimize(matched);
  }
  if (!matched) state.SkipWithError("the predicate should match the sample issue");
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_JqlPredicate6Clauses);

// The rule files of examples/ on the inputs of bench/peers/inputs/, each block against its
// Exalate-style Groovy twin in bench/peers/groovy/scripts (same names, same inputs).
struct ExampleCase {
  const char* name;
  const char* rules;  // under examples/
  bool incoming;
  const char* input;  // outgoing: the issue; incoming: the replica lands on local.json
};

constexpr ExampleCase kExampleCases[] = {
    {"BM_OutsourcedQaOutgoing", "outsourced_qa/qa.sync", false, "issue.json"},
    {"BM_OutsourcedQaIncoming", "outsourced_qa/qa.sync", true, "replica.json"},
    {"BM_OutsourcedDevOutgoing", "outsourced_qa/dev.sync", false, "issue.json"},
    {"BM_OutsourcedDevIncoming", "outsourced_qa/dev.sync", true, "replica.json"},
    {"BM_BasicOutgoing", "presets/basic.sync", false, "issue.json"},
    {"BM_BasicIncoming", "presets/basic.sync", true, "replica.json"},
    {"BM_VisualOutgoing", "presets/visual.sync", false, "issue_critical.json"},
    {"BM_VisualIncoming", "presets/visual.sync", true, "replica.json"},
};

Value read_record(const std::string& name) {
  auto v = issue_from_json(nlohmann::json::parse(read_text(std::string(TWINSYNC_SOURCE_DIR) + "/bench/peers/inputs/" + name)));
  if (!v) std::abort();
  return *v;
}

void BM_Example(benchmark::State& state, const ExampleCase& c) {
  const Program p = compile_or_die(read_text(std::string(TWINSYNC_SOURCE_DIR) + "/examples/" + c.rules));
  HostContext host;
  Vm vm(stdlib::natives());
  RunFrame frame;
  const Value local = c.incoming ? read_record("local.json") : Value();
  if (c.incoming) {
    frame.issue = local;
    frame.replica = read_record(c.input);
    frame.previous = frame.replica;
  } else {
    frame.issue = read_record(c.input);
  }
  for (auto _ : state) {
    frame.output = c.incoming ? local : Value::record(issue_shape());
    RunOutcome r = vm.run(p, c.incoming ? *p.incoming : *p.outgoing, frame, host);
    if (r.kind == RunOutcome::Failed) state.SkipWithError(r.message.c_str());
    benchmark::DoNotOptimize(frame.output);
  }
  state.SetItemsProcessed(state.iterations());
}

// merge() of comment lists in the steady case: every remote comment's twin already here and
// equal (an edit of the summary re-sends them all). The example blocks above merge a list with
// one new comment instead.
void BM_MergeCommentsUnchanged(benchmark::State& state) {
  const Value local = read_record("local.json"), replica = read_record("replica.json");
  std::vector<Value> mine = local.field(slot(IssueSlot::Comments)).as_list();
  std::vector<Value> theirs = replica.field(slot(IssueSlot::Comments)).as_list();
  mine.pop_back();  // the local-only note
  theirs.pop_back();  // the new comment
  const Value a = Value::list(std::move(mine)), b = Value::list(std::move(theirs));
  for (auto _ : state) {
    Value merged = stdlib::merge(a, b);
    if (!merged.same(a)) state.SkipWithError("the lists were expected to be merged already");
    benchmark::DoNotOptimize(merged);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_MergeCommentsUnchanged);

const int kExamplesRegistered = [] {
  for (const ExampleCase& c : kExampleCases) benchmark::RegisterBenchmark(c.name, BM_Example, c);
  return 0;
}();

}  // namespace

BENCHMARK_MAIN();
