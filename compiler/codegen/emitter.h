// emitter.h — appends instructions to a chunk, interns constants, and patches jumps.
#pragma once

#include <unordered_map>
#include <vector>

#include "compiler/bytecode/program.h"
#include "compiler/diag/diagnostic.h"

namespace twinsync {

class Emitter {
 public:
  Emitter(Program& program, Chunk& chunk, DiagnosticSink& sink) : program_(program), chunk_(chunk), sink_(sink) {}

  size_t emit(Op op, Span span, uint8_t a = 0, uint16_t b = 0, int32_t c = 0);
  /// Emits a jump whose target is set later by patch().
  size_t emit_jump(Op op, Span span, uint16_t b = 0) { return emit(op, span, 0, b, -1); }
  /// Points the jump at `at` to the next instruction to be emitted.
  void patch(size_t at) { chunk_.code[at].c = static_cast<int32_t>(here()); }
  size_t here() const { return chunk_.code.size(); }

  /// Index of `v` in the constant pool, adding it once.
  uint16_t constant(const Value& v, Span span);
  /// Computes the chunk's stack depth and checks its code; reports a compiler bug as an error.
  void finish();

  Program& program() { return program_; }

 private:
  Program& program_;
  Chunk& chunk_;
  DiagnosticSink& sink_;
};

}  // namespace twinsync
