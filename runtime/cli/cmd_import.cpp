// cmd_import.cpp — `twinsync import exalate --outgoing OUT.groovy --incoming IN.groovy -o FILE`:
// translates an Exalate connection's sync scripts into a rule file, then lints it. Every problem
// is printed as lint prints it: the scripts' at their place in the scripts, the rule file's at
// its place in the file written.
#include <filesystem>
#include <iostream>

#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/import/exalate_import.h"
#include "runtime/cli/command.h"
#include "runtime/cli/eval_input.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "runtime/jira/schema_from_catalog.h"

namespace twinsync::cli {
namespace {

struct ImportOptions {
  std::string outgoing, incoming, output, fields;
};

// The custom field types the tracker's field list gives, as a `custom` line spells them.
std::map<std::string, std::string> custom_types(const Schema& schema) {
  std::map<std::string, std::string> out;
  for (const auto& [name, type] : schema.custom_fields) {
    if (type->kind != TypeKind::Any) out[name] = type->name();  // `any` cannot be declared: guessed instead
  }
  return out;
}

struct Counts {
  size_t errors = 0, warnings = 0;
  void add(const DiagnosticSink& s) {
    errors += s.error_count();
    warnings += s.warning_count();
  }
};

// Refuses what cannot work before anything is read or written (exit code, or 0 to go on).
int check_usage(const ImportOptions& opt) {
  if (opt.outgoing.empty() && opt.incoming.empty()) {
    std::cerr << "twinsync: error: give --outgoing, --incoming or both\n";
    return kExitUsage;
  }
  for (const std::string& script : {opt.outgoing, opt.incoming}) {
    std::error_code ec;
    if (!opt.output.empty() && !script.empty() && std::filesystem::equivalent(script, opt.output, ec)) {
      std::cerr << "twinsync: error: -o " << opt.output << " would overwrite the script it translates\n";
      return kExitUsage;
    }
  }
  return 0;
}

// Both scripts, read whole; a script not given stays empty (exit code, or 0 to go on).
int read_scripts(const ImportOptions& opt, std::optional<SourceFile> (&scripts)[2]) {
  for (int i = 0; i < 2; ++i) {
    const std::string& path = i == 0 ? opt.outgoing : opt.incoming;
    if (path.empty()) continue;
    auto text = read_file(path);
    if (!text) {
      std::cerr << "twinsync: error: " << text.error().message << "\n";
      return kExitUsage;
    }
    scripts[i].emplace(path, std::move(*text));
  }
  return 0;
}

// The scripts' problems at their place in the scripts, then lint's on the rule file.
Counts report(std::ostream& out, const std::optional<SourceFile> (&scripts)[2], const exalate::ImportResult& r,
              const SourceFile& rules, Schema schema) {
  Counts counts;
  for (int i = 0; i < 2; ++i) {
    if (!scripts[i]) continue;
    const DiagnosticSink& sink = i == 0 ? r.outgoing : r.incoming;
    out << render_text(*scripts[i], sink.sorted());
    counts.add(sink);
  }
  DiagnosticSink lint;
  check_source(rules, schema, lint);
  out << render_text(rules, lint.sorted());
  counts.add(lint);
  if (r.untranslated > 0) {
    out << r.untranslated << (r.untranslated == 1 ? " statement" : " statements")
        << " left untranslated, as comments marked `untranslated` in " << rules.path() << "\n";
  }
  if (counts.errors + counts.warnings > 0) {
    out << counts.errors << " error" << (counts.errors == 1 ? "" : "s") << ", " << counts.warnings << " warning"
        << (counts.warnings == 1 ? "" : "s") << "\n";
  }
  return counts;
}

int run_exalate(const ImportOptions& opt) {
  if (int code = check_usage(opt)) return code;
  auto catalog = load_field_catalog(opt.fields);
  if (!catalog) {
    std::cerr << "twinsync: error: " << catalog.error().message << "\n";
    return catalog.error().kind == ErrorKind::Io ? kExitUsage : kExitInputError;
  }
  const Schema schema = jira::schema_from_catalog(*catalog);
  std::optional<SourceFile> scripts[2];
  if (int code = read_scripts(opt, scripts)) return code;
  exalate::ImportOptions options;
  options.custom_types = custom_types(schema);
  const exalate::ImportResult r = exalate::import_exalate(scripts[0] ? &*scripts[0] : nullptr,
                                                          scripts[1] ? &*scripts[1] : nullptr, options);
  const SourceFile rules(opt.output.empty() ? "<stdout>" : opt.output, r.text);
  if (opt.output.empty()) {
    std::cout << r.text;
  } else if (auto written = write_file(opt.output, r.text); !written) {
    std::cerr << "twinsync: error: " << written.error().message << "\n";
    return kExitUsage;
  }
  // Without -o the rule file went to stdout, so the diagnostics go to stderr.
  const Counts counts = report(opt.output.empty() ? std::cerr : std::cout, scripts, r, rules, schema);
  return counts.errors > 0 || r.untranslated > 0 ? kExitInputError : kExitOk;
}

}  // namespace

CommandRun setup_import(CLI::App& app) {
  auto opt = std::make_shared<ImportOptions>();
  app.require_subcommand(1, 1);
  CLI::App* ex = app.add_subcommand("exalate", "translate an Exalate connection's Groovy sync scripts into a rule file");
  ex->add_option("--outgoing", opt->outgoing, "the outgoing sync script (.groovy)");
  ex->add_option("--incoming", opt->incoming, "the incoming sync script (.groovy)");
  ex->add_option("-o,--output", opt->output, "the rule file to write (.sync); without it, stdout");
  ex->add_option("--fields", opt->fields, "the tracker's field list (GET /rest/api/3/field): custom field types");
  return [opt]() -> int { return run_exalate(*opt); };
}

}  // namespace twinsync::cli
