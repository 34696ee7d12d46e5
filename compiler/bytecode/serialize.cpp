// serialize.cpp — writing and (defensively) reading bytecode files.
#include "compiler/bytecode/serialize.h"

#include "compiler/bytecode/verify.h"
#include "compiler/support/bytes.h"
#include "compiler/vm/value_codec.h"

namespace twinsync {
namespace {

constexpr char kMagic[4] = {'T', 'W', 'S', 'B'};

void write_chunk(ByteWriter& w, const Chunk& c) {
  w.str(c.name);
  w.varint(c.locals);
  w.varint(c.max_stack);
  w.varint(c.code.size());
  for (size_t i = 0; i < c.code.size(); ++i) {
    const Instr& in = c.code[i];
    w.u8(static_cast<uint8_t>(in.op));
    w.u8(in.a);
    w.varint(in.b);
    w.svarint(in.c);
    w.varint(c.spans[i].begin);
    w.varint(c.spans[i].end - c.spans[i].begin);
  }
}

Error bad(const std::string& what) { return make_error("not a valid twinsync bytecode file: " + what, ErrorKind::BadBytecode); }

bool read_u32v(ByteReader& r, uint32_t& v) {
  uint64_t x;
  if (!r.varint(x) || x > UINT32_MAX) return false;
  v = static_cast<uint32_t>(x);
  return true;
}

Result<Chunk> read_chunk(ByteReader& r) {
  Chunk c;
  uint64_t n;
  if (!r.str(c.name) || !read_u32v(r, c.locals) || !read_u32v(r, c.max_stack) || !r.count(n)) {
    return bad("truncated chunk header");
  }
  c.code.reserve(n);
  for (uint64_t i = 0; i < n; ++i) {
    uint8_t op, a;
    uint64_t b, begin, len;
    int64_t target;
    if (!r.u8(op) || !r.u8(a) || !r.varint(b) || !r.svarint(target) || !r.varint(begin) || !r.varint(len)) {
      return bad("truncated instruction");
    }
    if (op >= static_cast<uint8_t>(Op::Count) || b > UINT16_MAX || target < INT32_MIN || target > INT32_MAX ||
        begin > UINT32_MAX || len > UINT32_MAX - begin) {
      return bad("instruction out of range");
    }
    c.code.push_back({static_cast<Op>(op), a, static_cast<uint16_t>(b), static_cast<int32_t>(target)});
    c.spans.push_back({static_cast<uint32_t>(begin), static_cast<uint32_t>(begin + len)});
  }
  return c;
}

}  // namespace

std::string serialize_program(const Program& p) {
  std::string out(kMagic, 4);
  ByteWriter w(out);
  w.u32(kBytecodeFormat);
  w.u64(p.source_hash);
  w.str(p.source_path);
  w.str(p.source_text);
  const ConnectionInfo& c = p.connection;
  for (const std::string* s : {&c.name, &c.local, &c.remote, &c.description, &c.project}) w.str(*s);
  w.varint(c.settings.size());
  for (const auto& [k, v] : c.settings) w.str(k), w.str(v);
  w.varint(p.custom_fields.size());
  for (const CustomFieldInfo& f : p.custom_fields) w.str(f.name), w.str(f.type);
  w.varint(p.constants.size());
  for (const Value& v : p.constants) encode_value(v, w);
  w.varint(p.maps.size());
  for (const MapTable& m : p.maps) {
    w.str(m.name);
    for (const auto* side : {&m.out, &m.in}) {
      w.varint(side->size());
      for (const auto& [k, v] : *side) encode_value(k, w), encode_value(v, w);
    }
  }
  w.u8(p.outgoing ? 1 : 0);
  if (p.outgoing) write_chunk(w, *p.outgoing);
  w.u8(p.incoming ? 1 : 0);
  if (p.incoming) write_chunk(w, *p.incoming);
  w.varint(p.triggers.size());
  for (const TriggerInfo& t : p.triggers) {
    w.str(t.name), w.str(t.jql), w.str(t.note);
    w.u8(t.active ? 1 : 0);
    write_chunk(w, t.predicate);
  }
  return out;
}

Result<Program> deserialize_program(std::string_view bytes) {
  if (bytes.size() < 4 || bytes.substr(0, 4) != std::string_view(kMagic, 4)) return bad("wrong magic number");
  ByteReader r(bytes.substr(4));
  Program p;
  uint32_t format;
  if (!r.u32(format)) return bad("truncated header");
  if (format != kBytecodeFormat) {
    return make_error("bytecode format " + std::to_string(format) + " is not format " +
                          std::to_string(kBytecodeFormat) + " of this twinsync: compile the rule file again",
                      ErrorKind::BadBytecode);
  }
  if (!r.u64(p.source_hash) || !r.str(p.source_path) || !r.str(p.source_text)) return bad("truncated header");
  ConnectionInfo& c = p.connection;
  uint64_t n;
  for (std::string* s : {&c.name, &c.local, &c.remote, &c.description, &c.project}) {
    if (!r.str(*s)) return bad("truncated connection");
  }
  if (!r.count(n)) return bad("truncated settings");
  for (uint64_t i = 0; i < n; ++i) {
    std::string k, v;
    if (!r.str(k) || !r.str(v)) return bad("truncated settings");
    c.settings.emplace_back(std::move(k), std::move(v));
  }
  if (!r.count(n)) return bad("truncated custom fields");
  for (uint64_t i = 0; i < n; ++i) {
    CustomFieldInfo f;
    if (!r.str(f.name) || !r.str(f.type)) return bad("truncated custom fields");
    p.custom_fields.push_back(std::move(f));
  }
  if (!r.count(n)) return bad("truncated constants");
  for (uint64_t i = 0; i < n; ++i) {
    auto v = decode_value(r);
    if (!v) return bad(v.error().message);
    p.constants.push_back(std::move(*v));
  }
  if (!r.count(n)) return bad("truncated maps");
  for (uint64_t i = 0; i < n; ++i) {
    MapTable m;
    if (!r.str(m.name)) return bad("truncated map");
    for (auto* side : {&m.out, &m.in}) {
      uint64_t entries;
      if (!r.count(entries)) return bad("truncated map");
      for (uint64_t e = 0; e < entries; ++e) {
        auto k = decode_value(r);
        if (!k) return bad(k.error().message);
        auto v = decode_value(r);
        if (!v) return bad(v.error().message);
        side->emplace_back(std::move(*k), std::move(*v));
      }
    }
    p.maps.push_back(std::move(m));
  }
  for (std::optional<Chunk>* slot : {&p.outgoing, &p.incoming}) {
    uint8_t present;
    if (!r.u8(present) || present > 1) return bad("truncated chunk flag");
    if (!present) continue;
    auto chunk = read_chunk(r);
    if (!chunk) return chunk.error();
    *slot = std::move(*chunk);
  }
  if (!r.count(n)) return bad("truncated triggers");
  for (uint64_t i = 0; i < n; ++i) {
    TriggerInfo t;
    uint8_t active;
    if (!r.str(t.name) || !r.str(t.jql) || !r.str(t.note) || !r.u8(active)) return bad("truncated trigger");
    t.active = active != 0;
    auto chunk = read_chunk(r);
    if (!chunk) return chunk.error();
    t.predicate = std::move(*chunk);
    p.triggers.push_back(std::move(t));
  }
  if (r.remaining() != 0) return bad("trailing bytes");
  if (auto ok = verify_program(p); !ok) return ok.error();
  p.finish();
  return p;
}

}  // namespace twinsync
