// opcodes.cpp — the opcode table (mnemonics and docs) from opcodes.def.
#include "compiler/bytecode/opcodes.h"

#include <cstddef>

namespace twinsync {
namespace {

constexpr OpInfo kOps[] = {
#define OP(name, mnemonic, operands, stack, doc) {mnemonic, operands, stack, doc},
#include "compiler/bytecode/opcodes.def"
#undef OP
};

}  // namespace

const OpInfo& op_info(Op op) { return kOps[static_cast<size_t>(op)]; }

}  // namespace twinsync
