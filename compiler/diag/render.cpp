// render.cpp — the text and JSON renderings of diagnostics.
#include "compiler/diag/render.h"

#include <utf8.h>

#include <nlohmann/json.hpp>

namespace twinsync {
namespace {

std::string position(const SourceFile& file, uint32_t offset) {
  const LineCol lc = file.line_col(offset);
  return file.path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column);
}

// The source line and, under it, `^~~~` covering the span (clipped to the first line).
void append_snippet(std::string& out, const SourceFile& file, Span span) {
  const LineCol start = file.line_col(span.begin);
  // A stray byte in the file must not make the message itself invalid UTF-8.
  const std::string_view raw = file.line_text(start.line);
  const std::string clean = utf8::is_valid(raw.begin(), raw.end()) ? std::string(raw) : utf8::replace_invalid(std::string(raw));
  const std::string_view line = clean;
  const std::string number = std::to_string(start.line);
  const std::string gutter(number.size(), ' ');
  out += " " + number + " | " + std::string(line) + "\n";
  out += " " + gutter + " | ";

  // Walk the line by code point; keep tabs so the caret lines up under tab-indented code.
  uint32_t col = 1;
  const LineCol end = file.line_col(span.end);
  const uint32_t last_col = (end.line == start.line && span.end > span.begin) ? end.column : start.column + 1;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) == 0x80) continue;
    if (col >= last_col) break;
    if (col < start.column) {
      out += line[i] == '\t' ? '\t' : ' ';
    } else {
      out += col == start.column ? '^' : '~';
    }
    ++col;
  }
  if (start.column >= col) out += '^';  // span at the end of the line (missing token, EOF)
  out += "\n";
}

}  // namespace

std::string render_text(const SourceFile& file, const Diagnostic& d) {
  std::string out = position(file, d.span.begin) + ": " + std::string(severity_name(d.severity)) +
                    ": " + d.message + " [" + std::string(d.code()) + "]\n";
  append_snippet(out, file, d.span);
  for (const DiagNote& note : d.notes) {
    if (note.span) {
      out += position(file, note.span->begin) + ": note: " + note.message + "\n";
      append_snippet(out, file, *note.span);
    } else {
      out += "  = note: " + note.message + "\n";
    }
  }
  if (d.help) out += "  = help: " + *d.help + "\n";
  return out;
}

std::string render_text(const SourceFile& file, const std::vector<Diagnostic>& diags) {
  std::string out;
  for (const Diagnostic& d : diags) out += render_text(file, d);
  return out;
}

std::string render_json(const SourceFile& file, const std::vector<Diagnostic>& diags) {
  nlohmann::json arr = nlohmann::json::array();
  for (const Diagnostic& d : diags) {
    const LineCol start = file.line_col(d.span.begin);
    const LineCol end = file.line_col(d.span.end);
    nlohmann::json j = {
        {"file", file.path()},
        {"line", start.line},
        {"column", start.column},
        {"endLine", end.line},
        {"endColumn", end.column},
        {"severity", severity_name(d.severity)},
        {"code", d.code()},
        {"message", d.message},
    };
    nlohmann::json notes = nlohmann::json::array();
    for (const DiagNote& n : d.notes) {
      nlohmann::json nj = {{"message", n.message}};
      if (n.span) {
        const LineCol nl = file.line_col(n.span->begin);
        nj["line"] = nl.line;
        nj["column"] = nl.column;
      }
      notes.push_back(std::move(nj));
    }
    j["notes"] = std::move(notes);
    if (d.help) j["help"] = *d.help;
    arr.push_back(std::move(j));
  }
  // Replace invalid UTF-8 (a rule file with a stray byte) instead of throwing.
  return arr.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace twinsync
