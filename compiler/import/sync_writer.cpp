// sync_writer.cpp — prints a translated rule file the way the examples are written: custom
// fields first, then the blocks with the `=` of neighbouring assignments lined up, then the
// value maps.
#include <algorithm>

#include "compiler/import/sync_out.h"
#include "compiler/support/encoding.h"

namespace twinsync::exalate {
namespace {

// Targets longer than this are not padded to: one long custom field name would push every `=`.
constexpr size_t kAlignLimit = 36;

// Comment text for the output: a control character (a lone carriage return from an old file)
// could end the comment early for the rule language's lexer, so it becomes a space.
std::string clean(std::string text) {
  for (char& c : text) {
    if (static_cast<unsigned char>(c) < 0x20 && c != '\t') c = ' ';
  }
  return text;
}

std::string comment_line(const std::string& indent, const std::string& text) {
  return text.empty() ? indent + "//\n" : indent + "// " + clean(text) + "\n";
}

std::string trailing_comment(const OutStmt& s) { return s.trailing.empty() ? "" : "  // " + clean(s.trailing); }

void print_block(std::string& out, const std::vector<OutStmt>& stmts, int depth);

// The `if`, its `else if`s and its `else`, at `indent`.
void print_if(std::string& out, const OutStmt& s, int depth) {
  const std::string indent(2 * depth, ' ');
  out += "if " + s.lhs + " {" + trailing_comment(s) + "\n";
  print_block(out, s.then_body, depth + 1);
  const OutStmt* cur = &s;
  while (cur->has_else) {
    const auto& e = cur->else_body;
    if (e.size() == 1 && e[0].kind == OutStmt::Kind::If) {
      cur = &e[0];
      out += indent + "} else if " + cur->lhs + " {\n";
      print_block(out, cur->then_body, depth + 1);
      continue;
    }
    out += indent + "} else {\n";
    print_block(out, e, depth + 1);
    break;
  }
  out += indent + "}\n";
}

// The width the run of assignments starting at `i` lines its `=` up to.
size_t run_width(const std::vector<OutStmt>& stmts, size_t i) {
  size_t width = 0;
  for (const size_t first = i; i < stmts.size() && stmts[i].kind == OutStmt::Kind::Assign; ++i) {
    if (i > first && stmts[i].blank_before) break;
    if (stmts[i].lhs.size() <= kAlignLimit) width = std::max(width, stmts[i].lhs.size());
  }
  return width;
}

void print_block(std::string& out, const std::vector<OutStmt>& stmts, int depth) {
  const std::string indent(2 * depth, ' ');
  size_t width = 0;
  for (size_t i = 0; i < stmts.size(); ++i) {
    const OutStmt& s = stmts[i];
    if (s.blank_before && i > 0) out += "\n";
    const bool starts_run =
        s.kind == OutStmt::Kind::Assign && (i == 0 || s.blank_before || stmts[i - 1].kind != OutStmt::Kind::Assign);
    if (starts_run) width = run_width(stmts, i);
    const std::string trailing = trailing_comment(s);
    switch (s.kind) {
      case OutStmt::Kind::Assign: {
        std::string lhs = s.lhs;
        if (lhs.size() < width) lhs.resize(width, ' ');
        out += indent + lhs + " = " + s.rhs + trailing + "\n";
        break;
      }
      case OutStmt::Kind::Let:
        out += indent + "let " + s.lhs + " = " + s.rhs + trailing + "\n";
        break;
      case OutStmt::Kind::If:
        out += indent;
        print_if(out, s, depth);
        break;
      case OutStmt::Kind::Comment:
        for (const std::string& line : s.comment) out += comment_line(indent, line);
        break;
    }
  }
}

const char* arrow(const MapEntry& e) { return e.outgoing && e.incoming ? "<->" : e.outgoing ? "->" : "<-"; }

void print_map(std::string& out, const ValueMap& m) {
  out += "\nmap " + m.name + " {\n";
  size_t width = 0;
  for (const MapEntry& e : m.entries) width = std::max(width, std::min(e.left.size(), kAlignLimit));
  for (const MapEntry& e : m.entries) {
    std::string left = e.left;
    if (left.size() < width) left.resize(width, ' ');
    out += "  " + left + " " + arrow(e) + " " + e.right + "\n";
  }
  out += "}\n";
}

}  // namespace

std::string sync_string(std::string_view text) {
  std::string out = "\"";
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '{': out += "\\{"; break;
      case '}': out += "\\}"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\u00" + hex_encode(std::string(1, ch));
        } else {
          out += ch;
        }
    }
  }
  return out + "\"";
}

std::string print_sync(const SyncOut& in) {
  std::string out;
  for (const std::string& line : in.header) out += comment_line("", line);
  if (!in.customs.empty()) out += "\n";
  for (const CustomField& c : in.customs) {
    out += "custom " + sync_string(c.name) + ": " + c.type;
    out += c.guessed ? "  // the scripts do not say its type: check it\n" : "\n";
  }
  const auto block = [&out](const char* name, const std::vector<OutStmt>& stmts) {
    out += std::string("\n") + name + " {\n";
    print_block(out, stmts, 1);
    out += "}\n";
  };
  if (in.has_outgoing) block("outgoing", in.outgoing);
  if (in.has_incoming) block("incoming", in.incoming);
  for (const ValueMap& m : in.maps) print_map(out, m);
  return out;
}

}  // namespace twinsync::exalate
