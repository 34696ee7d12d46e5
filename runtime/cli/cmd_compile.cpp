// cmd_compile.cpp — `twinsync compile FILE -o OUT` and `twinsync disasm FILE`.
#include <iostream>

#include "compiler/bytecode/disasm.h"
#include "compiler/bytecode/serialize.h"
#include "runtime/cli/command.h"
#include "runtime/cli/exit_codes.h"
#include "runtime/cli/files.h"
#include "runtime/cli/load_program.h"

namespace twinsync::cli {

CommandRun setup_compile(CLI::App& app) {
  struct Options {
    std::string file, out;
  };
  auto opt = std::make_shared<Options>();
  app.add_option("file", opt->file, "rule file (.sync)")->required();
  app.add_option("-o,--output", opt->out, "bytecode file to write (default: FILE with .tsb)");
  return [opt]() -> int {
    int code = kExitOk;
    auto p = load_program(opt->file, code);
    if (!p) return code;
    std::string out = opt->out;
    if (out.empty()) {
      const auto dot = opt->file.rfind('.');
      out = (dot == std::string::npos ? opt->file : opt->file.substr(0, dot)) + ".tsb";
    }
    if (auto ok = write_file(out, serialize_program(*p)); !ok) {
      std::cerr << "twinsync: error: " << ok.error().message << "\n";
      return kExitUsage;
    }
    std::cerr << "wrote " << out << " (rules version " << p->version_hash() << ")\n";
    return kExitOk;
  };
}

CommandRun setup_disasm(CLI::App& app) {
  auto file = std::make_shared<std::string>();
  app.add_option("file", *file, "bytecode file (.tsb), or a rule file to compile first")->required();
  return [file]() -> int {
    int code = kExitOk;
    auto p = load_program(*file, code);
    if (!p) return code;
    std::cout << disassemble(*p);
    return kExitOk;
  };
}

}  // namespace twinsync::cli
