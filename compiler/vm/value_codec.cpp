// value_codec.cpp — binary encoding of values: a tag byte, then the payload.
#include "compiler/vm/value_codec.h"

#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

constexpr int kMaxDepth = 64;  // records inside lists inside records … never nest deeper than this

// A record's shape is stored as its position in all_shapes(): that order is part of the format.
int shape_id(const Shape& shape) {
  const auto& shapes = all_shapes();
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (shapes[i] == &shape) return static_cast<int>(i);
  }
  return -1;
}

Error corrupt(const std::string& what) { return make_error("corrupt value encoding: " + what, ErrorKind::Corrupt); }

Result<Value> decode(ByteReader& in, int depth) {
  if (depth > kMaxDepth) return corrupt("nested too deeply");
  uint8_t tag;
  if (!in.u8(tag)) return corrupt("truncated");
  switch (static_cast<Tag>(tag)) {
    case Tag::Null: return Value::null();
    case Tag::Bool: {
      uint8_t b;
      if (!in.u8(b) || b > 1) return corrupt("bad bool");
      return Value::boolean(b == 1);
    }
    case Tag::Number: {
      double d;
      if (!in.f64(d)) return corrupt("truncated number");
      return Value::number(d);
    }
    case Tag::Date:
    case Tag::DateTime: {
      int64_t v;
      if (!in.svarint(v)) return corrupt("truncated date");
      return static_cast<Tag>(tag) == Tag::Date ? Value::date(v) : Value::datetime(v);
    }
    case Tag::String: {
      std::string s;
      if (!in.str(s)) return corrupt("truncated text");
      return Value::string(s);
    }
    case Tag::List: {
      uint64_t n;
      if (!in.count(n)) return corrupt("bad list length");
      std::vector<Value> items;
      // count() bounds n by the bytes left, and every item takes at least one, so a corrupt length
      // cannot reserve much.
      items.reserve(n);
      for (uint64_t i = 0; i < n; ++i) {
        auto v = decode(in, depth + 1);
        if (!v) return v;
        items.push_back(std::move(*v));
      }
      return Value::list(std::move(items));
    }
    case Tag::Record: {
      uint8_t id;
      uint64_t n;
      if (!in.u8(id) || id >= all_shapes().size()) return corrupt("unknown record shape");
      const Shape& shape = *all_shapes()[id];
      // More fields than this version's shape has cannot be read: they would have no slot.
      if (!in.count(n) || n > shape.size()) return corrupt("record has more fields than its shape");
      Value rec = Value::record(shape);
      for (uint64_t i = 0; i < n; ++i) {
        auto v = decode(in, depth + 1);
        if (!v) return v;
        if (!v->is_null()) rec.set_field(static_cast<uint32_t>(i), std::move(*v));
      }
      return rec;  // fewer fields than the shape: written by an older version, the rest stay null
    }
    case Tag::Map: {
      uint64_t n;
      if (!in.count(n)) return corrupt("bad map length");
      std::vector<std::pair<std::string, Value>> entries;
      for (uint64_t i = 0; i < n; ++i) {
        std::string key;
        if (!in.str(key)) return corrupt("truncated map key");
        auto v = decode(in, depth + 1);
        if (!v) return v;
        entries.emplace_back(std::move(key), std::move(*v));
      }
      // Value::map sorts the keys and keeps the last of a repeated one.
      return Value::map(std::move(entries));
    }
  }
  return corrupt("unknown tag " + std::to_string(tag));
}

}  // namespace

void encode_value(const Value& v, ByteWriter& out) {
  out.u8(static_cast<uint8_t>(v.tag()));
  switch (v.tag()) {
    case Tag::Null: break;
    case Tag::Bool: out.u8(v.as_bool() ? 1 : 0); break;
    case Tag::Number: out.f64(v.as_number()); break;
    // Signed: dates and instants before 1970 are negative.
    case Tag::Date: out.svarint(v.as_date()); break;
    case Tag::DateTime: out.svarint(v.as_datetime()); break;
    case Tag::String: out.str(v.as_string()); break;
    case Tag::List:
      out.varint(v.as_list().size());
      for (const Value& item : v.as_list()) encode_value(item, out);
      break;
    case Tag::Record: {
      out.u8(static_cast<uint8_t>(shape_id(v.shape())));
      // Trailing null fields are left out: smaller, and readable by a version with fewer fields.
      uint32_t n = v.shape().size();
      while (n > 0 && v.field(n - 1).is_null()) --n;
      out.varint(n);
      for (uint32_t i = 0; i < n; ++i) encode_value(v.field(i), out);
      break;
    }
    case Tag::Map:
      out.varint(v.map_entries().size());
      for (const auto& [k, item] : v.map_entries()) {
        out.str(k);
        encode_value(item, out);
      }
      break;
  }
}

std::string encode_value(const Value& v) {
  std::string out;
  ByteWriter w(out);
  encode_value(v, w);
  return out;
}

Result<Value> decode_value(ByteReader& in) { return decode(in, 0); }

Result<Value> decode_value(std::string_view bytes) {
  ByteReader in(bytes);
  auto v = decode(in, 0);
  if (v && in.remaining() != 0) return corrupt("trailing bytes");
  return v;
}

}  // namespace twinsync
