// code_points.cpp — the code point to byte offset table of a text.
#include "compiler/parse/code_points.h"

namespace twinsync::parse {

CodePointOffsets::CodePointOffsets(std::string_view text, uint32_t base) {
  starts_.reserve(text.size() + 1);
  for (uint32_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) starts_.push_back(base + i);
  }
  starts_.push_back(base + static_cast<uint32_t>(text.size()));
}

uint32_t CodePointOffsets::byte(size_t index) const {
  return index < starts_.size() ? starts_[index] : starts_.back();
}

}  // namespace twinsync::parse
