// changelog.cpp — history entries and their items.
#include "runtime/jira/changelog.h"

#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

std::optional<std::string> optional_text(const Json& j, const char* key) {
  const Json* m = member(j, key);
  if (m == nullptr || m->is_null()) return std::nullopt;
  if (auto s = text_of(m)) return s;
  return dump_json(*m);  // odd values are still shown rather than lost
}

}  // namespace

std::vector<ChangeItem> read_change_items(Decoder& d, const Json& items, const std::string& path) {
  std::vector<ChangeItem> out;
  if (items.is_null()) return out;
  if (!items.is_array()) {
    d.unexpected(path, "a list of change items", items);
    return out;
  }
  for (size_t i = 0; i < items.size(); ++i) {
    const Json& it = items[i];
    auto field = text_at(it, "field");
    if (!it.is_object() || !field) {
      d.warn(path_join(path, i), "change item without a \"field\"");
      continue;
    }
    ChangeItem item;
    item.field = *field;
    item.field_id = text_at(it, "fieldId").value_or("");
    item.field_type = text_at(it, "fieldtype").value_or("");
    item.from = optional_text(it, "from");
    item.from_string = optional_text(it, "fromString");
    item.to = optional_text(it, "to");
    item.to_string = optional_text(it, "toString");
    // Cloud adds the account ids of user fields separately while `from`/`to` keep the name.
    if (auto acc = optional_text(it, "tmpToAccountId")) item.to = acc;
    if (auto acc = optional_text(it, "tmpFromAccountId")) item.from = acc;
    out.push_back(std::move(item));
  }
  return out;
}

std::optional<ChangelogEntry> read_changelog_entry(Decoder& d, const Json& j, const std::string& path) {
  if (!j.is_object()) {
    d.unexpected(path, "a changelog entry", j);
    return std::nullopt;
  }
  ChangelogEntry e;
  e.id = text_at(j, "id").value_or("");
  e.author = read_user(d, member_or_null(j, "author"), path_join(path, "author"));
  Value created = read_datetime(d, member_or_null(j, "created"), path_join(path, "created"));
  if (created.tag() == Tag::DateTime) e.created_ms = created.as_datetime();
  e.items = read_change_items(d, member_or_null(j, "items"), path_join(path, "items"));
  return e;
}

Result<ChangelogPage> decode_changelog(const Json& j) {
  if (!j.is_object()) return make_error("/: expected a changelog page, got " + json_kind(j), ErrorKind::BadJson);
  const Json* page = &j;
  std::string base;
  if (const Json* cl = member(j, "changelog"); cl && cl->is_object()) {
    page = cl;
    base = "/changelog";
  }
  const char* list_key = member(*page, "values") ? "values" : "histories";
  const Json* list = member(*page, list_key);
  if (list == nullptr || !list->is_array()) {
    return make_error((base.empty() ? "/" : base) + ": expected \"values\" or \"histories\"", ErrorKind::BadJson);
  }
  Decoder d(empty_catalog());
  ChangelogPage out;
  const std::string list_path = path_join(base, list_key);
  for (size_t i = 0; i < list->size(); ++i) {
    if (auto e = read_changelog_entry(d, (*list)[i], path_join(list_path, i))) out.entries.push_back(std::move(*e));
  }
  out.start_at = int_at(*page, "startAt").value_or(0);
  out.total = int_at(*page, "total").value_or(-1);
  const int64_t seen = out.start_at + static_cast<int64_t>(list->size());
  out.is_last = bool_at(*page, "isLast").value_or(out.total < 0 || seen >= out.total);
  out.warnings = d.take_warnings();
  return out;
}

}  // namespace twinsync::jira
