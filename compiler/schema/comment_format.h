// comment_format.h — how a synced comment names its author. The sync cannot post as the person
// who wrote the comment on the other side, so it posts the body under a header that names them.
// A connection chooses the header with the rule file's `commentFormat "…{author}…{body}…"`
// (checked by the compiler: {body} once, {author} at most once, nothing else in braces); the
// default is Jira's own quoting style, "*Ann QA* said:" on a line of its own, then the body.
#pragma once

#include <string>
#include <string_view>

namespace twinsync {

class CommentFormat {
 public:
  static constexpr std::string_view kDefault = "*{author}* said:\n{body}";

  /// `format` as the compiler accepted it; anything else falls back to the default.
  explicit CommentFormat(std::string_view format = kDefault);

  /// The text to post: the format with the author's name and the body. Without a name, the body.
  std::string render(std::string_view author, std::string_view body) const;
  /// The body of a text this format made, or the text itself when it was not made by it. A
  /// tracker that reformats (rich text dropping the bold marks, a blank line after the header)
  /// still has its header recognised.
  std::string_view strip(std::string_view text) const;

  const std::string& text() const { return format_; }

 private:
  std::string format_;
  std::string lead_, mid_, tail_;  // lead {author} mid {body} tail (no author: lead {body} tail)
  bool has_author_ = false;
};

/// Whether a format is usable, and if not why (for the compiler's check of the setting).
std::string comment_format_problem(std::string_view format);

}  // namespace twinsync
