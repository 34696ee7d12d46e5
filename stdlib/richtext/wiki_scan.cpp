// wiki_scan.cpp — splits inline wiki markup into tokens: text, escapes, breaks, spans and markers.
#include <algorithm>
#include <charconv>

#include <utf8.h>

#include "stdlib/richtext/wiki_syntax.h"
#include "stdlib/richtext/wiki_tokens.h"

namespace twinsync::richtext::wiki {
namespace {

constexpr std::string_view kMarkerChars = "*_+-^~";
constexpr Effect kMarkerEffects[] = {Effect::Strong, Effect::Em,  Effect::Underline,
                                     Effect::Strike, Effect::Sup, Effect::Sub};

bool starts_with(std::string_view s, size_t i, std::string_view p) { return s.substr(i, p.size()) == p; }

// Splits at unescaped '|', keeping escapes in place for the inline parser to read later.
std::vector<std::string_view> split_bars(std::string_view s) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\') {
      ++i;
    } else if (s[i] == '|') {
      parts.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  parts.push_back(s.substr(start));
  return parts;
}

// &#NNN; and &#xHH; character references, so a printer can write characters that escapes cannot.
size_t entity_end(std::string_view s, size_t i, std::string& out) {
  size_t j = i + 2;
  const bool hex = j < s.size() && (s[j] == 'x' || s[j] == 'X');
  if (hex) ++j;
  const size_t digits = j;
  while (j < s.size() && j - digits < 8 && std::isxdigit(static_cast<unsigned char>(s[j]))) ++j;
  if (j == digits || j >= s.size() || s[j] != ';') return i;
  uint32_t cp = 0;
  auto [end, ec] = std::from_chars(s.data() + digits, s.data() + j, cp, hex ? 16 : 10);
  if (ec != std::errc() || end != s.data() + j || cp == 0 || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return i;
  utf8::append(static_cast<char32_t>(cp), std::back_inserter(out));
  return j + 1;
}

size_t color_tag_end(std::string_view s, size_t i, Token& tok) {
  if (starts_with(s, i, "{color}")) {
    tok.kind = Tok::ColorClose;
    return i + 7;
  }
  if (!starts_with(s, i, "{color:")) return i;
  size_t j = i + 7;
  while (j < s.size() && (is_alnum(s[j]) || s[j] == '#') && static_cast<unsigned char>(s[j]) < 0x80) ++j;
  if (j == i + 7 || j >= s.size() || s[j] != '}') return i;
  tok.kind = Tok::ColorOpen;
  tok.text = std::string(s.substr(i + 7, j - i - 7));
  return j + 1;
}

// {*} {_} {+} {-} {^} {~} {??}: markers that work inside words, where bare ones do not.
size_t braced_marker_end(std::string_view s, size_t i, Token& tok) {
  if (starts_with(s, i, "{??}")) {
    tok = Token::marker("{??}", Effect::Cite, true, true);
    return i + 4;
  }
  if (i + 2 >= s.size() || s[i + 2] != '}') return i;
  const size_t which = kMarkerChars.find(s[i + 1]);
  if (which == std::string_view::npos) return i;
  tok = Token::marker(s.substr(i, 3), kMarkerEffects[which], true, true);
  return i + 3;
}

// [text|url], [url], [text|url|title], [url|url|smart-link], [~accountid:id], [~name].
size_t link_end(std::string_view s, size_t i, Token& tok) {
  const size_t end = link_span_end(s, i);
  if (end == i) return i;
  const std::string_view body = s.substr(i + 1, end - i - 2);
  if (body[0] == '~') {
    std::string_view id = body.substr(1);
    tok.kind = Tok::Mention;
    tok.username = id.rfind("accountid:", 0) != 0;
    if (!tok.username) id.remove_prefix(10);
    tok.text = std::string(trim(id));
    return mention_id_ok(tok.text) ? end : i;  // else perhaps [~text|url], a link
  }
  const auto parts = split_bars(body);
  if (parts.size() == 1) {
    const std::string_view url = trim(body);
    if (!url_like(url) || std::any_of(url.begin(), url.end(), is_space)) return i;
    tok.kind = Tok::Link;
    tok.href = unescape_target(url);
    return end;
  }
  tok.href = unescape_target(trim(parts[1]));
  if (tok.href.empty()) return i;
  tok.kind = Tok::Link;
  tok.text = std::string(parts[0]);
  if (parts.size() >= 3) {
    if (trim(parts[2]) == "smart-link") {
      tok.kind = Tok::Card;
    } else if (!trim(parts[2]).empty()) {
      tok.title = unescape_target(parts[2]);
    }
  }
  return end;
}

// !file.png!, !https://host/x.png!, !file.png|thumbnail!.
size_t image_end(std::string_view s, size_t i, Token& tok) {
  const size_t end = image_span_end(s, i);
  if (end == i) return i;
  const std::string_view body = s.substr(i + 1, end - i - 2);
  const size_t bar = body.find('|');
  tok.kind = Tok::Image;
  tok.text = std::string(body.substr(0, bar));
  if (bar != std::string_view::npos) tok.href = std::string(trim(body.substr(bar + 1)));
  return end;
}

// Jira only reads a bare marker as one where it starts or ends a word.
bool scan_marker(std::string_view s, size_t i, Token& tok, size_t& len) {
  const size_t which = kMarkerChars.find(s[i]);
  const bool cite = s[i] == '?' && starts_with(s, i, "??");
  if (which == std::string_view::npos && !cite) return false;
  len = cite ? 2 : 1;
  const bool has_prev = i > 0, has_next = i + len < s.size();
  const char prev = has_prev ? s[i - 1] : ' ', next = has_next ? s[i + len] : ' ';
  tok.kind = Tok::Marker;
  tok.text = std::string(s.substr(i, len));
  tok.effect = cite ? Effect::Cite : kMarkerEffects[which];
  tok.can_open = !is_alnum(prev) && has_next && !is_space(next);
  tok.can_close = has_prev && !is_space(prev) && !is_alnum(next);
  return tok.can_open || tok.can_close;
}

class Scanner {
 public:
  explicit Scanner(std::string_view s) : s_(s) {}
  std::vector<Token> run();

 private:
  void flush() {
    if (!text_.empty()) tokens_.push_back(Token(Tok::Text, std::move(text_)));
    text_.clear();
  }
  void push(Token tok) {
    flush();
    tokens_.push_back(std::move(tok));
  }
  size_t brace(size_t i);
  size_t backslash(size_t i);

  std::string_view s_;
  std::string text_;
  std::vector<Token> tokens_;
};

size_t Scanner::backslash(size_t i) {
  if (i + 1 < s_.size() && s_[i + 1] == '\\') {
    push(Token(Tok::Break));
    return i + 2;
  }
  if (i + 1 < s_.size() && is_ascii_punct(s_[i + 1])) {
    text_ += s_[i + 1];
    return i + 2;
  }
  text_ += '\\';
  return i + 1;
}

size_t Scanner::brace(size_t i) {
  Token tok;
  std::string code;
  if (size_t end = code_span_end(s_, i, &code); end != i) {
    push(Token(Tok::Code, std::move(code)));
    return end;
  }
  size_t end = braced_marker_end(s_, i, tok);
  if (end == i) end = color_tag_end(s_, i, tok);
  if (end == i) {
    text_ += '{';
    return i + 1;
  }
  push(std::move(tok));
  return end;
}

std::vector<Token> Scanner::run() {
  size_t i = 0;
  while (i < s_.size()) {
    const char c = s_[i];
    Token tok;
    size_t end = i, len = 0;
    if (c == '\n') {
      push(Token(Tok::Break));
      end = i + 1;
    } else if (c == '\\') {
      end = backslash(i);
    } else if (c == '{') {
      end = brace(i);
    } else if (c == '&' && starts_with(s_, i, "&#")) {
      end = entity_end(s_, i, text_);
    } else if (c == '[' && (end = link_end(s_, i, tok)) != i) {
      push(std::move(tok));
    } else if (c == '!' && (end = image_end(s_, i, tok)) != i) {
      push(std::move(tok));
    } else if (scan_marker(s_, i, tok, len)) {
      push(std::move(tok));
      end = i + len;
    }
    if (end == i) {
      text_ += c;
      end = i + 1;
    }
    i = end;
  }
  flush();
  return std::move(tokens_);
}

}  // namespace

std::string unescape_target(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && is_ascii_punct(s[i + 1])) ++i;
    out += s[i];
  }
  return out;
}

size_t code_span_end(std::string_view s, size_t i, std::string* content) {
  if (!starts_with(s, i, "{{")) return i;
  std::string body;
  for (size_t j = i + 2; j < s.size() && s[j] != '\n';) {
    if (s[j] == '\\' && j + 1 < s.size() && is_ascii_punct(s[j + 1])) {
      body += s[j + 1];
      j += 2;
    } else if (starts_with(s, j, "}}")) {
      if (body.empty()) return i;
      if (content) *content = std::move(body);
      return j + 2;
    } else if (starts_with(s, j, "{{")) {
      return i;  // the later "{{" opens the span, which keeps every scan short
    } else {
      body += s[j++];
    }
  }
  return i;
}

size_t link_span_end(std::string_view s, size_t i) {
  if (i >= s.size() || s[i] != '[') return i;
  for (size_t j = i + 1; j < s.size() && s[j] != '\n' && s[j] != '['; ++j) {
    if (s[j] == '\\' && j + 1 < s.size() && s[j + 1] != '\n') {
      ++j;
    } else if (s[j] == ']') {
      return j == i + 1 ? i : j + 1;
    }
  }
  return i;
}

size_t image_span_end(std::string_view s, size_t i) {
  if (i >= s.size() || s[i] != '!') return i;
  size_t j = i + 1;
  while (j < s.size() && !is_space(s[j]) && s[j] != '!' && s[j] != '|') ++j;
  if (j >= s.size() || !image_name_ok(s.substr(i + 1, j - i - 1))) return i;
  if (s[j] == '|') {
    const size_t options = j + 1;
    while (j < s.size() && s[j] != '!' && s[j] != '\n') ++j;
    if (j >= s.size() || s[j] != '!' || !image_options_ok(s.substr(options, j - options))) return i;
  }
  return s[j] == '!' ? j + 1 : i;
}

size_t inline_span_end(std::string_view s, size_t i) {
  if (i >= s.size()) return i;
  if (s[i] == '\\') return std::min(i + 2, s.size());
  if (size_t end = code_span_end(s, i, nullptr); end != i) return end;
  if (size_t end = link_span_end(s, i); end != i) return end;
  return image_span_end(s, i);
}

std::vector<Token> scan_inline(std::string_view s) { return Scanner(s).run(); }

}  // namespace twinsync::richtext::wiki
