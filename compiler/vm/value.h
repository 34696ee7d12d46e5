// value.h — the values rules compute with: a 16-byte tagged value whose heap parts (strings,
// lists, records, maps) are immutable once shared and reference-counted, so that
// `replica.comments = issue.comments` shares the list instead of copying it.
//
// Reference counts are not atomic: a value belongs to one thread at a time; deep_clone() makes
// a copy for another thread (each VM does so with the constants of the programs it runs).
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace twinsync {

struct Shape;

enum class Tag : uint8_t { Null, Bool, Number, Date, DateTime, String, List, Record, Map };
const char* tag_name(Tag t);

enum class ObjKind : uint8_t { String, List, Record, Map };

struct Object {
  // A new object starts with one reference, which adopt() gives to its first Value.
  uint32_t refs = 1;
  ObjKind kind;

  explicit Object(ObjKind k) : kind(k) {}
};

class Value;

/// A tagged value: null, bool, number, date (days since 1970-01-01), date-time (ms since the
/// epoch, UTC), or a handle to a string, list, record or map.
class Value {
 public:
  Value() : tag_(Tag::Null), bits_(0) {}
  Value(const Value& o) : tag_(o.tag_), bits_(o.bits_) { retain(); }
  // A moved-from value is null; its stale bits mean nothing (operator==, hash and release
  // look at the tag first).
  Value(Value&& o) noexcept : tag_(o.tag_), bits_(o.bits_) { o.tag_ = Tag::Null; }
  Value& operator=(const Value& o) {
    if (this != &o) {
      // Retain before release: if both share one object, releasing ours must not free it. `o`
      // must not live inside the object released here (see get.field in vm.cpp).
      o.retain();
      release();
      tag_ = o.tag_;
      bits_ = o.bits_;
    }
    return *this;
  }
  Value& operator=(Value&& o) noexcept {
    if (this != &o) {
      release();
      tag_ = o.tag_;
      bits_ = o.bits_;
      o.tag_ = Tag::Null;
    }
    return *this;
  }
  ~Value() { release(); }

  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(Tag::Bool, b ? 1 : 0); }
  static Value number(double d) {
    uint64_t bits;
    std::memcpy(&bits, &d, sizeof bits);
    return Value(Tag::Number, bits);
  }
  static Value date(int64_t days) { return Value(Tag::Date, static_cast<uint64_t>(days)); }
  static Value datetime(int64_t epoch_ms) { return Value(Tag::DateTime, static_cast<uint64_t>(epoch_ms)); }
  static Value string(std::string_view s);
  static Value list(std::vector<Value> items);
  /// A new record of `shape` with every slot null.
  static Value record(const Shape& shape);
  /// A map from string keys to values (custom fields by name); keys are kept sorted.
  static Value map(std::vector<std::pair<std::string, Value>> entries);
  /// Adopts an object whose count the caller owns.
  static Value adopt(Object* o);

  Tag tag() const { return tag_; }
  bool is_null() const { return tag_ == Tag::Null; }
  bool is_bool() const { return tag_ == Tag::Bool; }
  bool is_number() const { return tag_ == Tag::Number; }
  bool is_string() const { return tag_ == Tag::String; }
  bool is_list() const { return tag_ == Tag::List; }
  bool is_record() const { return tag_ == Tag::Record; }
  bool is_map() const { return tag_ == Tag::Map; }
  bool is_object() const { return tag_ >= Tag::String; }

  bool as_bool() const { return bits_ != 0; }
  double as_number() const {
    double d;
    std::memcpy(&d, &bits_, sizeof d);
    return d;
  }
  int64_t as_date() const { return static_cast<int64_t>(bits_); }
  int64_t as_datetime() const { return static_cast<int64_t>(bits_); }
  std::string_view as_string() const;
  const std::vector<Value>& as_list() const;
  /// Slot `i` of a record.
  const Value& field(uint32_t i) const;
  const Shape& shape() const;
  /// Entry of a map, or a shared null when absent.
  const Value& map_get(std::string_view key) const;
  const std::vector<std::pair<std::string, Value>>& map_entries() const;
  Object* object() const { return reinterpret_cast<Object*>(bits_); }

  /// Writes a record slot, copying the record first if it is shared (copy on write).
  void set_field(uint32_t i, Value v);
  /// Appends to a list, copying it first if shared.
  void list_push(Value v);
  /// Sets a map entry, copying the map first if shared.
  void map_set(std::string_view key, Value v);

  /// A copy sharing nothing with this value: how a value crosses to another thread.
  Value deep_clone() const;

  /// Truthiness for conditions: only `true` is true; the checker rejects non-bool conditions.
  bool truthy() const { return tag_ == Tag::Bool && bits_ != 0; }
  /// Deep structural equality (numbers by value, strings by content, records field by field).
  /// Scalars and strings are compared inline (merge() compares fields by the dozen); lists,
  /// records and maps by equal_objects().
  friend bool operator==(const Value& a, const Value& b);
  /// Identity of the bits (same object or same scalar): the cheap test before a deep compare.
  bool same(const Value& o) const { return tag_ == o.tag_ && bits_ == o.bits_; }
  uint64_t hash() const;
  /// Debug rendering: "null", "true", "1.5", "\"text\"", "[…]", "{summary: …}".
  std::string debug() const;

 private:
  Value(Tag t, uint64_t bits) : tag_(t), bits_(bits) {}
  void retain() const {
    if (is_object()) ++object()->refs;
  }
  void release() {
    if (is_object() && --object()->refs == 0) destroy(object());
  }
  static void destroy(Object* o);
  static bool equal_objects(const Value& a, const Value& b);
  // Makes the object this value points to uniquely owned (copying it if shared).
  void make_unique();

  Tag tag_;
  uint64_t bits_;
};

static_assert(sizeof(Value) == 16, "Value must stay two words");

struct StringObj : Object {
  std::string text;
  explicit StringObj(std::string_view s) : Object(ObjKind::String), text(s) {}
};

struct ListObj : Object {
  std::vector<Value> items;
  explicit ListObj(std::vector<Value> v) : Object(ObjKind::List), items(std::move(v)) {}
};

struct RecordObj : Object {
  const Shape* shape;
  std::vector<Value> slots;
  RecordObj(const Shape* s, size_t n) : Object(ObjKind::Record), shape(s), slots(n) {}
};

struct MapObj : Object {
  std::vector<std::pair<std::string, Value>> entries;  // sorted by key
  MapObj() : Object(ObjKind::Map) {}
};

// The accessors every rule and every merge() runs through, inline: called across translation
// units they cost a call each, more than the load they do.
inline std::string_view Value::as_string() const { return static_cast<StringObj*>(object())->text; }
inline const std::vector<Value>& Value::as_list() const { return static_cast<ListObj*>(object())->items; }
inline const Value& Value::field(uint32_t i) const { return static_cast<RecordObj*>(object())->slots[i]; }
inline const Shape& Value::shape() const { return *static_cast<RecordObj*>(object())->shape; }

/// Byte equality of two texts without a call to memcmp for the short ones that rules compare most
/// (ids, names, a comment's body): two overlapping 8-byte loads settle up to 16 bytes.
inline bool equal_text(std::string_view x, std::string_view y) {
  const size_t n = x.size();
  if (n != y.size()) return false;
  const char* p = x.data();
  const char* q = y.data();
  auto word = [](const char* at) {
    uint64_t w;
    std::memcpy(&w, at, sizeof w);
    return w;
  };
  if (n >= 8 && n <= 16) return word(p) == word(q) && word(p + n - 8) == word(q + n - 8);
  if (n < 8) {
    for (size_t i = 0; i < n; ++i) {
      if (p[i] != q[i]) return false;
    }
    return true;
  }
  return std::memcmp(p, q, n) == 0;
}

inline bool operator==(const Value& a, const Value& b) {
  if (a.tag_ != b.tag_) return false;
  switch (a.tag_) {
    case Tag::Null: return true;  // a moved-from null keeps stale bits: they mean nothing
    case Tag::Bool:
    case Tag::Date:
    case Tag::DateTime: return a.bits_ == b.bits_;
    case Tag::Number: return a.as_number() == b.as_number();  // NaN is not equal to itself
    case Tag::String: return a.bits_ == b.bits_ || equal_text(a.as_string(), b.as_string());
    default: return a.bits_ == b.bits_ || Value::equal_objects(a, b);
  }
}

}  // namespace twinsync
