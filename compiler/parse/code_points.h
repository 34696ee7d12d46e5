// code_points.h — ANTLR counts positions in code points; our spans count bytes. This maps one to
// the other for a piece of text that starts at byte `base` of its file.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace twinsync::parse {

class CodePointOffsets {
 public:
  CodePointOffsets(std::string_view text, uint32_t base);
  /// Byte offset in the file of code point `index` of the text (clamped to its end).
  uint32_t byte(size_t index) const;
  uint32_t end() const { return starts_.back(); }

 private:
  std::vector<uint32_t> starts_;  // byte offset of each code point, then the end
};

}  // namespace twinsync::parse
