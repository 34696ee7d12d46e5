// groovy_lexer.h — splits an Exalate sync script (Groovy) into tokens with source spans.
// Only the part of Groovy that Exalate's scripts use; anything else still becomes a token, so
// the parser can name it and keep the line, never a crash.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_file.h"

namespace twinsync::groovy {

enum class Tok {
  Ident,    // names and keywords: issue, def, if, true …
  String,   // 'text' or "text" (text is the raw source between the quotes, escapes undone later)
  Number,   // 12, 2.5, 10L
  Op,       // punctuation and operators: ( ) . ?. ?: == && …
  Newline,  // ends a statement, unless inside ( ) or [ ]
  Comment,  // // … or /* … */ (text is the comment without its markers)
  Bad,      // a character Groovy scripts of this kind never use, or an unterminated string
  End,
};

struct Token {
  Tok kind = Tok::End;
  std::string text;
  Span span;
  bool interpolates = false;  // a double-quoted string: `${…}` and `$name` are code
  bool own_line = false;      // a comment with nothing before it on its line
};

/// Tokens of `text`, whose first byte is at `base` in its file (interpolations are lexed again
/// at their own offset). Always ends with an End token.
std::vector<Token> lex(std::string_view text, uint32_t base = 0);

}  // namespace twinsync::groovy
