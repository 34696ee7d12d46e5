// fields.h — the tracker's fields (system ones and the custom fields of the catalog): their
// /field entries and schemas, and the codec between REST values and the stored form.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "compiler/support/result.h"
#include "runtime/tracker/catalog.h"
#include "runtime/tracker/render.h"

namespace twinsync::tracker {

enum class FieldKind {
  Text, RichText, Number, Url, IssueType, Project, Status, Priority, Resolution, User, Labels,
  Components, Versions, Date, Parent, Timestamp, ReadOnly, Select, MultiSelect
};

struct FieldInfo {
  std::string id, name;
  FieldKind kind = FieldKind::ReadOnly;
  bool custom = false;
  bool settable = true;  // by create/edit (status only through transitions)
  bool navigable = true;
  Json schema;
  const CustomField* cf = nullptr;
  bool is_array() const {
    return kind == FieldKind::Labels || kind == FieldKind::Components || kind == FieldKind::Versions ||
           kind == FieldKind::MultiSelect;
  }
};

std::vector<FieldInfo> field_catalog(const Catalog& cat);
/// By id ("summary", "customfield_10010"), or by the name of a custom field.
std::optional<FieldInfo> find_field(const Catalog& cat, std::string_view id_or_name);

/// An entry of GET /field.
Json field_json(const FieldInfo& f);
/// An entry of createmeta/editmeta/transition fields, with allowedValues where the field has them.
Json field_meta(const FieldInfo& f, const Renderer& r, Id project_id, bool required);

/// What decoding a value may look up.
struct FieldEnv {
  const Catalog& cat;
  int version;
  Id project_id;
  /// The issue a {"key": …} or {"id": …} reference names, for parent.
  std::function<std::optional<Issue>(const Json& ref)> find_issue;
};

/// A REST value -> the stored form; on failure, the message for errors[field id].
Result<Json> decode_value(const FieldInfo& f, const Json& in, const FieldEnv& env);
/// One element of an array field, for the `add`/`remove` operations of `update`.
Result<Json> decode_element(const FieldInfo& f, const Json& in, const FieldEnv& env);
/// The stored form -> the REST value (parent is rendered by render_issue).
Json encode_value(const FieldInfo& f, const Json& stored, const Renderer& r);

/// Appends the changelog items for `from` -> `to` of one field. `issue_key` names a parent id.
void change_items(const FieldInfo& f, const Json& from, const Json& to, const Catalog& cat,
                  const std::function<std::string(Id)>& issue_key, Json& items);

}  // namespace twinsync::tracker
