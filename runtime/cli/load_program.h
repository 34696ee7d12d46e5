// load_program.h — a program from a .sync file (compiled now) or a bytecode file, for the
// commands that run or show rules.
#pragma once

#include <optional>
#include <string>

#include "compiler/bytecode/program.h"

namespace twinsync::cli {

/// Prints diagnostics or load errors to stderr; sets `exit_code` (1 bad input, 2 unreadable).
std::optional<Program> load_program(const std::string& path, int& exit_code);

}  // namespace twinsync::cli
