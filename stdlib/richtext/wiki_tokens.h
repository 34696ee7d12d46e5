// wiki_tokens.h — the tokens the inline wiki scanner hands to the inline parser. Internal.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinsync::richtext::wiki {

enum class Tok { Text, Break, Code, Link, Mention, Card, Image, ColorOpen, ColorClose, Marker };

/// The effect markers: *strong* _em_ +underline+ -strike- ^sup^ ~sub~ ??citation??.
enum class Effect { Strong, Em, Underline, Strike, Sup, Sub, Cite };
inline constexpr int kEffects = 7;

struct Token {
  Token() = default;
  explicit Token(Tok k, std::string t = {}) : kind(k), text(std::move(t)) {}
  static Token marker(std::string_view source, Effect e, bool opens, bool closes) {
    Token t(Tok::Marker, std::string(source));
    t.effect = e;
    t.can_open = opens;
    t.can_close = closes;
    return t;
  }

  Tok kind = Tok::Text;
  std::string text;   // Text, Code: the characters; Link: the link text, still markup; Mention: id;
                      // Image: file name or URL; ColorOpen: the colour; Marker: its source
  std::string href;   // Link, Card: the target; Image: options after '|'
  std::optional<std::string> title;  // Link
  bool username = false;             // Mention written [~name]
  Effect effect = Effect::Strong;    // Marker
  bool can_open = false;             // Marker
  bool can_close = false;            // Marker
};

/// Splits inline markup into tokens; never fails (what is not markup is text).
std::vector<Token> scan_inline(std::string_view s);

/// The atomic span functions scan_inline uses, each giving the end of the span at `i` or `i`.
size_t code_span_end(std::string_view s, size_t i, std::string* content);
size_t link_span_end(std::string_view s, size_t i);
size_t image_span_end(std::string_view s, size_t i);

}  // namespace twinsync::richtext::wiki
