// disasm.cpp — the listing: header, constants, value maps, then each chunk instruction by instruction.
#include "compiler/bytecode/disasm.h"

#include <cstdio>

#include "compiler/check/builtin_table.h"
#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

const char* root_name(uint8_t r) {
  static const char* names[] = {"issue", "replica", "previous", "output"};
  return r < 4 ? names[r] : "?";
}

std::string field_name(uint32_t slot) {
  return slot < issue_shape().size() ? std::string(issue_shape().fields[slot].name) : "#" + std::to_string(slot);
}

// One operand as the listing shows it, by its kind in opcodes.def.
std::string render(const Program& p, OperandKind kind, int64_t v) {
  const auto u = static_cast<uint32_t>(v);
  switch (kind) {
    case OperandKind::None: return "";
    case OperandKind::Const:
    case OperandKind::Name: return u < p.constants.size() ? p.constants[u].debug() : "k" + std::to_string(u);
    case OperandKind::Local:
    case OperandKind::Iter: return "L" + std::to_string(u);
    case OperandKind::Root: return root_name(static_cast<uint8_t>(u));
    case OperandKind::Field: return field_name(u);
    case OperandKind::Member: return "#" + std::to_string(u);
    case OperandKind::Count: return std::to_string(u);
    case OperandKind::Map: return u < p.maps.size() ? p.maps[u].name : "#" + std::to_string(u);
    case OperandKind::Dir: return u == 0 ? "out" : "in";
    case OperandKind::Fn: return u < all_builtins().size() ? std::string(all_builtins()[u].name) : "?";
    case OperandKind::Target: {
      char buf[24];
      std::snprintf(buf, sizeof buf, "-> %04lld", static_cast<long long>(v));
      return buf;
    }
  }
  return "";  // not reached: the switch covers every kind
}

// The operands through the opcode's listing pattern, where {a} {b} {c} stand for them.
std::string operands(const Program& p, const Instr& in) {
  const OpInfo& info = op_info(in.op);
  std::string out;
  for (const char* f = info.listing; *f; ++f) {
    if (f[0] == '{' && f[1] >= 'a' && f[1] <= 'c' && f[2] == '}') {
      const int which = f[1] - 'a';
      out += render(p, info.operands[which], operand(in, which));
      f += 2;
    } else {
      out += *f;
    }
  }
  return out;
}

}  // namespace

std::string disassemble(const Program& p, const Chunk& chunk) {
  const SourceFile source(p.source_path, p.source_text);
  std::string out = chunk.name + "  locals " + std::to_string(chunk.locals) + "  stack " +
                    std::to_string(chunk.max_stack) + "\n";
  for (size_t pc = 0; pc < chunk.code.size(); ++pc) {
    const Instr& in = chunk.code[pc];
    char head[64];
    std::snprintf(head, sizeof head, "  %04zu  %-16s", pc, op_info(in.op).mnemonic);
    std::string line = head + operands(p, in);
    if (pc < chunk.spans.size() && !p.source_text.empty()) {
      const LineCol lc = source.line_col(chunk.spans[pc].begin);
      line.resize(std::max<size_t>(line.size() + 1, 56), ' ');
      line += "; " + std::to_string(lc.line) + ":" + std::to_string(lc.column);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string disassemble(const Program& p) {
  char hash[17];
  std::snprintf(hash, sizeof hash, "%016llx", static_cast<unsigned long long>(p.source_hash));
  std::string out = "; twinsync bytecode format " + std::to_string(kBytecodeFormat) + "\n";
  out += "; source " + p.source_path + "  hash " + hash + "\n";
  const ConnectionInfo& c = p.connection;
  if (!c.name.empty()) {
    out += "connection " + c.name;
    if (!c.local.empty()) out += "  local \"" + c.local + "\"";
    if (!c.remote.empty()) out += "  remote \"" + c.remote + "\"";
    if (!c.project.empty()) out += "  project \"" + c.project + "\"";
    out += "\n";
    for (const auto& [k, v] : c.settings) out += "  setting " + k + " = \"" + v + "\"\n";
  }
  for (const CustomFieldInfo& f : p.custom_fields) out += "custom \"" + f.name + "\": " + f.type + "\n";
  out += "constants (" + std::to_string(p.constants.size()) + ")\n";
  for (size_t i = 0; i < p.constants.size(); ++i) out += "  k" + std::to_string(i) + "  " + p.constants[i].debug() + "\n";
  for (const MapTable& m : p.maps) {
    out += "map " + m.name + "  out " + std::to_string(m.out.size()) + "  in " + std::to_string(m.in.size()) + "\n";
    for (const auto& [k, v] : m.out) out += "  out " + k.debug() + " -> " + v.debug() + "\n";
    for (const auto& [k, v] : m.in) out += "  in  " + k.debug() + " -> " + v.debug() + "\n";
  }
  if (p.outgoing) out += "\n" + disassemble(p, *p.outgoing);
  if (p.incoming) out += "\n" + disassemble(p, *p.incoming);
  for (const TriggerInfo& t : p.triggers) {
    out += "\ntrigger " + t.name + (t.active ? "" : "  inactive") + "  jql \"" + t.jql + "\"\n";
    if (!t.note.empty()) out += "  note \"" + t.note + "\"\n";
    out += disassemble(p, t.predicate);
  }
  return out;
}

}  // namespace twinsync
