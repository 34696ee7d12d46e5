// types.h — the static types of the rule language, as the checker sees them. Types are interned:
// compare pointers.
#pragma once

#include <string>

namespace twinsync {

struct Shape;

enum class TypeKind { Any, Null, Bool, Number, Text, Date, DateTime, List, Record, Map, Error };

struct Type {
  TypeKind kind;
  const Type* elem = nullptr;    // List: element type; Map: value type
  const Shape* shape = nullptr;  // Record: its shape

  std::string name() const;      // "text", "list<comment>", "user"
  bool is_list() const { return kind == TypeKind::List; }
  bool is_record() const { return kind == TypeKind::Record; }
};

namespace types {
const Type* any();       // unknown statically: checked at run time
const Type* null();
const Type* boolean();
const Type* number();
const Type* text();
const Type* date();
const Type* datetime();
const Type* error();     // the type of an expression that already failed to check
const Type* list_of(const Type* elem);
const Type* map_of(const Type* value);
const Type* record_of(const Shape* shape);
const Type* user();
const Type* comment();
const Type* attachment();
const Type* link();
const Type* worklog();
const Type* issue();

/// Can a value of `from` be stored where `to` is expected (null fits everywhere, any both ways)?
bool assignable(const Type* from, const Type* to);
/// The common type of two branches (`a ?? b`, list literal items), or nullptr if none.
const Type* join(const Type* a, const Type* b);
/// The type named in a declaration: text, number, bool, date, datetime, user, select,
/// multiselect, users, labels, list<T>; nullptr for an unknown name.
const Type* from_name(const std::string& name, const Type* arg = nullptr);
}  // namespace types

}  // namespace twinsync
