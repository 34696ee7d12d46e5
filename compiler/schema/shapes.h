// shapes.h — record layouts (issue, comment, attachment, user, link, worklog) from fields.def,
// with slot numbers known at compile time so rules address fields by index, not by name.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "compiler/schema/types.h"

namespace twinsync {

enum FieldFlags : uint32_t { ReadOnly = 1, CreateOnly = 2 };

struct ShapeField {
  std::string_view name;
  const Type* type;
  uint32_t flags;
  std::string_view jira;  // the Jira REST field id it maps to
  std::string_view doc;
};

struct Shape {
  std::string_view name;  // "issue", "comment" …
  std::vector<ShapeField> fields;

  std::optional<uint32_t> find(std::string_view field) const;
  uint32_t size() const { return static_cast<uint32_t>(fields.size()); }
};

#define ISSUE_FIELD(slot, ...) slot,
enum class IssueSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};
#define COMMENT_FIELD(slot, ...) slot,
enum class CommentSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};
#define ATTACHMENT_FIELD(slot, ...) slot,
enum class AttachmentSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};
#define USER_FIELD(slot, ...) slot,
enum class UserSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};
#define LINK_FIELD(slot, ...) slot,
enum class LinkSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};
#define WORKLOG_FIELD(slot, ...) slot,
enum class WorklogSlot : uint32_t {
#include "compiler/schema/fields.def"
  Count
};

template <typename E>
constexpr uint32_t slot(E e) { return static_cast<uint32_t>(e); }

const Shape& issue_shape();
const Shape& comment_shape();
const Shape& attachment_shape();
const Shape& user_shape();
const Shape& link_shape();
const Shape& worklog_shape();
/// All shapes, for lookups by name (serialized values name their shape).
const std::vector<const Shape*>& all_shapes();
const Shape* shape_by_name(std::string_view name);

}  // namespace twinsync
