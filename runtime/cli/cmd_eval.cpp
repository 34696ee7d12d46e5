// cmd_eval.cpp — `twinsync eval FILE --block outgoing|incoming --issue ISSUE.json [--replica R.json]`:
// runs one block on one issue and prints the replica it builds or the changes it makes, so an
// admin can try a rule before it touches a live issue.
#include <iostream>
#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/value_json.h"
#include "compiler/vm/vm.h"
#include "runtime/cli/command.h"
#include "runtime/cli/eval_input.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/load_program.h"
#include "stdlib/natives.h"

namespace twinsync::cli {
namespace {

// Field by field: what the incoming block changed on the issue.
nlohmann::json changes(const Value& before, const Value& after) {
  nlohmann::json out = nlohmann::json::object();
  for (uint32_t i = 0; i < issue_shape().size(); ++i) {
    const Value& a = before.is_record() ? before.field(i) : Value();
    const Value& b = after.field(i);
    if (a == b) continue;
    out[std::string(issue_shape().fields[i].name)] = {{"from", value_to_json(a)}, {"to", value_to_json(b)}};
  }
  return out;
}

}  // namespace

CommandRun setup_eval(CLI::App& app) {
  struct Options {
    std::string file, block = "outgoing", issue, replica, previous, fields;
    bool first_sync = false;
  };
  auto opt = std::make_shared<Options>();
  app.add_option("file", opt->file, "rule file (.sync) or bytecode (.tsb)")->required();
  app.add_option("--block", opt->block, "outgoing or incoming")->check(CLI::IsMember({"outgoing", "incoming"}));
  app.add_option("--issue", opt->issue, "the local issue: Jira REST JSON or twinsync's record JSON (FILE#/pointer picks a part)")->required();
  app.add_option("--replica", opt->replica, "the replica that arrived (incoming)");
  app.add_option("--previous", opt->previous, "the replica synced last time");
  app.add_flag("--first-sync", opt->first_sync, "run as the twin's first sync");
  app.add_option("--fields", opt->fields, "the tracker's field list (GET /rest/api/3/field) to name custom fields");
  return [opt]() -> int {
    int code = kExitOk;
    auto program = load_program(opt->file, code);
    if (!program) return code;
    const bool outgoing = opt->block == "outgoing";
    const std::optional<Chunk>& chunk = outgoing ? program->outgoing : program->incoming;
    if (!chunk) {
      std::cerr << "twinsync: error: " << opt->file << " has no " << opt->block << " block\n";
      return kExitInputError;
    }
    auto catalog = load_field_catalog(opt->fields);
    if (!catalog) {
      std::cerr << "twinsync: error: " << catalog.error().message << "\n";
      return catalog.error().kind == ErrorKind::Io ? kExitUsage : kExitInputError;
    }
    RunFrame frame;
    for (auto [path, slot] : {std::pair{opt->issue, &frame.issue}, std::pair{opt->replica, &frame.replica},
                              std::pair{opt->previous, &frame.previous}}) {
      if (path.empty()) continue;
      auto v = load_issue_file(path, *catalog);
      if (!v) {
        std::cerr << "twinsync: error: " << v.error().message << "\n";
        return v.error().kind == ErrorKind::Io ? kExitUsage : kExitInputError;
      }
      *slot = std::move(*v);
    }
    if (!outgoing && frame.replica.is_null()) {
      std::cerr << "twinsync: error: --replica is needed for the incoming block\n";
      return kExitUsage;
    }
    frame.first_sync = opt->first_sync || frame.previous.is_null();
    frame.output = outgoing ? Value::record(issue_shape()) : frame.issue;
    if (frame.output.is_null()) frame.output = Value::record(issue_shape());
    HostContext host;
    Vm vm(stdlib::natives());
    const RunOutcome r = vm.run(*program, *chunk, frame, host);
    nlohmann::json result;
    if (r.kind == RunOutcome::Failed) {
      const SourceFile src(program->source_path, program->source_text);
      const LineCol lc = src.line_col(r.span.begin);
      std::cerr << program->source_path << ":" << lc.line << ":" << lc.column << ": error: " << r.message << "\n";
      result = {{"outcome", "error"}, {"message", r.message}, {"line", lc.line}, {"column", lc.column}};
      std::cout << result.dump(2) << "\n";
      return kExitInputError;
    }
    result["outcome"] = r.kind == RunOutcome::Skipped ? "skipped" : "done";
    if (r.kind == RunOutcome::Done) {
      if (outgoing) {
        result["replica"] = value_to_json(frame.output);
      } else {
        result["changes"] = changes(frame.issue, frame.output);
      }
    }
    std::cout << result.dump(2) << "\n";
    return kExitOk;
  };
}

}  // namespace twinsync::cli
