// comment_format.cpp — rendering and recognising the author header of synced comments.
#include "compiler/schema/comment_format.h"

namespace twinsync {
namespace {

constexpr std::string_view kAuthor = "{author}";
constexpr std::string_view kBody = "{body}";

size_t count(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// The header without the emphasis marks a rich-text round trip may drop ("*Ann*" -> "Ann").
std::string plain(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c != '*' && c != '_') out.push_back(c);
  }
  return out;
}

// `text` starts with `lead`, then a one-line name, then `mid`: the rest after it, or npos.
size_t after_header(std::string_view text, std::string_view lead, std::string_view mid, bool has_author) {
  if (text.substr(0, lead.size()) != lead) return std::string_view::npos;
  if (!has_author) return lead.size();
  const size_t at = text.find(mid, lead.size());
  if (at == std::string_view::npos || at == lead.size()) return std::string_view::npos;
  if (text.substr(lead.size(), at - lead.size()).find('\n') != std::string_view::npos) return std::string_view::npos;
  return at + mid.size();
}

}  // namespace

std::string comment_format_problem(std::string_view format) {
  if (count(format, kBody) != 1) return "the format must hold {body} exactly once";
  if (count(format, kAuthor) > 1) return "the format may hold {author} at most once";
  if (format.find(kAuthor) != std::string_view::npos && format.find(kAuthor) > format.find(kBody)) {
    return "{author} must come before {body}";
  }
  std::string rest(format);
  for (std::string_view p : {kAuthor, kBody}) {
    if (auto at = rest.find(p); at != std::string::npos) rest.erase(at, p.size());
  }
  if (rest.find('{') != std::string::npos || rest.find('}') != std::string::npos) {
    return "only {author} and {body} may appear in braces";
  }
  return {};
}

CommentFormat::CommentFormat(std::string_view format) : format_(format) {
  if (!comment_format_problem(format_).empty()) format_ = std::string(kDefault);
  const std::string_view f = format_;
  const size_t body = f.find(kBody);
  const size_t author = f.find(kAuthor);
  tail_ = std::string(f.substr(body + kBody.size()));
  has_author_ = author != std::string_view::npos;
  if (has_author_) {
    lead_ = std::string(f.substr(0, author));
    mid_ = std::string(f.substr(author + kAuthor.size(), body - author - kAuthor.size()));
  } else {
    lead_ = std::string(f.substr(0, body));
  }
}

std::string CommentFormat::render(std::string_view author, std::string_view body) const {
  if (has_author_ && author.empty()) return std::string(body);
  return lead_ + (has_author_ ? std::string(author) + mid_ : std::string()) + std::string(body) + tail_;
}

std::string_view CommentFormat::strip(std::string_view text) const {
  size_t start = after_header(text, lead_, mid_, has_author_);
  if (start == std::string_view::npos) start = after_header(text, plain(lead_), plain(mid_), has_author_);
  if (start == std::string_view::npos || (lead_.empty() && mid_.empty())) return text;
  std::string_view rest = text.substr(start);
  if (!mid_.empty() && mid_.back() == '\n' && !rest.empty() && rest[0] == '\n') rest.remove_prefix(1);
  if (!tail_.empty() && rest.size() >= tail_.size() && rest.substr(rest.size() - tail_.size()) == tail_) {
    rest.remove_suffix(tail_.size());
  }
  return rest;
}

}  // namespace twinsync
