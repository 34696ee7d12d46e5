// wiki_pieces.cpp — flattens inline nodes into nested mark opens/closes, text and atoms.
#include "stdlib/richtext/wiki_pieces.h"

#include <algorithm>

#include "stdlib/richtext/atoms.h"
#include "stdlib/richtext/wiki_syntax.h"

namespace twinsync::richtext::wiki {
namespace {

bool printable_color(const std::string& c) {
  if (c.empty()) return false;
  return std::all_of(c.begin(), c.end(), [](char ch) {
    return ch == '#' || (static_cast<unsigned char>(ch) < 0x80 && is_alnum(ch));
  });
}

// The marks wiki can spell, one per kind, in canonical order.
std::vector<Mark> printable(const std::vector<Mark>& marks) {
  std::vector<Mark> out;
  for (const Mark& m : marks) {
    const bool ok = (m.kind == MarkKind::Link && !m.href.empty()) || m.kind == MarkKind::Strong ||
                    m.kind == MarkKind::Em || m.kind == MarkKind::Underline || m.kind == MarkKind::Strike ||
                    m.kind == MarkKind::Code || (m.kind == MarkKind::Subsup && !m.value.empty()) ||
                    (m.kind == MarkKind::TextColor && printable_color(m.value));
    const bool dup = std::any_of(out.begin(), out.end(), [&](const Mark& o) { return o.kind == m.kind; });
    if (ok && !dup) out.push_back(m);
  }
  sort_marks(out);
  return out;
}

bool contains(const std::vector<Mark>& marks, const Mark& m) {
  return std::find(marks.begin(), marks.end(), m) != marks.end();
}

// One node as a piece, and the marks it asks for (none for atoms and breaks).
Piece piece_of(const Node& n) {
  Piece p;
  switch (n.kind) {
    case NodeKind::Text: p.text = n.text; break;
    case NodeKind::HardBreak: p.kind = PieceKind::Break; break;
    case NodeKind::Mention:
      if (mention_id_ok(n.id.value_or(""))) {
        p.kind = PieceKind::Atom;
        p.text = std::string("[~") + (n.wiki_username ? "" : "accountid:") + *n.id + "]";
      } else {
        p.text = "@" + mention_name(n);
      }
      break;
    case NodeKind::InlineCard:
      if (n.url && !n.url->empty()) {
        p.kind = PieceKind::Atom;
        p.text = "[" + link_target(*n.url) + "|" + link_target(*n.url) + "|smart-link]";
      }
      break;
    case NodeKind::Media: {
      const std::string name = n.url ? *n.url : n.alt ? *n.alt : n.id.value_or("");
      if (image_name_ok(name) && image_options_ok(n.wiki_options)) {
        p.kind = PieceKind::Atom;
        p.text = "!" + name + (n.wiki_options.empty() ? "" : "|" + n.wiki_options) + "!";
      }
      break;
    }
    case NodeKind::Emoji: p.text = emoji_text(n); break;
    case NodeKind::Status: p.text = "[" + n.label.value_or("") + "]"; break;
    case NodeKind::Date: p.text = date_text(n.timestamp); break;
    default: p.text = text_content(n); break;
  }
  return p;
}

// Splits text nodes at newlines into text and hard breaks, so breaks are only ever pieces, and
// drops empty text, which would leave a mark with nothing inside.
std::vector<Node> split_newlines(const std::vector<Node>& inlines) {
  std::vector<Node> out;
  for (const Node& n : inlines) {
    if (n.kind == NodeKind::Text && n.text.empty()) continue;
    if (n.kind != NodeKind::Text || n.text.find('\n') == std::string::npos) {
      out.push_back(n);
      continue;
    }
    size_t start = 0;
    for (size_t nl; (nl = n.text.find('\n', start)) != std::string::npos; start = nl + 1) {
      if (nl > start) out.push_back(make_text(n.text.substr(start, nl - start), n.marks));
      out.push_back(make_block(NodeKind::HardBreak));
    }
    if (start < n.text.size()) out.push_back(make_text(n.text.substr(start), n.marks));
  }
  return out;
}

class Builder {
 public:
  explicit Builder(const std::vector<Node>& inlines) : nodes_(split_newlines(inlines)) {
    for (const Node& n : nodes_) targets_.push_back(n.kind == NodeKind::Text ? printable(n.marks) : std::vector<Mark>());
  }
  std::vector<Piece> run();

 private:
  size_t extent(const Mark& m, size_t k) const {
    size_t j = k;
    while (j < nodes_.size() && contains(targets_[j], m)) ++j;
    return j - k;
  }
  void close_to(size_t keep) {
    while (stack_.size() > keep) {
      pieces_.push_back({PieceKind::Close, "", stack_.back()});
      stack_.pop_back();
    }
  }
  bool short_link(const Mark& m, size_t k);
  void open_missing(size_t k);

  std::vector<Node> nodes_;
  std::vector<std::vector<Mark>> targets_;
  std::vector<Mark> stack_;
  std::vector<Piece> pieces_;
};

// [https://x.y] instead of [https://x.y|https://x.y] when the link's text is its target.
bool Builder::short_link(const Mark& m, size_t k) {
  const Node& n = nodes_[k];
  if (m.kind != MarkKind::Link || m.title || extent(m, k) != 1 || targets_[k].size() != 1 ||
      n.text != m.href || !url_like(m.href) || link_target(m.href) != m.href ||
      std::any_of(m.href.begin(), m.href.end(), is_space)) {
    return false;
  }
  pieces_.push_back({PieceKind::Atom, "[" + m.href + "]"});
  return true;
}

void Builder::open_missing(size_t k) {
  std::vector<Mark> missing;
  for (const Mark& m : targets_[k]) {
    if (!contains(stack_, m)) missing.push_back(m);
  }
  std::stable_sort(missing.begin(), missing.end(), [&](const Mark& a, const Mark& b) {
    if ((a.kind == MarkKind::Code) != (b.kind == MarkKind::Code)) return b.kind == MarkKind::Code;
    return extent(a, k) > extent(b, k);
  });
  for (const Mark& m : missing) {
    pieces_.push_back({PieceKind::Open, "", m});
    stack_.push_back(m);
  }
}

std::vector<Piece> Builder::run() {
  for (size_t k = 0; k < nodes_.size(); ++k) {
    const std::vector<Mark>& target = targets_[k];
    size_t keep = 0;
    while (keep < stack_.size() && contains(target, stack_[keep])) ++keep;
    const bool opens = std::any_of(target.begin(), target.end(), [&](const Mark& m) {
      return std::find(stack_.begin(), stack_.begin() + keep, m) == stack_.begin() + keep;
    });
    // Nothing may open inside {{monospace}}: its content is literal.
    if (opens && keep > 0 && stack_[keep - 1].kind == MarkKind::Code) --keep;
    close_to(keep);
    if (stack_.empty() && target.size() == 1 && short_link(target[0], k)) continue;
    open_missing(k);
    Piece p = piece_of(nodes_[k]);
    for (const Mark& m : stack_) {
      if (char c = effect_char(m)) p.open_effects += c;
      if (m.kind == MarkKind::Code) p.open_effects += '`';
    }
    if (p.kind != PieceKind::Text || !p.text.empty()) pieces_.push_back(std::move(p));
  }
  close_to(0);
  return std::move(pieces_);
}

}  // namespace

char effect_char(const Mark& m) {
  switch (m.kind) {
    case MarkKind::Strong: return '*';
    case MarkKind::Em: return '_';
    case MarkKind::Underline: return '+';
    case MarkKind::Strike: return '-';
    case MarkKind::Subsup: return m.value == "sub" ? '~' : '^';
    default: return 0;
  }
}

std::string link_target(std::string_view href) {
  std::string out;
  for (char c : href) {
    if (c == '\n') {
      out += "%0A";
    } else if (c == '\r') {
      out += "%0D";
    } else {
      if (c == '|' || c == ']' || c == '[' || c == '{' || c == '}' || c == '\\') out += '\\';
      out += c;
    }
  }
  return out;
}

std::vector<Piece> build_pieces(const std::vector<Node>& inlines) { return Builder(inlines).run(); }

}  // namespace twinsync::richtext::wiki
