// suggest.cpp — edit distance over lower-cased names for "did you mean" hints.
#include "compiler/check/suggest.h"

#include <algorithm>
#include <cctype>

namespace twinsync {
namespace {

char fold(char c) { return static_cast<char>(std::tolower(static_cast<unsigned char>(c))); }

// Optimal string alignment distance: a swap of two neighbours ("emial") is one edit.
size_t distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = fold(a[i - 1]) == fold(b[j - 1]) ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) && fold(a[i - 2]) == fold(b[j - 1])) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

std::string folded(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = fold(c);
  return out;
}

}  // namespace

std::optional<std::string> closest_name(std::string_view word, const std::vector<std::string>& candidates) {
  std::optional<std::string> best;
  // A candidate may be a third of the word's length away (rounded up), but always one edit and
  // never more than three.
  size_t best_distance = std::min<size_t>(3, std::max<size_t>(1, (word.size() + 2) / 3)) + 1;
  // "uppercase" for "upper": a known name inside the word, or the word inside a known name.
  const std::string w = folded(word);
  for (const std::string& c : candidates) {
    const std::string f = folded(c);
    if (w.size() >= 4 && f.size() >= 4 && w != f && (w.find(f) != std::string::npos || f.find(w) != std::string::npos)) {
      return c;
    }
  }
  for (const std::string& c : candidates) {
    const size_t d = distance(word, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::optional<std::string> did_you_mean(std::string_view word, const std::vector<std::string>& candidates) {
  if (auto c = closest_name(word, candidates)) return "did you mean `" + *c + "`?";
  return std::nullopt;
}

}  // namespace twinsync
