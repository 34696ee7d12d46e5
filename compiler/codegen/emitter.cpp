// emitter.cpp — instruction emission and the constant pool.
#include "compiler/codegen/emitter.h"

#include "compiler/bytecode/verify.h"

namespace twinsync {

size_t Emitter::emit(Op op, Span span, uint8_t a, uint16_t b, int32_t c) {
  chunk_.code.push_back({op, a, b, c});
  chunk_.spans.push_back(span);
  return chunk_.code.size() - 1;
}

uint16_t Emitter::constant(const Value& v, Span span) {
  // Equal constants are kept once; the index is rebuilt lazily when another emitter added some.
  auto& index = program_.constant_index;
  if (index.size() != program_.constants.size()) {
    index.clear();
    for (size_t i = 0; i < program_.constants.size(); ++i) index.emplace(program_.constants[i].hash(), i);
  }
  const uint64_t h = v.hash();
  for (auto [it, end] = index.equal_range(h); it != end; ++it) {
    const Value& c = program_.constants[it->second];
    // Equal by operator==, so 0 and -0 share one constant; NaN never matches and is added anew.
    if (c.tag() == v.tag() && c == v) return static_cast<uint16_t>(it->second);
  }
  if (program_.constants.size() >= UINT16_MAX) {
    sink_.report(DiagId::SyntaxError, span, "too many distinct constants in one rule file (65535 at most)");
    return 0;
  }
  program_.constants.push_back(v);
  index.emplace(h, program_.constants.size() - 1);
  return static_cast<uint16_t>(program_.constants.size() - 1);
}

void Emitter::finish() {
  // Generated code meets the loader's stack check too: a failure is the compiler's bug, not the
  // author's, and the VM sizes its stack from max_stack.
  auto depth = analyze_stack(chunk_);
  if (!depth) {
    sink_.report(DiagId::SyntaxError, chunk_.spans.empty() ? Span{} : chunk_.spans[0],
                 "internal compiler error: " + depth.error().message);
    return;
  }
  chunk_.max_stack = *depth;
}

}  // namespace twinsync
