// wiki_print_inline.cpp — spells inline pieces as wiki markup: plain or {braced} markers,
// newline or \\ breaks, and escapes wherever text would otherwise read as markup.
#include "stdlib/richtext/wiki_pieces.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {
namespace {

// What a neighbour looks like to the parser's word-boundary rules.
enum class Cls { None, Space, Alnum, Punct };

Cls cls_of(char c) { return is_space(c) ? Cls::Space : is_alnum(c) ? Cls::Alnum : Cls::Punct; }

// Bare markers open before a word and close after one (wiki_scan.cpp's scan_marker).
bool can_open(Cls prev, Cls next) { return prev != Cls::Alnum && (next == Cls::Alnum || next == Cls::Punct); }
bool can_close(Cls prev, Cls next) { return (prev == Cls::Alnum || prev == Cls::Punct) && next != Cls::Alnum; }

class Renderer {
 public:
  Renderer(std::vector<Piece> pieces, bool newlines) : p_(std::move(pieces)), newlines_(newlines) {}
  std::string run();

 private:
  Cls first(size_t i) const;  // the class of piece i's first rendered character
  Cls last(size_t i) const;
  Cls before(size_t i) const { return i == 0 ? Cls::None : last(i - 1); }
  Cls after(size_t i) const { return i + 1 >= p_.size() ? Cls::None : first(i + 1); }
  char first_char_after(size_t i) const {
    return i + 1 < p_.size() && p_[i + 1].kind == PieceKind::Text ? p_[i + 1].text[0] : 0;
  }
  bool line_starts_at(size_t i) const {
    return i == 0 ? newlines_ : p_[i - 1].kind == PieceKind::Break && !p_[i - 1].forced;
  }
  void decide_breaks();
  void decide_markers();
  bool protect_line(size_t first);
  void protect_line_starts();
  void text(size_t i);
  void open(const Piece& p);
  void close(const Piece& p);

  std::vector<Piece> p_;
  bool newlines_;
  std::vector<size_t> line_escape_;  // per text piece: the character escaped to keep a line text
  std::string out_;
};

Cls Renderer::first(size_t i) const {
  const Piece& p = p_[i];
  if (p.kind == PieceKind::Text) return cls_of(p.text.front());
  if (p.kind == PieceKind::Break) return p.forced ? Cls::Punct : Cls::Space;
  return Cls::Punct;
}

Cls Renderer::last(size_t i) const {
  const Piece& p = p_[i];
  if (p.kind == PieceKind::Text) return cls_of(p.text.back());
  if (p.kind == PieceKind::Break) return p.forced ? Cls::Punct : Cls::Space;
  return Cls::Punct;
}

// A newline reads back as a break only between non-blank text on both lines; a blank line
// would end the paragraph, and the parser trims each line.
void Renderer::decide_breaks() {
  for (size_t i = 0; i < p_.size(); ++i) {
    if (p_[i].kind != PieceKind::Break) continue;
    const bool text_before = i > 0 && p_[i - 1].kind != PieceKind::Break && last(i - 1) != Cls::Space;
    const bool text_after = i + 1 < p_.size() && p_[i + 1].kind != PieceKind::Break && first(i + 1) != Cls::Space;
    p_[i].forced = !(newlines_ && text_before && text_after);
  }
}

void Renderer::decide_markers() {
  for (size_t i = 0; i < p_.size(); ++i) {
    Piece& p = p_[i];
    if (!effect_char(p.mark)) continue;
    // "[~" would start a mention instead of a link.
    const bool after_link = i > 0 && p_[i - 1].kind == PieceKind::Open && p_[i - 1].mark.kind == MarkKind::Link;
    if (p.kind == PieceKind::Open) p.braced = !can_open(before(i), after(i)) || (after_link && effect_char(p.mark) == '~');
    if (p.kind == PieceKind::Close) p.braced = !can_close(before(i), after(i));
  }
}

// A line of printed wiki must not read as a heading, list item, rule, table row or macro. The
// syntax can span pieces ("*" opening bold, then "# x"): the line's start is spelt out, and
// the character where the syntax would begin is escaped, or the marker there braced.
bool Renderer::protect_line(size_t first) {
  std::string line;
  std::vector<std::pair<size_t, size_t>> origin;  // piece and offset of each character of `line`
  for (size_t i = first; i < p_.size() && p_[i].kind != PieceKind::Break; ++i) {
    const Piece& p = p_[i];
    std::string s = p.text;
    if (p.kind == PieceKind::Open || p.kind == PieceKind::Close) {
      const char c = effect_char(p.mark);
      s = !c ? std::string("{") : p.braced ? std::string{'{', c, '}'} : std::string(1, c);
    }
    for (size_t k = 0; k < s.size(); ++k) origin.emplace_back(i, k);
    line += s;
  }
  const LineStart ls = classify_line(line);
  if (ls.kind == LineKind::Text || ls.kind == LineKind::Blank || ls.escape >= origin.size()) return false;
  const auto [piece, offset] = origin[ls.escape];
  if (p_[piece].kind == PieceKind::Text) {
    if (line_escape_[piece] == offset) return false;
    line_escape_[piece] = offset;
  } else if (!p_[piece].braced) {
    p_[piece].braced = true;
  } else {
    return false;
  }
  return true;
}

void Renderer::protect_line_starts() {
  line_escape_.assign(p_.size(), std::string::npos);
  for (size_t i = 0; i < p_.size(); ++i) {
    if (!line_starts_at(i)) continue;
    // Each round removes the syntax it found; the next one checks what the line reads as now.
    for (int round = 0; round < 4 && protect_line(i); ++round) {
    }
  }
}

void Renderer::open(const Piece& p) {
  const Mark& m = p.mark;
  if (char c = effect_char(m)) {
    out_ += p.braced ? std::string{'{', c, '}'} : std::string(1, c);
  } else if (m.kind == MarkKind::Link) {
    out_ += '[';
  } else if (m.kind == MarkKind::Code) {
    out_ += "{{";
  } else if (m.kind == MarkKind::TextColor) {
    out_ += "{color:" + m.value + "}";
  }
}

void Renderer::close(const Piece& p) {
  const Mark& m = p.mark;
  if (char c = effect_char(m)) {
    out_ += p.braced ? std::string{'{', c, '}'} : std::string(1, c);
  } else if (m.kind == MarkKind::Link) {
    out_ += '|' + link_target(m.href);
    // A third part of "smart-link" would read back as an inline card.
    if (m.title && !m.title->empty() && *m.title != "smart-link") out_ += '|' + link_target(*m.title);
    out_ += ']';
  } else if (m.kind == MarkKind::Code) {
    out_ += "}}";
  } else if (m.kind == MarkKind::TextColor) {
    out_ += "{color}";
  }
}

void Renderer::text(size_t i) {
  const Piece& p = p_[i];
  const std::string& s = p.text;
  const bool code = p.open_effects.find('`') != std::string::npos;
  const size_t line_escape = line_escape_[i];
  const bool link_text = i > 0 && p_[i - 1].kind == PieceKind::Open && p_[i - 1].mark.kind == MarkKind::Link;
  for (size_t j = 0; j < s.size(); ++j) {
    const char c = s[j];
    const Cls prev = j == 0 ? before(i) : cls_of(s[j - 1]);
    const Cls next = j + 1 < s.size() ? cls_of(s[j + 1]) : after(i);
    const char next_char = j + 1 < s.size() ? s[j + 1] : first_char_after(i);
    bool escape = false;
    if (code) {
      escape = c == '\\' || c == '{' || c == '}' || c == '|' || c == '[' || c == ']';
    } else if (c == '\\') {
      // A backslash before punctuation would escape it, and "\\" is a break: write it as a
      // character reference there.
      if (next == Cls::Punct || next == Cls::None) {
        out_ += "&#92;";
        continue;
      }
    } else if (std::string_view("*_+-^~").find(c) != std::string_view::npos) {
      escape = can_open(prev, next) || (can_close(prev, next) && p.open_effects.find(c) != std::string::npos) ||
               (j == 0 && link_text && c == '~');
    } else {
      escape = c == '[' || c == ']' || c == '{' || c == '|' || (c == '?' && next_char == '?') ||
               (c == '!' && next != Cls::Space && next != Cls::None) || (c == '&' && next_char == '#');
    }
    if (escape || j == line_escape) out_ += '\\';
    out_ += c;
  }
}

std::string Renderer::run() {
  decide_breaks();
  decide_markers();
  protect_line_starts();
  for (size_t i = 0; i < p_.size(); ++i) {
    const Piece& p = p_[i];
    switch (p.kind) {
      case PieceKind::Text: text(i); break;
      case PieceKind::Open: open(p); break;
      case PieceKind::Close: close(p); break;
      case PieceKind::Atom: out_ += p.text; break;
      case PieceKind::Break: out_ += p.forced ? "\\\\" : "\n"; break;
    }
  }
  return std::move(out_);
}

// The parser trims every run, so blanks at either end of one cannot be written.
std::vector<Node> trimmed(const std::vector<Node>& inlines) {
  std::vector<Node> out = inlines;
  trim_text_ends(out);
  return out;
}

}  // namespace

std::string print_inlines(const std::vector<Node>& inlines, bool newlines) {
  return Renderer(build_pieces(trimmed(inlines)), newlines).run();
}

}  // namespace twinsync::richtext::wiki
