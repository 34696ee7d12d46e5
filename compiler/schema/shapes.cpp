// shapes.cpp — builds the record shapes of fields.def.
#include "compiler/schema/shapes.h"

namespace twinsync {
namespace {

// The type words of fields.def.
const Type* field_type(std::string_view word) {
  if (word == "text") return types::text();
  if (word == "number") return types::number();
  if (word == "bool") return types::boolean();
  if (word == "date") return types::date();
  if (word == "datetime") return types::datetime();
  if (word == "user") return types::user();
  if (word == "list_text") return types::list_of(types::text());
  if (word == "list_user") return types::list_of(types::user());
  if (word == "comment_list") return types::list_of(types::comment());
  if (word == "attachment_list") return types::list_of(types::attachment());
  if (word == "link_list") return types::list_of(types::link());
  if (word == "worklog_list") return types::list_of(types::worklog());
  if (word == "custom_map") return types::map_of(types::any());
  return types::any();
}

#define TWINSYNC_FIELD_ROW(slot, name, type, flags, jira, doc) \
  ShapeField{name, field_type(#type), flags, jira, doc},

}  // namespace

std::optional<uint32_t> Shape::find(std::string_view field) const {
  for (uint32_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field) return i;
  }
  return std::nullopt;
}

const Shape& user_shape() {
  static const Shape s{"user", {
#define USER_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const Shape& comment_shape() {
  static const Shape s{"comment", {
#define COMMENT_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const Shape& attachment_shape() {
  static const Shape s{"attachment", {
#define ATTACHMENT_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const Shape& link_shape() {
  static const Shape s{"link", {
#define LINK_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const Shape& worklog_shape() {
  static const Shape s{"worklog", {
#define WORKLOG_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const Shape& issue_shape() {
  static const Shape s{"issue", {
#define ISSUE_FIELD TWINSYNC_FIELD_ROW
#include "compiler/schema/fields.def"
  }};
  return s;
}

const std::vector<const Shape*>& all_shapes() {
  static const std::vector<const Shape*> shapes = {&issue_shape(), &comment_shape(), &attachment_shape(),
                                                   &user_shape(), &link_shape(), &worklog_shape()};
  return shapes;
}

const Shape* shape_by_name(std::string_view name) {
  for (const Shape* s : all_shapes()) {
    if (s->name == name) return s;
  }
  return nullptr;
}

}  // namespace twinsync
