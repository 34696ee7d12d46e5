// types.cpp — interned static types and the assignability rules of the checker.
#include "compiler/schema/types.h"

#include <map>
#include <memory>
#include <mutex>

#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

const Type* scalar(TypeKind k) {
  static const Type kTypes[] = {{TypeKind::Any}, {TypeKind::Null}, {TypeKind::Bool}, {TypeKind::Number},
                                {TypeKind::Text}, {TypeKind::Date}, {TypeKind::DateTime}, {TypeKind::List},
                                {TypeKind::Record}, {TypeKind::Map}, {TypeKind::Error}};
  return &kTypes[static_cast<int>(k)];
}

// Composite types are made once per (kind, argument) and live for the process.
const Type* intern(TypeKind kind, const void* arg) {
  static std::mutex mu;
  static std::map<std::pair<TypeKind, const void*>, std::unique_ptr<Type>> table;
  std::lock_guard lock(mu);
  auto& slot = table[{kind, arg}];
  if (!slot) {
    slot = std::make_unique<Type>(Type{kind});
    if (kind == TypeKind::Record) {
      slot->shape = static_cast<const Shape*>(arg);
    } else {
      slot->elem = static_cast<const Type*>(arg);
    }
  }
  return slot.get();
}

}  // namespace

std::string Type::name() const {
  switch (kind) {
    case TypeKind::Any: return "any";
    case TypeKind::Null: return "null";
    case TypeKind::Bool: return "bool";
    case TypeKind::Number: return "number";
    case TypeKind::Text: return "text";
    case TypeKind::Date: return "date";
    case TypeKind::DateTime: return "datetime";
    case TypeKind::List: return "list<" + (elem ? elem->name() : "any") + ">";
    case TypeKind::Record: return shape ? std::string(shape->name) : "record";
    case TypeKind::Map: return "map<" + (elem ? elem->name() : "any") + ">";
    case TypeKind::Error: return "<error>";
  }
  return "?";
}

namespace types {

const Type* any() { return scalar(TypeKind::Any); }
const Type* null() { return scalar(TypeKind::Null); }
const Type* boolean() { return scalar(TypeKind::Bool); }
const Type* number() { return scalar(TypeKind::Number); }
const Type* text() { return scalar(TypeKind::Text); }
const Type* date() { return scalar(TypeKind::Date); }
const Type* datetime() { return scalar(TypeKind::DateTime); }
const Type* error() { return scalar(TypeKind::Error); }
const Type* list_of(const Type* elem) { return intern(TypeKind::List, elem); }
const Type* map_of(const Type* value) { return intern(TypeKind::Map, value); }
const Type* record_of(const Shape* shape) { return intern(TypeKind::Record, shape); }
const Type* user() { return record_of(&user_shape()); }
const Type* comment() { return record_of(&comment_shape()); }
const Type* attachment() { return record_of(&attachment_shape()); }
const Type* link() { return record_of(&link_shape()); }
const Type* worklog() { return record_of(&worklog_shape()); }
const Type* issue() { return record_of(&issue_shape()); }

bool assignable(const Type* from, const Type* to) {
  if (from == to) return true;
  if (from->kind == TypeKind::Error || to->kind == TypeKind::Error) return true;  // reported already
  if (from->kind == TypeKind::Any || to->kind == TypeKind::Any) return true;
  if (from->kind == TypeKind::Null) return true;
  if (from->kind == TypeKind::Date && to->kind == TypeKind::DateTime) return true;
  if (from->kind == TypeKind::List && to->kind == TypeKind::List) {
    return !from->elem || !to->elem || assignable(from->elem, to->elem);
  }
  if (from->kind == TypeKind::Map && to->kind == TypeKind::Map) {
    return !from->elem || !to->elem || assignable(from->elem, to->elem);
  }
  return false;
}

const Type* join(const Type* a, const Type* b) {
  if (a == b) return a;
  if (a->kind == TypeKind::Error || b->kind == TypeKind::Error) return error();
  if (a->kind == TypeKind::Null) return b;
  if (b->kind == TypeKind::Null) return a;
  if (a->kind == TypeKind::Any || b->kind == TypeKind::Any) return any();
  if (assignable(a, b)) return b;
  if (assignable(b, a)) return a;
  return nullptr;
}

const Type* from_name(const std::string& name, const Type* arg) {
  if (name == "text" || name == "select" || name == "string") return text();
  if (name == "number") return number();
  if (name == "bool") return boolean();
  if (name == "date") return date();
  if (name == "datetime") return datetime();
  if (name == "user") return user();
  if (name == "multiselect" || name == "labels") return list_of(text());
  if (name == "users") return list_of(user());
  if (name == "list") return list_of(arg ? arg : any());
  if (name == "any") return any();
  return nullptr;
}

}  // namespace types
}  // namespace twinsync
