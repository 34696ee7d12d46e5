// exalate_fields.h — how Exalate's issue and replica fields are named in the rule language, and
// what kind of value each is (Exalate's type, status and priority are objects with a `.name`;
// in the rule language they are the name itself).
#pragma once

#include <string_view>

namespace twinsync::exalate {

/// What a translated value is, as far as the translation needs to know: what `.name`, `.email`
/// or `.value` after it means, and how a Groovy truth test of it is written.
enum class Kind {
  Unknown,
  Bool,
  Text,
  Number,
  Date,
  List,        // a list of texts (labels, components, versions)
  Items,       // comments, attachments, worklogs
  User,        // .email .displayName .accountId .username
  NameObject,  // Exalate's type, status, priority, resolution: `.name` is the value itself
  Project,     // Exalate's project: `.key` is the value itself
  Record,      // issue, replica, previous
  CustomMap,   // issue.customFields
  Custom,      // issue.customFields."X": `.value` is the value itself
  ValueMap,    // a `def` map that became a value map
  Helper,      // nodeHelper, commentHelper, attachmentHelper: only their calls translate
};

struct ExalateField {
  std::string_view exalate;  // replica.parentId
  std::string_view sync;     // replica.parent
  Kind kind;
};

/// The field Exalate calls `name` (on an issue or a replica), or null.
const ExalateField* find_field(std::string_view name);

/// The rule language's name for a field of a user (Exalate: email, displayName, …), or empty.
std::string_view user_field(std::string_view name);

/// The type of a custom field by its name, for the well-known ones (Story Points), or empty.
std::string_view known_custom_type(std::string_view name);

}  // namespace twinsync::exalate
