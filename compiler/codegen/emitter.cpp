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
  // Linear search keeps equal constants once; pools are small (a few hundred at most).
  for (size_t i = 0; i < program_.constants.size(); ++i) {
    if (program_.constants[i].tag() == v.tag() && program_.constants[i] == v) return static_cast<uint16_t>(i);
  }
  if (program_.constants.size() >= UINT16_MAX) {
    sink_.report(DiagId::SyntaxError, span, "too many distinct constants in one rule file (65535 at most)");
    return 0;
  }
  program_.constants.push_back(v);
  return static_cast<uint16_t>(program_.constants.size() - 1);
}

void Emitter::finish() {
  auto depth = analyze_stack(chunk_);
  if (!depth) {
    sink_.report(DiagId::SyntaxError, chunk_.spans.empty() ? Span{} : chunk_.spans[0],
                 "internal compiler error: " + depth.error().message);
    return;
  }
  chunk_.max_stack = *depth;
}

}  // namespace twinsync
