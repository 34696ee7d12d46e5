// html.cpp — escaping and the page frame (html.h).
#include "runtime/console/html.h"

#include <ctime>

#include "compiler/support/encoding.h"
#include "runtime/net/target.h"

namespace twinsync::console {

std::string esc(std::string_view text) {
  std::string out;
  out.reserve(text.size() + text.size() / 8);
  for (char ch : text) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      case '\0': break;
      default: out += ch;
    }
  }
  return out;
}

std::string url_part(std::string_view text) { return esc(url_encode(text)); }

std::string when(int64_t ms) {
  if (ms <= 0) return "never";
  const std::time_t t = static_cast<std::time_t>(ms / 1000);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return buf;
}

namespace {

// One style sheet for every page. Focus is always visible; colours keep a 4.5:1 contrast.
constexpr std::string_view kStyle = R"css(
*{box-sizing:border-box}
body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1d1d1d;background:#fafafa}
header{background:#203040;color:#fff;padding:.5rem 1rem;display:flex;gap:1rem;align-items:center;flex-wrap:wrap}
header a{color:#fff}
header nav ul{list-style:none;display:flex;gap:1rem;margin:0;padding:0}
header nav a[aria-current=page]{font-weight:bold;text-decoration:underline 3px}
header form{margin-left:auto}
main{padding:1rem;max-width:75rem}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem}
table{border-collapse:collapse;margin:.5rem 0;background:#fff}
th,td{border:1px solid #c8c8c8;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef1f4}
button{font:inherit;padding:.25rem .7rem;border:1px solid #3a4a5a;border-radius:3px;background:#fff;color:#102030;cursor:pointer}
button.primary{background:#1a5fb4;color:#fff;border-color:#1a5fb4}
button.danger{border-color:#a51d2d;color:#a51d2d}
a:focus-visible,button:focus-visible,input:focus-visible,textarea:focus-visible,select:focus-visible{outline:3px solid #e66100;outline-offset:2px}
form.inline{display:inline}
.flash{padding:.5rem 1rem;border:1px solid #26a269;background:#e8f5ec;margin-bottom:1rem}
.flash.error{border-color:#a51d2d;background:#fbeaec}
.muted{color:#555}
.bad{color:#a51d2d}
code,pre,textarea{font:13px/1.5 ui-monospace,monospace}
.editor{display:flex;border:1px solid #888;background:#fff;max-width:60rem}
.editor pre{margin:0;padding:.4rem .4rem;text-align:right;color:#666;background:#f0f0f0;overflow:hidden;height:28rem;user-select:none;min-width:3.5rem}
.editor pre span{display:block}
.editor pre span.has-error{background:#a51d2d;color:#fff}
.editor pre span.has-warning{background:#e5a50a;color:#000}
.editor textarea{flex:1;border:0;padding:.4rem;height:28rem;resize:vertical;white-space:pre;overflow:auto}
#diagnostics li{margin:.2rem 0}
label{font-weight:600}
svg text{font:11px system-ui,sans-serif}
)css";

}  // namespace

std::string document(const Page& page, const std::string& csrf, const std::string& nonce) {
  std::string h;
  h += "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">";
  h += "<link rel=\"icon\" href=\"data:,\">";
  h += "<title>" + esc(page.title) + " · twinsync console</title>";
  h += "<style nonce=\"" + esc(nonce) + "\">" + std::string(kStyle) + "</style></head><body>";
  h += "<header><a href=\"/console/connections\"><strong>twinsync</strong></a>";
  if (!csrf.empty()) {
    h += "<nav aria-label=\"Console\"><ul>";
    struct Entry {
      const char *id, *href, *label;
    };
    static constexpr Entry kNav[] = {{"connections", "/console/connections", "Connections"},
                                     {"errors", "/console/errors", "Errors"},
                                     {"issue", "/console/issues", "Issue"},
                                     {"stats", "/console/stats", "Statistics"}};
    for (const auto& [id, href, label] : kNav) {
      h += "<li><a href=\"" + std::string(href) + "\"";
      if (page.current == id) h += " aria-current=\"page\"";
      h += ">" + std::string(label) + "</a></li>";
    }
    h += "</ul></nav>";
    h += button_form("/console/logout", "Log out", csrf);
  }
  h += "</header><main id=\"main\">";
  if (!page.flash.empty()) {
    h += std::string("<p class=\"flash") + (page.flash_is_error ? " error" : "") + "\" role=\"status\">" +
         esc(page.flash) + "</p>";
  }
  h += page.body;
  h += "</main>";
  if (!page.script.empty()) h += "<script nonce=\"" + esc(nonce) + "\">" + page.script + "</script>";
  h += "</body></html>\n";
  return h;
}

std::string button_form(const std::string& action, const std::string& label, const std::string& csrf,
                        std::initializer_list<std::pair<std::string_view, std::string_view>> fields,
                        const std::string& button_class) {
  std::string f = "<form class=\"inline\" method=\"post\" action=\"" + esc(action) + "\">";
  f += "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(csrf) + "\">";
  for (const auto& [name, value] : fields) {
    f += "<input type=\"hidden\" name=\"" + esc(name) + "\" value=\"" + esc(value) + "\">";
  }
  f += "<button type=\"submit\"";
  if (!button_class.empty()) f += " class=\"" + esc(button_class) + "\"";
  f += ">" + esc(label) + "</button></form>";
  return f;
}

}  // namespace twinsync::console
