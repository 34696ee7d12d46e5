// cmd_lint.cpp — `twinsync lint [--format text|json] FILE…`: every problem of every file.
#include <iostream>
#include <nlohmann/json.hpp>

#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/eval_input.h"
#include "runtime/cli/files.h"
#include "runtime/jira/schema_from_catalog.h"

namespace twinsync::cli {

CommandRun setup_lint(CLI::App& app) {
  struct Options {
    std::vector<std::string> files;
    std::string format = "text";
    std::string fields;
  };
  auto opt = std::make_shared<Options>();
  app.add_option("files", opt->files, "rule files (.sync)")->required();
  app.add_option("--format", opt->format, "text (compiler style) or json")->check(CLI::IsMember({"text", "json"}));
  app.add_option("--fields", opt->fields, "the tracker's field list (GET /rest/api/3/field): its custom fields are known");
  return [opt]() -> int {
    auto catalog = load_field_catalog(opt->fields);
    if (!catalog) {
      std::cerr << "twinsync: error: " << catalog.error().message << "\n";
      return catalog.error().kind == ErrorKind::Io ? kExitUsage : kExitInputError;
    }
    const Schema tracker_schema = jira::schema_from_catalog(*catalog);
    size_t errors = 0, warnings = 0;
    nlohmann::json all = nlohmann::json::array();
    for (const std::string& path : opt->files) {
      auto text = read_file(path);
      if (!text) {
        std::cerr << "twinsync: error: " << text.error().message << "\n";
        return kExitUsage;
      }
      const SourceFile file(path, *text);
      DiagnosticSink sink;
      Schema schema = tracker_schema;
      check_source(file, schema, sink);
      const auto diags = sink.sorted();
      errors += sink.error_count();
      warnings += sink.warning_count();
      if (opt->format == "json") {
        for (auto& d : nlohmann::json::parse(render_json(file, diags))) all.push_back(std::move(d));
      } else {
        std::cout << render_text(file, diags);
      }
    }
    if (opt->format == "json") {
      std::cout << all.dump(2) << "\n";
    } else if (errors + warnings > 0) {
      // On the diagnostics' stream: on another, a pipe or a terminal can put it in their middle.
      std::cout << errors << " error" << (errors == 1 ? "" : "s") << ", " << warnings << " warning"
                << (warnings == 1 ? "" : "s") << "\n";
    }
    return errors > 0 ? kExitInputError : kExitOk;
  };
}

}  // namespace twinsync::cli
