// custom_encode.cpp — a custom field's value in the form Jira wants for the field's kind.
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_json.h"
#include "runtime/jira/issue_encode.h"

namespace twinsync::jira {
namespace {

Error bad(const FieldInfo& f, const std::string& what) {
  return make_error("custom field \"" + f.name + "\" (" + f.id + ", " + field_kind_name(f.kind) + "): " + what,
                    ErrorKind::BadValue);
}

std::string tag_text(const Value& v) { return tag_name(v.tag()); }

Result<Json> option(const FieldInfo& f, const Value& v) {
  if (v.is_string()) return Json{{"value", std::string(v.as_string())}};
  if (v.is_number()) return Json{{"value", value_to_json(v)}};
  return bad(f, "expected an option value (text), got " + tag_text(v));
}

// Single values and lists are both accepted where Jira wants a list: a rule that writes one
// option to a multiselect means a list of one.
template <typename Encode>
Result<Json> list_of(const FieldInfo& f, const Value& v, Encode encode) {
  Json out = Json::array();
  if (!v.is_list()) {
    auto one = encode(f, v);
    if (!one) return one.error();
    out.push_back(std::move(*one));
    return out;
  }
  for (const Value& item : v.as_list()) {
    auto e = encode(f, item);
    if (!e) return e.error();
    out.push_back(std::move(*e));
  }
  return out;
}

Result<Json> cascading(const FieldInfo& f, const Value& v) {
  if (v.is_string()) return Json{{"value", std::string(v.as_string())}};
  if (!v.is_list() || v.as_list().empty() || v.as_list().size() > 2 || !v.as_list()[0].is_string()) {
    return bad(f, "expected [parent] or [parent, child], got " + v.debug());
  }
  Json out = {{"value", std::string(v.as_list()[0].as_string())}};
  if (v.as_list().size() == 2) {
    if (!v.as_list()[1].is_string()) return bad(f, "the child option must be text");
    out["child"] = {{"value", std::string(v.as_list()[1].as_string())}};
  }
  return out;
}

Result<Json> text(const FieldInfo& f, const Value& v) {
  if (v.is_string()) return Json(std::string(v.as_string()));
  if (v.is_number()) return Json(value_to_json(v).dump());
  return bad(f, "expected text, got " + tag_text(v));
}

Result<Json> name_ref(const FieldInfo& f, const Value& v) {
  if (v.is_string()) return Json{{"name", std::string(v.as_string())}};
  return bad(f, "expected a version name, got " + tag_text(v));
}

Result<Json> user_ref(const FieldInfo& f, const Value& v, const Dialect& dialect) {
  auto u = encode_user(v, dialect);
  if (!u) return bad(f, u.error().message);
  return u;
}

Result<Json> by_kind(const FieldInfo& f, const Value& v, const Dialect& dialect) {
  switch (f.kind) {
    case FieldKind::Text:
    case FieldKind::IssueKey: return text(f, v);
    case FieldKind::RichText:
      if (!v.is_string()) return bad(f, "expected text, got " + tag_text(v));
      return encode_rich_text(v.as_string(), dialect);
    case FieldKind::Number:
      if (!v.is_number()) return bad(f, "expected a number, got " + tag_text(v));
      return value_to_json(v);
    case FieldKind::Date:
      if (v.tag() == Tag::Date) return Json(datetime::format_date(v.as_date()));
      if (v.tag() == Tag::DateTime) return Json(datetime::format_date(datetime::days_of(v.as_datetime())));
      return bad(f, "expected a date, got " + tag_text(v));
    case FieldKind::DateTime:
      if (v.tag() == Tag::DateTime) return Json(datetime::format_datetime(v.as_datetime()));
      if (v.tag() == Tag::Date) return Json(datetime::format_datetime(v.as_date() * 86400000));
      return bad(f, "expected a date-time, got " + tag_text(v));
    case FieldKind::Select: return option(f, v);
    case FieldKind::MultiSelect: return list_of(f, v, option);
    case FieldKind::Cascading: return cascading(f, v);
    case FieldKind::User: return user_ref(f, v, dialect);
    case FieldKind::Users:
      return list_of(f, v, [&](const FieldInfo& fi, const Value& item) { return user_ref(fi, item, dialect); });
    case FieldKind::Labels: return list_of(f, v, text);
    case FieldKind::Versions:
      if (f.schema_type == "array") return list_of(f, v, name_ref);
      return name_ref(f, v);
    case FieldKind::Project:
      if (v.is_string()) return Json{{"key", std::string(v.as_string())}};
      return bad(f, "expected a project key, got " + tag_text(v));
    case FieldKind::Sprint:
      // Sprints are read by name but written by id; only an id can be sent.
      if (v.is_number()) return value_to_json(v);
      return bad(f, "sprints are written by sprint id (a number)");
    case FieldKind::Unknown: return value_to_json(v);
  }
  return value_to_json(v);
}

}  // namespace

Result<std::pair<std::string, Json>> encode_custom(const std::string& name, const Value& value,
                                                   const FieldCatalog& catalog, const Dialect& dialect) {
  const FieldInfo* f = catalog.by_name(name);
  if (f == nullptr) {
    return make_error("custom field \"" + name + "\" is not known to this tracker (GET /field)", ErrorKind::UnknownField);
  }
  if (value.is_null()) return std::pair<std::string, Json>(f->id, nullptr);
  auto v = by_kind(*f, value, dialect);
  if (!v) return v.error();
  return std::pair<std::string, Json>(f->id, std::move(*v));
}

}  // namespace twinsync::jira
