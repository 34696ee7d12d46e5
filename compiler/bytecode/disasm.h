// disasm.h — a readable listing of a compiled program: what `twinsync disasm` prints and what
// the bytecode golden tests compare.
#pragma once

#include <string>

#include "compiler/bytecode/program.h"

namespace twinsync {

std::string disassemble(const Program& p);
std::string disassemble(const Program& p, const Chunk& chunk);

}  // namespace twinsync
