// serialize.h — the bytecode file: magic "TWSB", format version, source hash, then the program.
// Loading checks everything (lengths, opcode numbers, jump targets, constant and slot indexes),
// so a damaged or foreign file is an error, never a crash in the VM.
#pragma once

#include <string>
#include <string_view>

#include "compiler/bytecode/program.h"
#include "compiler/support/result.h"

namespace twinsync {

std::string serialize_program(const Program& p);
Result<Program> deserialize_program(std::string_view bytes);

}  // namespace twinsync
