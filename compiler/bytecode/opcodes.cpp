// opcodes.cpp — the opcode table from opcodes.def, and the stack and flow facts read from it.
#include "compiler/bytecode/opcodes.h"

#include <cstddef>

namespace twinsync {
namespace {

// The names the columns of opcodes.def use.
constexpr int8_t N = kPopsCountOperand;
using enum Flow;
using enum OperandKind;

constexpr OpInfo kOps[] = {
#define OP(name, mnemonic, pops, pushes, flow, a, b, c, listing, doc) \
  {mnemonic, pops, pushes, flow, {a, b, c}, listing, doc},
#include "compiler/bytecode/opcodes.def"
#undef OP
};
static_assert(sizeof kOps / sizeof kOps[0] == static_cast<size_t>(Op::Count));

// A count taken from an operand needs that operand to say so.
constexpr bool counts_are_declared() {
  for (const OpInfo& o : kOps) {
    int counts = 0;
    for (OperandKind k : o.operands) counts += k == OperandKind::Count;
    if (counts > 1 || (o.pops == N) != (counts == 1)) return false;
  }
  return true;
}
static_assert(counts_are_declared(), "pops N goes with exactly one Count operand");

}  // namespace

const OpInfo& op_info(Op op) { return kOps[static_cast<size_t>(op)]; }

int64_t operand(const Instr& in, int which) {
  return which == 0 ? int64_t{in.a} : which == 1 ? int64_t{in.b} : int64_t{in.c};
}

int pops(const Instr& in) {
  const OpInfo& o = op_info(in.op);
  if (o.pops != N) return o.pops;
  for (int i = 0; i < 3; ++i) {
    if (o.operands[i] == OperandKind::Count) return static_cast<int>(operand(in, i));
  }
  return 0;  // unreachable: counts_are_declared()
}

int pushes(const Instr& in) { return op_info(in.op).pushes; }

bool falls_through(Op op) {
  const Flow f = op_info(op).flow;
  return f != Flow::Goto && f != Flow::Stop;
}

bool jumps(Op op) {
  const Flow f = op_info(op).flow;
  return f == Flow::Goto || f == Flow::Branch || f == Flow::BranchKeep;
}

}  // namespace twinsync
