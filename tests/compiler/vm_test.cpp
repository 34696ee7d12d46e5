// The VM running compiled rules: field copies, sharing, filters, maps and their policies,
// control flow, run-time errors with their source position, and bytecode files.
#include "compiler/vm/vm.h"

#include <gtest/gtest.h>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/value_json.h"
#include "stdlib/natives.h"

namespace twinsync {
namespace {

Program compile(const std::string& source) {
  const SourceFile f("test.sync", source);
  DiagnosticSink sink;
  auto p = compile_source(f, Schema{}, sink);
  EXPECT_TRUE(p) << render_text(f, sink.sorted());
  return p ? std::move(*p) : Program{};
}

Value issue(const std::string& json) {
  auto v = issue_from_json(nlohmann::json::parse(json));
  EXPECT_TRUE(v) << v.error().message;
  return v ? *v : Value();
}

struct RunResult {
  RunOutcome outcome;
  Value output;
};

RunResult outgoing(const Program& p, const Value& in) {
  RunFrame frame;
  frame.issue = in;
  frame.output = Value::record(issue_shape());
  HostContext host;
  Vm vm(stdlib::natives());
  RunOutcome r = vm.run(p, *p.outgoing, frame, host);
  return {std::move(r), frame.output};
}

RunResult incoming(const Program& p, const Value& local, const Value& replica, bool first_sync) {
  RunFrame frame;
  frame.issue = local;
  frame.replica = replica;
  frame.output = local.is_null() ? Value::record(issue_shape()) : local;
  frame.first_sync = first_sync;
  HostContext host;
  Vm vm(stdlib::natives());
  RunOutcome r = vm.run(p, *p.incoming, frame, host);
  return {std::move(r), frame.output};
}

const Value& field(const Value& rec, IssueSlot s) { return rec.field(slot(s)); }

const char* kIssue = R"({"key": "QA-1", "summary": "Crash", "status": "Open", "priority": "High",
  "labels": ["a"], "comments": [{"id": "1", "body": "public"}, {"id": "2", "body": "secret", "internal": true}],
  "assignee": {"displayName": "Ann", "email": "ann@example.com"}})";

TEST(Vm, CopiesFieldsAndSharesLists) {
  Program p = compile("outgoing { replica.summary = issue.summary  replica.labels = issue.labels }");
  Value in = issue(kIssue);
  RunResult r = outgoing(p, in);
  ASSERT_EQ(r.outcome.kind, RunOutcome::Done);
  EXPECT_EQ(field(r.output, IssueSlot::Summary).as_string(), "Crash");
  EXPECT_TRUE(field(r.output, IssueSlot::Labels).same(field(in, IssueSlot::Labels)));  // shared, not copied
  EXPECT_TRUE(field(r.output, IssueSlot::Status).is_null());                           // not assigned: not sent
}

TEST(Vm, WhereKeepsTheSameListWhenNothingIsDropped) {
  Program p = compile("outgoing { replica.comments = issue.comments where not .internal  "
                      "replica.labels = issue.labels where it == \"a\" }");
  Value in = issue(kIssue);
  RunResult r = outgoing(p, in);
  ASSERT_EQ(r.outcome.kind, RunOutcome::Done) << r.outcome.message;
  const auto& kept = field(r.output, IssueSlot::Comments).as_list();
  ASSERT_EQ(kept.size(), 1u);
  EXPECT_EQ(kept[0].field(slot(CommentSlot::Body)).as_string(), "public");
  EXPECT_TRUE(field(r.output, IssueSlot::Labels).same(field(in, IssueSlot::Labels)));
}

TEST(Vm, ValueMapsLookUpInTheBlocksDirection) {
  Program p = compile(R"(
    map statusMap { "Open" <-> "To Do"  "Resolved" -> "Done"  "Reopened" <- "Backlog" }
    outgoing { replica.status = statusMap[issue.status] ?? "To Do" }
    incoming {
      if firstSync { issue.project = "DEV"  issue.type = "Bug" }
      issue.status = statusMap[replica.status] else keep
    })");
  RunResult out = outgoing(p, issue(R"({"status": "Resolved"})"));
  EXPECT_EQ(field(out.output, IssueSlot::Status).as_string(), "Done");
  RunResult fallback = outgoing(p, issue(R"({"status": "Weird"})"));
  EXPECT_EQ(field(fallback.output, IssueSlot::Status).as_string(), "To Do");
  RunResult in = incoming(p, issue(R"({"status": "Open"})"), issue(R"({"status": "Backlog"})"), false);
  EXPECT_EQ(field(in.output, IssueSlot::Status).as_string(), "Reopened");
  RunResult keep = incoming(p, issue(R"({"status": "Open"})"), issue(R"({"status": "Done"})"), false);
  EXPECT_EQ(field(keep.output, IssueSlot::Status).as_string(), "Open");  // no entry: left as it is
}

TEST(Vm, ErrorPolicyParksWithTheMessageAndPosition) {
  Program p = compile("map pm { \"High\" <-> \"P1\" }\n"
                      "outgoing {\n  replica.priority = pm[issue.priority] else error \"no priority for {issue.priority}\"\n}");
  RunResult r = outgoing(p, issue(R"({"priority": "Low"})"));
  ASSERT_EQ(r.outcome.kind, RunOutcome::Failed);
  EXPECT_EQ(r.outcome.message, "no priority for Low");
  EXPECT_EQ(SourceFile("t", p.source_text).line_col(r.outcome.span.begin).line, 3u);
}

TEST(Vm, SkipAndFirstSync) {
  Program p = compile(R"(
    incoming {
      if replica.status == "Cancelled" { skip }
      if firstSync { issue.project = "DEV"  issue.type = replica.type ?? "Task" }
      issue.summary = "[{replica.key}] {replica.summary}"
    })");
  RunResult skipped = incoming(p, Value(), issue(R"({"status": "Cancelled"})"), true);
  EXPECT_EQ(skipped.outcome.kind, RunOutcome::Skipped);
  RunResult first = incoming(p, Value(), issue(R"({"key": "QA-9", "summary": "Crash"})"), true);
  ASSERT_EQ(first.outcome.kind, RunOutcome::Done);
  EXPECT_EQ(field(first.output, IssueSlot::Project).as_string(), "DEV");
  EXPECT_EQ(field(first.output, IssueSlot::Type).as_string(), "Task");
  EXPECT_EQ(field(first.output, IssueSlot::Summary).as_string(), "[QA-9] Crash");
  RunResult later = incoming(p, issue(R"({"project": "DEV"})"), issue(R"({"key": "QA-9", "summary": "x"})"), false);
  EXPECT_TRUE(field(later.output, IssueSlot::Type).is_null());
}

TEST(Vm, ReadingAFieldOfNullIsAnErrorUnlessSafe) {
  Program unsafe = compile("outgoing {\n  replica.summary = issue.assignee.email\n}");
  RunResult r = outgoing(unsafe, issue("{}"));
  ASSERT_EQ(r.outcome.kind, RunOutcome::Failed);
  EXPECT_NE(r.outcome.message.find("?."), std::string::npos);
  Program safe = compile("outgoing { replica.summary = issue.assignee?.email ?? \"nobody\" }");
  EXPECT_EQ(field(outgoing(safe, issue("{}")).output, IssueSlot::Summary).as_string(), "nobody");
  EXPECT_EQ(field(outgoing(safe, issue(kIssue)).output, IssueSlot::Summary).as_string(), "ann@example.com");
}

TEST(Vm, CustomFieldsLocalsAndOperators) {
  Program p = compile(R"(
    custom "Story Points": number
    outgoing {
      let points = issue.custom["Story Points"] ?? 0
      replica.custom["Story Points"] = points * 2 + 1
      replica.labels = issue.labels + ["synced"]
      replica.summary = upper(issue.summary) + " " + text(length(issue.labels))
      if "a" in issue.labels and not ("z" in issue.labels) { replica.status = "has a" }
    })");
  RunResult r = outgoing(p, issue(R"({"summary": "crash", "labels": ["a"], "custom": {"Story Points": 3}})"));
  ASSERT_EQ(r.outcome.kind, RunOutcome::Done) << r.outcome.message;
  EXPECT_EQ(field(r.output, IssueSlot::Custom).map_get("Story Points").as_number(), 7);
  EXPECT_EQ(field(r.output, IssueSlot::Labels).as_list().size(), 2u);
  EXPECT_EQ(field(r.output, IssueSlot::Summary).as_string(), "CRASH 1");
  EXPECT_EQ(field(r.output, IssueSlot::Status).as_string(), "has a");
}

TEST(Vm, RunTimeFaultsAreErrorsNotCrashes) {
  Program p = compile("custom \"N\": number\noutgoing { replica.custom[\"N\"] = 1 / (issue.custom[\"N\"] ?? 0) }");
  RunResult r = outgoing(p, issue("{}"));
  ASSERT_EQ(r.outcome.kind, RunOutcome::Failed);
  EXPECT_EQ(r.outcome.message, "division by zero");
}

TEST(Vm, ManyRunsLeaveNoValuesBehind) {
  Program p = compile("outgoing { replica.comments = issue.comments where not .internal }");
  Value in = issue(kIssue);
  const Value& comments = field(in, IssueSlot::Comments);
  const uint32_t refs = comments.object()->refs;
  RunFrame frame;
  HostContext host;
  Vm vm(stdlib::natives());
  for (int i = 0; i < 100; ++i) {
    frame.issue = in;
    frame.output = Value::record(issue_shape());
    vm.run(p, *p.outgoing, frame, host);
  }
  frame = RunFrame{};
  EXPECT_EQ(comments.object()->refs, refs);
}

// A hand-made file may pass the verifier (depths and operand ranges) and still skip a step the
// compiler always emits: a filter's step without its iter.begin, a store where there is no
// output record. Each is a run-time error, never a crash.
TEST(Vm, HandMadeCodeThatSkipsAStepFailsNotCrashes) {
  auto chunk_of = [](std::vector<Instr> code) {
    Chunk c;
    c.name = "outgoing";
    c.code = std::move(code);
    c.spans.resize(c.code.size());
    c.locals = 4;
    c.max_stack = 4;
    return c;
  };
  const std::vector<std::vector<Instr>> codes = {
      {{Op::IterNext, 0, 0, 1}, {Op::Return}},
      {{Op::True}, {Op::FilterKeep, 0, 0, 0}, {Op::Return}},
      {{Op::Null}, {Op::IterBegin, 0, 0, 0}, {Op::True}, {Op::FilterKeep, 0, 0, 0}, {Op::Return}},  // no item
  };
  for (const auto& code : codes) {
    Program p;
    p.outgoing = chunk_of(code);
    auto loaded = deserialize_program(serialize_program(p));
    ASSERT_TRUE(loaded) << loaded.error().message;
    const RunResult r = outgoing(*loaded, issue(kIssue));
    EXPECT_EQ(r.outcome.kind, RunOutcome::Failed);
    EXPECT_NE(r.outcome.message.find("invalid bytecode"), std::string::npos) << r.outcome.message;
  }
  Program p;
  p.outgoing = chunk_of({{Op::Null}, {Op::StoreField, 0, 0, 0}, {Op::Return}});
  RunFrame frame;  // no output record, as in a trigger
  frame.issue = issue(kIssue);
  HostContext host;
  Vm vm(stdlib::natives());
  const RunOutcome r = vm.run(p, *p.outgoing, frame, host);
  EXPECT_EQ(r.kind, RunOutcome::Failed);
  EXPECT_NE(r.message.find("without an output"), std::string::npos) << r.message;
}

TEST(Bytecode, FileRoundTripGivesTheSameProgram) {
  Program p = compile(R"(
    map m { "a" <-> "b" }
    outgoing { replica.status = m[issue.status] ?? "x" }
    trigger t on issue where project = QA note "n")");
  const std::string bytes = serialize_program(p);
  auto back = deserialize_program(bytes);
  ASSERT_TRUE(back) << back.error().message;
  EXPECT_EQ(serialize_program(*back), bytes);
  EXPECT_EQ(back->version_hash(), p.version_hash());
  RunResult r = outgoing(*back, issue(R"({"status": "a"})"));
  EXPECT_EQ(field(r.output, IssueSlot::Status).as_string(), "b");
}

TEST(Bytecode, DamagedFilesAreRefusedNotRun) {
  Program p = compile("outgoing { replica.summary = issue.summary  replica.labels = issue.labels + [\"x\"] }");
  const std::string bytes = serialize_program(p);
  EXPECT_FALSE(deserialize_program("garbage"));
  EXPECT_FALSE(deserialize_program(bytes.substr(0, bytes.size() / 2)));
  // Every single-byte corruption is either refused or still a valid program: never a crash.
  for (size_t i = 4; i < bytes.size(); ++i) {
    std::string bad = bytes;
    bad[i] = static_cast<char>(bad[i] ^ 0x5A);
    auto loaded = deserialize_program(bad);
    if (loaded && loaded->outgoing) outgoing(*loaded, issue(kIssue));
  }
  // A file that declares a vast stack or vast locals (the VM sizes both before it runs) is refused.
  for (auto [stack, locals] : {std::pair{UINT32_MAX, 0u}, std::pair{1025u, 0u}, std::pair{8u, 1u << 30}}) {
    Program big = p;
    big.outgoing->max_stack = stack;
    big.outgoing->locals = locals;
    auto refused = deserialize_program(serialize_program(big));
    ASSERT_FALSE(refused) << stack << " " << locals;
    EXPECT_NE(refused.error().message.find("declares"), std::string::npos) << refused.error().message;
  }
  std::string wrong_version = bytes;
  wrong_version[4] = 99;
  auto v = deserialize_program(wrong_version);
  ASSERT_FALSE(v);
  EXPECT_NE(v.error().message.find("compile the rule file again"), std::string::npos);
}

}  // namespace
}  // namespace twinsync
