// wiki_pieces.h — inline nodes flattened into a sequence of pieces (text, mark opens and closes,
// atoms, breaks) before the wiki printer decides how to spell each one. Internal.
#pragma once

#include <string>
#include <vector>

#include "stdlib/richtext/doc.h"

namespace twinsync::richtext::wiki {

enum class PieceKind { Text, Open, Close, Atom, Break };

struct Piece {
  Piece() = default;
  Piece(PieceKind k, std::string t, Mark m = Mark()) : kind(k), text(std::move(t)), mark(std::move(m)) {}

  PieceKind kind = PieceKind::Text;
  std::string text;             // Text: the characters; Atom: finished markup
  Mark mark;                    // Open, Close
  std::string open_effects;     // Text: the effect characters ("*_") of the marks around it,
                                // and '`' inside {{monospace}}
  bool braced = false;          // Open/Close of an effect, decided when rendering
  bool forced = false;          // Break: "\\" instead of a newline, decided when rendering
};

/// The wiki effect character of a mark ('*' for strong, '^' for sup …), or 0 when the mark is
/// not an effect (link, code, colour).
char effect_char(const Mark& m);

/// Properly nested pieces for a run of inline nodes: marks open in the order that keeps them
/// open longest, {{monospace}} is always innermost, and atoms and breaks close every mark.
std::vector<Piece> build_pieces(const std::vector<Node>& inlines);

/// The markup of a href or title inside [...|...]: '|', '[', ']', braces and '\' escaped
/// with a backslash, line breaks percent-encoded.
std::string link_target(std::string_view href);

}  // namespace twinsync::richtext::wiki
