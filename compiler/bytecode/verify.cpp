// verify.cpp — operand and stack checks of bytecode (see verify.h).
#include "compiler/bytecode/verify.h"

#include <vector>

#include "compiler/check/builtin_table.h"
#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

// The deepest stack a chunk may need; deeper code is refused rather than run.
constexpr uint32_t kMaxStack = 1024;
// The most locals a block may declare: the VM allocates them before it runs, so a loaded file's
// count is bounded like its stack (no rule file comes near it).
constexpr uint32_t kMaxLocals = 65536;

// Depth change on the jump edge: a BranchKeep pops its value when it falls through but keeps
// it when it jumps.
int jump_effect(const Instr& in) {
  const int effect = pushes(in) - pops(in);
  return op_info(in.op).flow == Flow::BranchKeep ? 0 : effect;
}

Error fail(const Chunk& c, size_t pc, const std::string& what) {
  return make_error("bytecode of " + c.name + ", instruction " + std::to_string(pc) + ": " + what, ErrorKind::BadBytecode);
}

// One operand, by its kind in opcodes.def.
Status check_operand(const Program& p, const Chunk& c, size_t pc, OperandKind kind, int64_t v) {
  auto below = [&](size_t n) { return v >= 0 && static_cast<uint64_t>(v) < n; };
  auto check = [&](bool good, const char* what) { return good ? ok_status() : Status(fail(c, pc, what)); };
  switch (kind) {
    case OperandKind::None:
    case OperandKind::Member:  // the record's shape is known only at run time, where it is checked
    case OperandKind::Count:   // the stack analysis checks that the values are there
      return ok_status();
    // The VM indexes constants, locals, roots and value maps without checking: it trusts these
    // bounds.
    case OperandKind::Const: return check(below(p.constants.size()), "constant out of range");
    // The VM reads a name with as_string(), which trusts the tag.
    case OperandKind::Name:
      return check(below(p.constants.size()) && p.constants[v].is_string(), "field name is not a text constant");
    case OperandKind::Local: return check(below(c.locals), "local out of range");
    case OperandKind::Iter: return check(below(c.locals) && v + 4 <= c.locals, "iteration locals out of range");
    case OperandKind::Root: return check(below(4), "bad root");
    // Field operands address root records, which are issues.
    case OperandKind::Field: return check(below(issue_shape().size()), "bad field");
    case OperandKind::Map: return check(below(p.maps.size()), "bad value map");
    case OperandKind::Dir: return check(below(2), "bad value map");
    case OperandKind::Fn:
      // The count must be the function's own: builtins read their arguments by position.
      return check(below(static_cast<size_t>(BuiltinId::Count)) &&
                       all_builtins()[v].params.size() == static_cast<size_t>(pops(c.code[pc])),
                   "bad function call");
    case OperandKind::Target: return check(below(c.code.size()), "jump out of range");
  }
  return check(false, "bad operand kind");  // not reached: the switch covers every kind
}

Status check_operands(const Program& p, const Chunk& c, size_t pc) {
  const Instr& in = c.code[pc];
  if (in.op >= Op::Count) return fail(c, pc, "bad opcode");
  for (int i = 0; i < 3; ++i) {
    if (auto ok = check_operand(p, c, pc, op_info(in.op).operands[i], operand(in, i)); !ok) return ok;
  }
  return ok_status();
}

Status verify_chunk(const Program& p, const Chunk& c) {
  if (c.spans.size() != c.code.size()) return fail(c, 0, "span table does not match the code");
  // A loaded file declares both: the VM sizes its stack and locals from them before running.
  if (c.max_stack > kMaxStack) return fail(c, 0, "declares a stack deeper than " + std::to_string(kMaxStack));
  if (c.locals > kMaxLocals) return fail(c, 0, "declares more than " + std::to_string(kMaxLocals) + " locals");
  for (size_t pc = 0; pc < c.code.size(); ++pc) {
    if (auto ok = check_operands(p, c, pc); !ok) return ok;
  }
  // The dispatch loop has no end test: the last instruction must stop or jump.
  if (c.code.empty() || falls_through(c.code.back().op)) return fail(c, c.code.size(), "code does not end in a stop");
  auto depth = analyze_stack(c);
  if (!depth) return depth.error();
  if (*depth > c.max_stack) return fail(c, 0, "stack deeper than declared");
  return ok_status();
}

}  // namespace

int stack_effect(const Instr& in) { return pushes(in) - pops(in); }

Result<uint32_t> analyze_stack(const Chunk& c) {
  // Every reachable instruction must be reached with one depth on all paths, or the VM's sp at
  // a join would depend on the path. Unreachable code is not walked (verify_chunk checks the
  // operands of every instruction).
  std::vector<int> depth_at(c.code.size() + 1, -1);
  std::vector<size_t> work = {0};
  depth_at[0] = 0;
  uint32_t max_depth = 0;
  auto reach = [&](size_t pc, int depth) -> Status {
    if (pc > c.code.size()) return fail(c, pc, "jump out of range");
    if (depth_at[pc] == -1) {
      depth_at[pc] = depth;
      work.push_back(pc);
    } else if (depth_at[pc] != depth) {
      return fail(c, pc, "stack depth differs between paths");
    }
    return ok_status();
  };
  while (!work.empty()) {
    const size_t pc = work.back();
    work.pop_back();
    if (pc == c.code.size()) return fail(c, pc, "code runs past its end");
    const Instr& in = c.code[pc];
    const int depth = depth_at[pc];
    if (depth < pops(in)) return fail(c, pc, "stack underflow");
    const int after = depth + stack_effect(in);
    // An instruction pops before it pushes, so its peak is the larger of the two depths.
    max_depth = std::max<uint32_t>(max_depth, static_cast<uint32_t>(std::max(depth, after)));
    if (max_depth > kMaxStack) return fail(c, pc, "expression too deep for the stack");
    if (jumps(in.op)) {
      if (auto ok = reach(static_cast<size_t>(in.c), depth + jump_effect(in)); !ok) return ok.error();
    }
    if (falls_through(in.op)) {
      if (auto ok = reach(pc + 1, after); !ok) return ok.error();
    }
  }
  return max_depth;
}

Status verify_program(const Program& p) {
  for (const std::optional<Chunk>* c : {&p.outgoing, &p.incoming}) {
    if (*c) {
      if (auto ok = verify_chunk(p, **c); !ok) return ok;
    }
  }
  for (const TriggerInfo& t : p.triggers) {
    if (auto ok = verify_chunk(p, t.predicate); !ok) return ok;
  }
  return ok_status();
}

}  // namespace twinsync
