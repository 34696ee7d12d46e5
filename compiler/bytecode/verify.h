// verify.h — checks that a program's code only refers to what exists (constants, maps, slots,
// locals, functions, jump targets) and cannot over- or underflow the stack, so the VM can run it
// without checking at every instruction.
#pragma once

#include "compiler/bytecode/program.h"
#include "compiler/support/result.h"

namespace twinsync {

Status verify_program(const Program& p);

/// Stack effect of one instruction (pushes minus pops).
int stack_effect(const Instr& in);

}  // namespace twinsync

namespace twinsync {
/// The deepest the operand stack gets in `chunk`, or an error when the code is inconsistent.
Result<uint32_t> analyze_stack(const Chunk& chunk);
}  // namespace twinsync
