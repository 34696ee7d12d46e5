// source_file.h — a loaded source text with its line table, and the spans that point into it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace twinsync {

/// A half-open byte range [begin, end) in one source file.
struct Span {
  uint32_t begin = 0;
  uint32_t end = 0;

  bool empty() const { return begin >= end; }
  /// The smallest span covering both.
  Span to(Span other) const {
    return {begin < other.begin ? begin : other.begin, end > other.end ? end : other.end};
  }
  friend bool operator==(Span, Span) = default;
};

/// 1-based line and column; columns count Unicode code points, as editors show them.
struct LineCol {
  uint32_t line = 1;
  uint32_t column = 1;
};

/// The text of one rule file (or a JQL query) and the offsets where its lines start.
class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }

  LineCol line_col(uint32_t offset) const;
  /// The text of a 1-based line, without its line break.
  std::string_view line_text(uint32_t line) const;
  std::string_view slice(Span span) const;
  uint32_t line_count() const { return static_cast<uint32_t>(line_starts_.size()); }

 private:
  std::string path_;
  std::string text_;
  std::vector<uint32_t> line_starts_;
};

}  // namespace twinsync
