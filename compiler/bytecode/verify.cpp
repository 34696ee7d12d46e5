// verify.cpp — operand and stack checks of bytecode (see verify.h).
#include "compiler/bytecode/verify.h"

#include <vector>

#include "compiler/check/builtin_table.h"
#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

constexpr uint32_t kMaxStack = 1024;

bool is_jump(Op op) {
  switch (op) {
    case Op::Jump:
    case Op::JumpIfFalse:
    case Op::JumpIfTrue:
    case Op::JumpIfFalseKeep:
    case Op::JumpIfTrueKeep:
    case Op::JumpIfNotNull:
    case Op::JumpIfNull:
    case Op::IterNext: return true;
    default: return false;
  }
}

bool is_terminal(Op op) {
  return op == Op::Jump || op == Op::Return || op == Op::ReturnValue || op == Op::Skip || op == Op::Fail;
}

// Values an instruction needs on the stack before it runs.
int needs(const Instr& in) {
  switch (in.op) {
    case Op::Pop: case Op::StoreLocal: case Op::StoreField: case Op::StoreCustom: case Op::GetField:
    case Op::GetFieldSafe: case Op::GetCustom: case Op::GetNamed: case Op::Neg: case Op::Not: case Op::MapGet:
    case Op::Dup: case Op::JumpIfFalse: case Op::JumpIfTrue: case Op::JumpIfFalseKeep: case Op::JumpIfTrueKeep:
    case Op::JumpIfNotNull: case Op::JumpIfNull: case Op::IterBegin: case Op::FilterKeep: case Op::Fail:
    case Op::ReturnValue: return 1;
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: case Op::Eq: case Op::Ne: case Op::Lt:
    case Op::Le: case Op::Gt: case Op::Ge: case Op::In: case Op::Index: return 2;
    case Op::MakeList: case Op::Concat: return in.b;
    case Op::Call: return in.a;
    default: return 0;
  }
}

// Depth change on the jump edge of a conditional jump.
int jump_effect(const Instr& in) {
  switch (in.op) {
    case Op::JumpIfFalse:
    case Op::JumpIfTrue: return -1;
    default: return 0;  // the *Keep and null tests keep the value when they jump; iter.next adds nothing
  }
}

Error fail(const Chunk& c, size_t pc, const std::string& what) {
  return make_error("bytecode of " + c.name + ", instruction " + std::to_string(pc) + ": " + what, "bad_bytecode");
}

Status check_operands(const Program& p, const Chunk& c, size_t pc) {
  const Instr& in = c.code[pc];
  const uint32_t issue_slots = issue_shape().size();
  auto string_const = [&](uint32_t k) { return k < p.constants.size() && p.constants[k].is_string(); };
  switch (in.op) {
    case Op::Const: if (in.b >= p.constants.size()) return fail(c, pc, "constant out of range"); break;
    case Op::LoadLocal: case Op::StoreLocal:
      if (in.b >= c.locals) return fail(c, pc, "local out of range");
      break;
    case Op::LoadRoot: if (in.a > 3) return fail(c, pc, "bad root"); break;
    case Op::LoadField: if (in.a > 3 || in.b >= issue_slots) return fail(c, pc, "bad field"); break;
    case Op::CopyField:
      if (in.a > 3 || in.b >= issue_slots || in.c < 0 || static_cast<uint32_t>(in.c) >= issue_slots) {
        return fail(c, pc, "bad field copy");
      }
      break;
    case Op::StoreField: if (in.b >= issue_slots) return fail(c, pc, "bad field"); break;
    case Op::GetCustom: case Op::GetNamed: case Op::StoreCustom:
      if (!string_const(in.b)) return fail(c, pc, "field name is not a text constant");
      break;
    case Op::MapGet: if (in.b >= p.maps.size() || in.a > 1) return fail(c, pc, "bad value map"); break;
    case Op::Call:
      if (in.b >= static_cast<uint32_t>(BuiltinId::Count) || in.a != all_builtins()[in.b].params.size()) {
        return fail(c, pc, "bad function call");
      }
      break;
    case Op::IterBegin: case Op::IterNext: case Op::FilterKeep: case Op::FilterEnd:
      if (in.b + 4u > c.locals) return fail(c, pc, "iteration locals out of range");
      break;
    default: break;
  }
  if (is_jump(in.op) && (in.c < 0 || static_cast<size_t>(in.c) >= c.code.size())) return fail(c, pc, "jump out of range");
  return ok_status();
}

Status verify_chunk(const Program& p, const Chunk& c) {
  if (c.spans.size() != c.code.size()) return fail(c, 0, "span table does not match the code");
  if (c.code.empty() || !is_terminal(c.code.back().op)) return fail(c, c.code.size(), "code does not end in a stop");
  for (size_t pc = 0; pc < c.code.size(); ++pc) {
    if (auto ok = check_operands(p, c, pc); !ok) return ok;
  }
  auto depth = analyze_stack(c);
  if (!depth) return depth.error();
  if (*depth > c.max_stack) return fail(c, 0, "stack deeper than declared");
  return ok_status();
}

}  // namespace

int stack_effect(const Instr& in) {
  switch (in.op) {
    case Op::Const: case Op::Null: case Op::True: case Op::False: case Op::Dup: case Op::LoadLocal:
    case Op::FirstSync: case Op::LoadRoot: case Op::LoadField: case Op::FilterEnd: return 1;
    case Op::Pop: case Op::StoreLocal: case Op::StoreField: case Op::StoreCustom: case Op::JumpIfFalse:
    case Op::JumpIfTrue: case Op::JumpIfFalseKeep: case Op::JumpIfTrueKeep: case Op::JumpIfNotNull:
    case Op::IterBegin: case Op::FilterKeep: case Op::Fail: case Op::ReturnValue: return -1;
    case Op::Add: case Op::Sub: case Op::Mul: case Op::Div: case Op::Mod: case Op::Eq: case Op::Ne: case Op::Lt:
    case Op::Le: case Op::Gt: case Op::Ge: case Op::In: case Op::Index: return -1;
    case Op::MakeList: case Op::Concat: return 1 - static_cast<int>(in.b);
    case Op::Call: return 1 - static_cast<int>(in.a);
    default: return 0;
  }
}

Result<uint32_t> analyze_stack(const Chunk& c) {
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
    if (depth < needs(in)) return fail(c, pc, "stack underflow");
    const int after = depth + stack_effect(in);
    max_depth = std::max<uint32_t>(max_depth, static_cast<uint32_t>(std::max(depth, after)));
    if (max_depth > kMaxStack) return fail(c, pc, "expression too deep for the stack");
    if (is_jump(in.op)) {
      if (auto ok = reach(static_cast<size_t>(in.c), depth + jump_effect(in)); !ok) return ok.error();
    }
    if (!is_terminal(in.op)) {
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
