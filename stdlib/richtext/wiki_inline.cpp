// wiki_inline.cpp — pairs the scanner's markers into marks and builds inline nodes; lifts images
// out of paragraphs into mediaSingle blocks, as ADF wants them.
#include <algorithm>
#include <array>
#include <limits>

#include "stdlib/richtext/wiki_syntax.h"
#include "stdlib/richtext/wiki_tokens.h"

namespace twinsync::richtext::wiki {
namespace {

constexpr size_t kNone = std::numeric_limits<size_t>::max();

Mark mark_for(Effect e) {
  switch (e) {
    case Effect::Strong: return make_mark(MarkKind::Strong);
    case Effect::Em:
    case Effect::Cite: return make_mark(MarkKind::Em);
    case Effect::Underline: return make_mark(MarkKind::Underline);
    case Effect::Strike: return make_mark(MarkKind::Strike);
    case Effect::Sup:
    case Effect::Sub: {
      Mark m = make_mark(MarkKind::Subsup);
      m.value = e == Effect::Sup ? "sup" : "sub";
      return m;
    }
  }
  return make_mark(MarkKind::Strong);
}

// One mark of each kind: the outermost wins (ADF allows one subsup, and em twice means em).
std::vector<Mark> effective(const std::vector<Mark>& active) {
  std::vector<Mark> out;
  for (const Mark& m : active) {
    bool seen = false;
    for (const Mark& o : out) seen = seen || o.kind == m.kind;
    if (!seen) out.push_back(m);
  }
  sort_marks(out);
  return out;
}

Node media_for(const Token& t) {
  Node media = make_block(NodeKind::Media);
  if (t.text.find("://") != std::string::npos) {
    media.media_type = "external";
    media.url = t.text;
  } else {
    media.media_type = "file";  // the connector resolves the file name to an attachment id
    media.alt = t.text;
  }
  media.wiki_options = t.href;
  return media;
}

class Matcher {
 public:
  explicit Matcher(std::vector<Token> tokens) : t_(std::move(tokens)) { index_closers(); }
  std::vector<Node> run() {
    std::vector<Mark> active;
    emit(0, t_.size(), active);
    normalize_inlines(out_);
    return std::move(out_);
  }

 private:
  // next_[e][i]: the first token after i that can close effect e on the same line.
  void index_closers();
  void emit(size_t begin, size_t end, std::vector<Mark>& active);
  void emit_text(std::string text, const std::vector<Mark>& active) {
    out_.push_back(make_text(std::move(text), effective(active)));
  }
  void emit_link(const Token& t, std::vector<Mark>& active);

  std::vector<Token> t_;
  std::array<std::vector<size_t>, kEffects> next_;
  std::vector<size_t> next_color_close_;
  std::vector<Node> out_;
};

void Matcher::index_closers() {
  for (int e = 0; e < kEffects; ++e) {
    next_[e].assign(t_.size(), kNone);
    size_t closer = kNone;
    for (size_t i = t_.size(); i-- > 0;) {
      next_[e][i] = closer;
      if (t_[i].kind == Tok::Break) closer = kNone;
      if (t_[i].kind == Tok::Marker && t_[i].can_close && static_cast<int>(t_[i].effect) == e) closer = i;
    }
  }
  next_color_close_.assign(t_.size(), kNone);
  size_t close = kNone;
  for (size_t i = t_.size(); i-- > 0;) {
    next_color_close_[i] = close;
    if (t_[i].kind == Tok::ColorClose) close = i;
  }
}

void Matcher::emit_link(const Token& t, std::vector<Mark>& active) {
  active.push_back(make_link(t.href, t.title));
  if (t.text.empty()) {
    emit_text(t.href, active);
  } else {
    // Link text is markup of its own; it cannot hold another link (it has no ']').
    for (Node& n : Matcher(scan_inline(t.text)).run()) {
      if (n.kind == NodeKind::Text) {
        n.marks.insert(n.marks.end(), active.begin(), active.end());
        n.marks = effective(n.marks);
      }
      out_.push_back(std::move(n));
    }
  }
  active.pop_back();
}

void Matcher::emit(size_t begin, size_t end, std::vector<Mark>& active) {
  for (size_t i = begin; i < end; ++i) {
    const Token& t = t_[i];
    switch (t.kind) {
      case Tok::Text: emit_text(t.text, active); break;
      case Tok::Break: out_.push_back(make_block(NodeKind::HardBreak)); break;
      case Tok::Code: {
        active.push_back(make_mark(MarkKind::Code));
        emit_text(t.text, active);
        active.pop_back();
        break;
      }
      case Tok::Link: emit_link(t, active); break;
      case Tok::Mention: {
        Node n = make_block(NodeKind::Mention);
        n.id = t.text;
        n.wiki_username = t.username;
        out_.push_back(std::move(n));
        break;
      }
      case Tok::Card: {
        Node n = make_block(NodeKind::InlineCard);
        n.url = t.href;
        out_.push_back(std::move(n));
        break;
      }
      case Tok::Image: out_.push_back(media_for(t)); break;
      case Tok::ColorOpen: {
        const size_t close = next_color_close_[i];
        if (close >= end) {
          emit_text("{color:" + t.text + "}", active);
          break;
        }
        Mark color = make_mark(MarkKind::TextColor);
        color.value = t.text;
        active.push_back(std::move(color));
        emit(i + 1, close, active);
        active.pop_back();
        i = close;
        break;
      }
      case Tok::ColorClose: emit_text("{color}", active); break;
      case Tok::Marker: {
        const size_t close = t.can_open ? next_[static_cast<int>(t.effect)][i] : kNone;
        if (close >= end || close == i + 1) {
          emit_text(t.text, active);
          break;
        }
        active.push_back(mark_for(t.effect));
        emit(i + 1, close, active);
        active.pop_back();
        i = close;
        break;
      }
    }
  }
}

bool blank_inline(const Node& n) {
  if (n.kind == NodeKind::HardBreak) return true;
  return n.kind == NodeKind::Text && n.text.find_first_not_of(" \t\r\n\f\v") == std::string::npos;
}

}  // namespace

// Around a lifted image, the blanks and breaks that separated it from the text go with it.
void trim_inlines(std::vector<Node>& v) {
  auto first = std::find_if_not(v.begin(), v.end(), blank_inline);
  v.erase(v.begin(), first);
  while (!v.empty() && blank_inline(v.back())) v.pop_back();
  if (v.empty()) return;
  if (v.front().kind == NodeKind::Text) {
    std::string& s = v.front().text;
    s.erase(0, s.find_first_not_of(" \t\r\n\f\v"));
  }
  if (v.back().kind == NodeKind::Text) {
    std::string& s = v.back().text;
    s.erase(s.find_last_not_of(" \t\r\n\f\v") + 1);
  }
}

void trim_text_ends(std::vector<Node>& v) {
  constexpr const char* kBlanks = " \t\r\n\f\v";
  size_t first = 0;
  while (first < v.size() && v[first].kind == NodeKind::Text) {
    std::string& s = v[first].text;
    s.erase(0, s.find_first_not_of(kBlanks));
    if (!s.empty()) break;
    ++first;
  }
  v.erase(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(first));
  while (!v.empty() && v.back().kind == NodeKind::Text) {
    std::string& s = v.back().text;
    s.erase(s.find_last_not_of(kBlanks) + 1);
    if (!s.empty()) break;
    v.pop_back();
  }
}

std::vector<Node> parse_inline(std::string_view text) { return Matcher(scan_inline(text)).run(); }

std::vector<Node> hoist_media(std::vector<Node> inlines) {
  std::vector<Node> blocks;
  std::vector<Node> run;
  bool lifted = false;
  auto flush = [&] {
    if (lifted) trim_inlines(run);
    if (!run.empty()) blocks.push_back(make_block(NodeKind::Paragraph, std::move(run)));
    run.clear();
  };
  for (Node& n : inlines) {
    if (n.kind != NodeKind::Media) {
      run.push_back(std::move(n));
      continue;
    }
    lifted = true;
    flush();
    Node single = make_block(NodeKind::MediaSingle, {std::move(n)});
    single.extra = {{"attrs", {{"layout", "center"}}}};
    blocks.push_back(std::move(single));
  }
  flush();
  return blocks;
}

}  // namespace twinsync::richtext::wiki
