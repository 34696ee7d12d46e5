// html.h — the console's HTML: escaping of every text that goes into a page (issue keys,
// summaries, error texts and rule text come from the other organisation and are hostile input),
// and the frame every page shares (head, navigation, logout). No Beast here, no templates
// engine: pages are strings built with esc() around each value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace twinsync::console {

/// Text made safe for an HTML element's content and for a double- or single-quoted attribute:
/// & < > " ' escaped; NUL dropped.
std::string esc(std::string_view text);

/// A path segment or query value percent-encoded, then HTML-escaped: for href and action.
std::string url_part(std::string_view text);

/// "2026-12-02 12:49 UTC", or "never" for 0.
std::string when(int64_t ms);

/// What a page asks of the frame.
struct Page {
  std::string title;    // plain text (escaped here)
  std::string current;  // the navigation entry to mark: connections | errors | issue | stats
  std::string body;     // HTML, values already escaped
  std::string script;   // inline JavaScript run with the response's CSP nonce
  std::string flash;    // a plain-text notice at the top (escaped here)
  bool flash_is_error = false;
};

/// The whole document: <head> with the style sheet (under `nonce`), the navigation with a
/// logout form carrying `csrf` (none on the login page: csrf empty), the page, its script.
std::string document(const Page& page, const std::string& csrf, const std::string& nonce);

/// A POST form that is one button: `fields` are extra hidden inputs (name, value pairs,
/// unescaped), the CSRF token is added.
std::string button_form(const std::string& action, const std::string& label, const std::string& csrf,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> fields = {},
                        const std::string& button_class = "");

}  // namespace twinsync::console
