// load_program.cpp — compile-or-load for the CLI.
#include "runtime/cli/load_program.h"

#include <iostream>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"

namespace twinsync::cli {

std::optional<Program> load_program(const std::string& path, int& exit_code) {
  auto bytes = read_file(path);
  if (!bytes) {
    std::cerr << "twinsync: error: " << bytes.error().message << "\n";
    exit_code = kExitUsage;
    return std::nullopt;
  }
  if (bytes->rfind("TWSB", 0) == 0) {
    auto p = deserialize_program(*bytes);
    if (!p) {
      std::cerr << "twinsync: error: " << path << ": " << p.error().message << "\n";
      exit_code = kExitInputError;
      return std::nullopt;
    }
    return std::move(*p);
  }
  const SourceFile file(path, *bytes);
  DiagnosticSink sink;
  auto p = compile_source(file, Schema{}, sink);
  std::cerr << render_text(file, sink.sorted());
  if (!p) {
    exit_code = kExitInputError;
    return std::nullopt;
  }
  return p;
}

}  // namespace twinsync::cli
