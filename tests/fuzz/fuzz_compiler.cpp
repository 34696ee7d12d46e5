// libFuzzer target over the compiler: any bytes as a rule file go through the whole pipeline
// (parse, lower, check, generate, verify), then through the bytecode file format and the VM;
// any bytes as a JQL filter are compiled and evaluated, and as an Exalate script imported. Nothing may crash, leak or hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/import/exalate_import.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/value_json.h"
#include "compiler/vm/vm.h"
#include "stdlib/natives.h"

namespace {

using namespace twinsync;

Value sample_issue() {
  static const Value issue = [] {
    auto v = issue_from_json(nlohmann::json::parse(R"({"key": "QA-1", "summary": "Crash", "status": "Open",
      "labels": ["a"], "comments": [{"id": "1", "body": "x", "internal": true}],
      "assignee": {"displayName": "Ann"}, "custom": {"Story Points": 3}})"));
    return *v;
  }();
  return issue;
}

void run_all(const Program& p) {
  HostContext host;
  Vm vm(stdlib::natives());
  for (const std::optional<Chunk>* c : {&p.outgoing, &p.incoming}) {
    if (!*c) continue;
    RunFrame frame;
    frame.issue = sample_issue();
    frame.replica = sample_issue();
    frame.output = Value::record(issue_shape());
    vm.run(p, **c, frame, host);
  }
  for (const TriggerInfo& t : p.triggers) {
    RunFrame frame;
    frame.issue = sample_issue();
    vm.run(p, t.predicate, frame, host);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  // The same bytes as a rule file and as a JQL filter.
  {
    const SourceFile file("fuzz.sync", text);
    DiagnosticSink sink;
    auto p = compile_source(file, Schema{}, sink);
    (void)render_text(file, sink.sorted());
    (void)render_json(file, sink.sorted());
    if (p) {
      run_all(*p);
      auto back = deserialize_program(serialize_program(*p));
      if (back) run_all(*back);
    }
  }
  {
    const SourceFile file("fuzz.jql", text);
    DiagnosticSink sink;
    if (auto p = compile_filter(file, Schema{}, sink)) run_all(*p);
  }
  // As an Exalate script on both sides of `twinsync import exalate`, and its translation linted.
  {
    const SourceFile script("fuzz.groovy", text);
    const exalate::ImportResult r = exalate::import_exalate(&script, &script, {});
    (void)render_text(script, r.outgoing.sorted());
    const SourceFile rules("fuzz-import.sync", r.text);
    DiagnosticSink sink;
    (void)compile_source(rules, Schema{}, sink);
  }
  // And as a bytecode file.
  if (auto p = deserialize_program(text)) run_all(*p);
  return 0;
}
