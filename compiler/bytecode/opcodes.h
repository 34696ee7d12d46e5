// opcodes.h — the instruction type and the opcode enum, generated from opcodes.def.
#pragma once

#include <cstdint>

namespace twinsync {

enum class Op : uint8_t {
#define OP(name, mnemonic, operands, stack, doc) name,
#include "compiler/bytecode/opcodes.def"
#undef OP
  Count
};

struct OpInfo {
  const char* mnemonic;
  const char* operands;
  const char* stack;
  const char* doc;
};
const OpInfo& op_info(Op op);

/// One instruction: 8 bytes, in a flat array (see opcodes.def for what a, b and c mean).
struct Instr {
  Op op;
  uint8_t a = 0;
  uint16_t b = 0;
  int32_t c = 0;
};
static_assert(sizeof(Instr) == 8);

}  // namespace twinsync
