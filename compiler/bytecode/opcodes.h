// opcodes.h — the instruction type, the opcode enum and the opcode table, all from opcodes.def.
#pragma once

#include <cstdint>

namespace twinsync {

enum class Op : uint8_t {
#define OP(name, mnemonic, pops, pushes, flow, a, b, c, listing, doc) name,
#include "compiler/bytecode/opcodes.def"
#undef OP
  Count
};

/// Where control goes after an instruction (the `flow` column of opcodes.def).
enum class Flow : uint8_t { Next, Goto, Branch, BranchKeep, Stop };

/// What an operand means: the verifier checks it, the disassembler renders it, by kind.
enum class OperandKind : uint8_t { None, Const, Name, Local, Iter, Root, Field, Member, Count, Map, Dir, Fn, Target };

/// `pops` of an instruction whose count is the value of its Count operand.
inline constexpr int8_t kPopsCountOperand = -1;

/// One row of opcodes.def.
struct OpInfo {
  const char* mnemonic;
  int8_t pops;  // or kPopsCountOperand
  int8_t pushes;
  Flow flow;
  OperandKind operands[3];  // a, b, c
  const char* listing;
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

/// The value of operand 0 (a), 1 (b) or 2 (c).
int64_t operand(const Instr& in, int which);
/// Values `in` takes from the stack, and values it leaves there when it falls through.
int pops(const Instr& in);
int pushes(const Instr& in);
/// Whether control can reach the next instruction, and whether it can go to c.
bool falls_through(Op op);
bool jumps(Op op);

}  // namespace twinsync
