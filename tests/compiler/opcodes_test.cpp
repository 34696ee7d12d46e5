// opcodes.def against the verifier and the disassembler: for every opcode, small synthetic
// chunks whose stack depth follows from the table's pops, pushes and flow must verify, and the
// same chunks one value short or one pop too many must not.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "compiler/bytecode/opcodes.h"
#include "compiler/bytecode/verify.h"
#include "compiler/check/builtin_table.h"

namespace twinsync {
namespace {

constexpr uint8_t kCount = 2;  // the Count operand of list/concat in these chunks

Program program() {
  Program p;
  p.constants.push_back(Value::string("summary"));  // a text constant: Const and Name both accept it
  p.maps.push_back(MapTable{"statusMap", {}, {}});
  return p;
}

// `op` with every operand valid for its kind; Target operands point at `target`.
Instr instr(Op op, int32_t target) {
  Instr in{op};
  const OpInfo& info = op_info(op);
  const bool calls = std::ranges::find(info.operands, OperandKind::Fn) != std::end(info.operands);
  for (int i = 0; i < 3; ++i) {
    int64_t v = 0;
    if (info.operands[i] == OperandKind::Count) v = calls ? all_builtins()[0].params.size() : kCount;
    if (info.operands[i] == OperandKind::Target) v = target;
    if (i == 0) in.a = static_cast<uint8_t>(v);
    if (i == 1) in.b = static_cast<uint16_t>(v);
    if (i == 2) in.c = static_cast<int32_t>(v);
  }
  return in;
}

struct Layout {
  int before;         // values pushed before the instruction
  int drain;          // values popped after it on the fall-through edge
  bool keep_branch;   // a separate block for the jump edge, which drains `before` values
};

// [null x before] op [pop x drain] return (and for a jump edge of its own: [pop x before] return).
Chunk chunk(Op op, const Layout& s) {
  Chunk c;
  c.name = std::string("test ") + op_info(op).mnemonic;
  c.locals = 4;
  for (int i = 0; i < s.before; ++i) c.code.push_back({Op::Null});
  const int at = static_cast<int>(c.code.size());
  const Flow flow = op_info(op).flow;
  int32_t target = at + 1;
  if (s.keep_branch) target = at + 1 + s.drain + 1;
  c.code.push_back(instr(op, target));
  if (flow != Flow::Stop) {
    for (int i = 0; i < s.drain; ++i) c.code.push_back({Op::Pop});
    c.code.push_back({Op::Return});
  }
  if (s.keep_branch) {
    for (int i = 0; i < s.before; ++i) c.code.push_back({Op::Pop});
    c.code.push_back({Op::Return});
  }
  c.spans.resize(c.code.size());
  c.max_stack = 1024;
  return c;
}

Status verify(const Chunk& c) {
  Program p = program();
  p.outgoing = c;
  return verify_program(p);
}

std::string error_of(const Chunk& c) {
  auto ok = verify(c);
  return ok ? "" : ok.error().message;
}

class OpcodeTable : public ::testing::TestWithParam<int> {
 protected:
  Op op() const { return static_cast<Op>(GetParam()); }
  const OpInfo& info() const { return op_info(op()); }
  int pops() const { return twinsync::pops(instr(op(), 0)); }
  int pushes() const { return info().pushes; }
  bool keeps() const { return info().flow == Flow::BranchKeep; }
};

// One test per opcode (each a ctest of its own), checking every column the verifier reads.
TEST_P(OpcodeTable, VerifierAgreesWithTheTable) {
  {
    SCOPED_TRACE("the table's pops and pushes give the stack depth");
    const Chunk c = chunk(op(), {pops(), pushes(), keeps()});
    ASSERT_TRUE(verify(c)) << error_of(c);
    auto depth = analyze_stack(c);
    ASSERT_TRUE(depth);
    EXPECT_EQ(*depth, static_cast<uint32_t>(std::max(pops(), pushes())));
  }
  if (pops() > 0) {
    SCOPED_TRACE("one value short is an underflow");
    const Chunk c = chunk(op(), {pops() - 1, 0, false});
    EXPECT_NE(error_of(c).find("stack underflow"), std::string::npos) << error_of(c);
  }
  if (falls_through(op())) {
    SCOPED_TRACE("it pushes no more than the table says");
    const Chunk c = chunk(op(), {pops(), pushes() + 1, keeps()});
    EXPECT_NE(error_of(c).find("stack underflow"), std::string::npos) << error_of(c);
  }
  if (info().flow == Flow::Branch || info().flow == Flow::BranchKeep) {
    SCOPED_TRACE("only a BranchKeep leaves a different stack on its jump edge");
    // Both edges meet at the next instruction: fine when they leave the same stack.
    const Chunk c = chunk(op(), {pops(), pushes(), false});
    if (keeps()) {
      EXPECT_NE(error_of(c).find("stack depth differs"), std::string::npos) << error_of(c);
    } else {
      EXPECT_TRUE(verify(c)) << error_of(c);
    }
  }
  {
    SCOPED_TRACE("only a Goto or a Stop may end a chunk");
    Chunk c = chunk(op(), {pops(), 0, false});
    c.code.resize(static_cast<size_t>(pops()) + 1);  // the instruction is the last one
    c.spans.resize(c.code.size());
    if (jumps(op())) c.code.back().c = 0;  // a loop, but it keeps the jump in range
    const bool ends = info().flow == Flow::Goto || info().flow == Flow::Stop;
    EXPECT_EQ(error_of(c).find("does not end in a stop") == std::string::npos, ends) << error_of(c);
  }
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE("operand " + std::string(1, static_cast<char>('a' + i)));
    const OperandKind k = info().operands[i];
    const std::string slot = std::string("{") + static_cast<char>('a' + i) + "}";
    EXPECT_EQ(std::string(info().listing).find(slot) != std::string::npos, k != OperandKind::None)
        << "the listing shows exactly the operands in use";
    if (k == OperandKind::None || k == OperandKind::Member || k == OperandKind::Count) continue;
    Chunk c = chunk(op(), {pops(), pushes(), keeps()});
    Instr& in = c.code[static_cast<size_t>(pops())];
    if (i == 0) in.a = 200;
    if (i == 1) in.b = 60000;
    if (i == 2) in.c = 60000;
    EXPECT_FALSE(verify(c)) << "an operand out of range is refused";
  }
}

std::string op_name(const ::testing::TestParamInfo<int>& p) {
  std::string name = op_info(static_cast<Op>(p.param)).mnemonic;
  std::replace_if(name.begin(), name.end(), [](char ch) { return !std::isalnum(static_cast<unsigned char>(ch)); }, '_');
  return name;
}

INSTANTIATE_TEST_SUITE_P(EveryOpcode, OpcodeTable, ::testing::Range(0, static_cast<int>(Op::Count)), op_name);

// The three the verifier and the old free-text column disagreed on, spelled out.
TEST(OpcodeRows, ShortCircuitJumpsPopOnlyWhenFallingThrough) {
  for (Op op : {Op::JumpIfFalseKeep, Op::JumpIfTrueKeep, Op::JumpIfNotNull}) {
    EXPECT_EQ(op_info(op).pops, 1);
    EXPECT_EQ(op_info(op).pushes, 0);
    EXPECT_EQ(op_info(op).flow, Flow::BranchKeep);
  }
  EXPECT_EQ(op_info(Op::JumpIfNull).pops - op_info(Op::JumpIfNull).pushes, 0);
}

}  // namespace
}  // namespace twinsync
