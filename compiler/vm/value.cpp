// value.cpp — construction, copy-on-write, equality, hashing and debug printing of values.
#include "compiler/vm/value.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

// What map_get returns for an absent key. It owns no object, so references to it may be
// handed out on any thread without touching a count.
const Value kNull;

uint64_t mix(uint64_t h, uint64_t v) {
  // 64-bit multiply-xorshift: enough to spread small values; not cryptographic.
  h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
  return h * 0xBF58476D1CE4E5B9ull;
}

uint64_t hash_bytes(std::string_view s) {
  uint64_t h = 1469598103934665603ull;  // FNV-1a
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
  return h;
}

std::string number_text(double d) {
  if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 1e15) {
    return std::to_string(static_cast<long long>(d));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", d);
  return buf;
}

}  // namespace

const char* tag_name(Tag t) {
  switch (t) {
    case Tag::Null: return "null";
    case Tag::Bool: return "bool";
    case Tag::Number: return "number";
    case Tag::Date: return "date";
    case Tag::DateTime: return "datetime";
    case Tag::String: return "text";
    case Tag::List: return "list";
    case Tag::Record: return "record";
    case Tag::Map: return "map";
  }
  return "?";
}

Value Value::adopt(Object* o) {
  Tag t = Tag::Null;
  switch (o->kind) {
    case ObjKind::String: t = Tag::String; break;
    case ObjKind::List: t = Tag::List; break;
    case ObjKind::Record: t = Tag::Record; break;
    case ObjKind::Map: t = Tag::Map; break;
  }
  return Value(t, reinterpret_cast<uint64_t>(o));
}

Value Value::string(std::string_view s) { return adopt(new StringObj(s)); }
Value Value::list(std::vector<Value> items) { return adopt(new ListObj(std::move(items))); }
Value Value::record(const Shape& shape) { return adopt(new RecordObj(&shape, shape.size())); }

Value Value::map(std::vector<std::pair<std::string, Value>> entries) {
  auto* m = new MapObj();
  // Stable, so that of two equal keys the later one stays later and wins below.
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  // Later duplicates win, as in a JSON object read twice.
  for (auto& e : entries) {
    if (!m->entries.empty() && m->entries.back().first == e.first) {
      m->entries.back().second = std::move(e.second);
    } else {
      m->entries.push_back(std::move(e));
    }
  }
  return adopt(m);
}

void Value::destroy(Object* o) {
  switch (o->kind) {
    case ObjKind::String: delete static_cast<StringObj*>(o); break;
    case ObjKind::List: delete static_cast<ListObj*>(o); break;
    case ObjKind::Record: delete static_cast<RecordObj*>(o); break;
    case ObjKind::Map: delete static_cast<MapObj*>(o); break;
  }
}

const std::vector<std::pair<std::string, Value>>& Value::map_entries() const {
  return static_cast<MapObj*>(object())->entries;
}

const Value& Value::map_get(std::string_view key) const {
  // Entries are kept sorted by key (Value::map, map_set), so a binary search finds one.
  const auto& e = map_entries();
  auto it = std::lower_bound(e.begin(), e.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  return (it != e.end() && it->first == key) ? it->second : kNull;
}

void Value::make_unique() {
  Object* o = object();
  if (o->refs == 1) return;
  // The copy is shallow: it shares the slots' or items' values with the original (their counts
  // rise), which is safe because a shared value is never written.
  Object* copy = nullptr;
  switch (o->kind) {
    case ObjKind::String: copy = new StringObj(static_cast<StringObj*>(o)->text); break;
    case ObjKind::List: copy = new ListObj(static_cast<ListObj*>(o)->items); break;
    case ObjKind::Record: {
      auto* r = static_cast<RecordObj*>(o);
      auto* c = new RecordObj(r->shape, 0);
      c->slots = r->slots;
      copy = c;
      break;
    }
    case ObjKind::Map: {
      auto* m = new MapObj();
      m->entries = static_cast<MapObj*>(o)->entries;
      copy = m;
      break;
    }
  }
  // Drops this value's share of the original; its other holders keep it as it was.
  *this = adopt(copy);
}

void Value::set_field(uint32_t i, Value v) {
  make_unique();
  static_cast<RecordObj*>(object())->slots[i] = std::move(v);
}

void Value::list_push(Value v) {
  make_unique();
  static_cast<ListObj*>(object())->items.push_back(std::move(v));
}

void Value::map_set(std::string_view key, Value v) {
  make_unique();
  auto& e = static_cast<MapObj*>(object())->entries;
  auto it = std::lower_bound(e.begin(), e.end(), key,
                             [](const auto& entry, std::string_view k) { return entry.first < k; });
  if (it != e.end() && it->first == key) {
    it->second = std::move(v);
  } else {
    e.insert(it, {std::string(key), std::move(v)});
  }
}

Value Value::deep_clone() const {
  switch (tag_) {
    // Every object is rebuilt, so the clone shares no count with the original; scalars own
    // nothing and are returned as they are.
    case Tag::String: return Value::string(as_string());
    case Tag::List: {
      std::vector<Value> items;
      items.reserve(as_list().size());
      for (const Value& v : as_list()) items.push_back(v.deep_clone());
      return Value::list(std::move(items));
    }
    case Tag::Record: {
      // A new record is unshared, so set_field writes it in place.
      Value r = Value::record(shape());
      for (uint32_t i = 0; i < shape().size(); ++i) {
        if (!field(i).is_null()) r.set_field(i, field(i).deep_clone());
      }
      return r;
    }
    case Tag::Map: {
      std::vector<std::pair<std::string, Value>> entries;
      for (const auto& [k, v] : map_entries()) entries.emplace_back(k, v.deep_clone());
      return Value::map(std::move(entries));
    }
    default: return *this;
  }
}

// Lists, records and maps that are not the same object (operator== in value.h did the rest).
bool Value::equal_objects(const Value& a, const Value& b) {
  switch (a.tag_) {
    case Tag::List: return a.as_list() == b.as_list();
    case Tag::Record: {
      const auto* ra = static_cast<RecordObj*>(a.object());
      const auto* rb = static_cast<RecordObj*>(b.object());
      // Records of different shapes are never equal, even with equal slots.
      return ra->shape == rb->shape && ra->slots == rb->slots;
    }
    case Tag::Map: return a.map_entries() == b.map_entries();
    default: return false;
  }
}

uint64_t Value::hash() const {
  // Values that are equal must hash alike: the value maps' tables and the constant pool find
  // candidates by hash, then compare them with operator==.
  uint64_t h = static_cast<uint64_t>(tag_);
  switch (tag_) {
    case Tag::Null: return h;
    case Tag::Bool:
    case Tag::Date:
    case Tag::DateTime: return mix(h, bits_);
    case Tag::Number: {
      const double d = as_number();
      return mix(h, d == 0 ? 0 : bits_);  // +0 and -0 are equal
    }
    case Tag::String: return mix(h, hash_bytes(as_string()));
    case Tag::List:
      for (const Value& v : as_list()) h = mix(h, v.hash());
      return h;
    case Tag::Record:
      h = mix(h, hash_bytes(shape().name));
      for (const Value& v : static_cast<RecordObj*>(object())->slots) h = mix(h, v.hash());
      return h;
    case Tag::Map:
      for (const auto& [k, v] : map_entries()) h = mix(mix(h, hash_bytes(k)), v.hash());
      return h;
  }
  return h;
}

std::string Value::debug() const {
  switch (tag_) {
    case Tag::Null: return "null";
    case Tag::Bool: return bits_ ? "true" : "false";
    case Tag::Number: return number_text(as_number());
    case Tag::Date: return "date(" + std::to_string(as_date()) + ")";
    case Tag::DateTime: return "datetime(" + std::to_string(as_datetime()) + ")";
    case Tag::String: return "\"" + std::string(as_string()) + "\"";
    case Tag::List: {
      std::string s = "[";
      for (size_t i = 0; i < as_list().size(); ++i) s += (i ? ", " : "") + as_list()[i].debug();
      return s + "]";
    }
    case Tag::Record: {
      std::string s = std::string(shape().name) + "{";
      bool first = true;
      for (uint32_t i = 0; i < shape().size(); ++i) {
        if (field(i).is_null()) continue;
        s += (first ? "" : ", ") + std::string(shape().fields[i].name) + ": " + field(i).debug();
        first = false;
      }
      return s + "}";
    }
    case Tag::Map: {
      std::string s = "{";
      bool first = true;
      for (const auto& [k, v] : map_entries()) {
        s += (first ? "\"" : ", \"") + k + "\": " + v.debug();
        first = false;
      }
      return s + "}";
    }
  }
  return "?";
}

}  // namespace twinsync
