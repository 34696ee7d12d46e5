// custom_read.cpp — custom field values by kind.
#include "runtime/jira/custom_read.h"

#include "runtime/jira/value_read.h"

namespace twinsync::jira {
namespace {

Value read_option(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (auto s = text_of(&j)) return Value::string(*s);
  if (j.is_object()) {
    if (auto v = text_at(j, "value")) return Value::string(*v);
    if (auto v = text_at(j, "name")) return Value::string(*v);
  }
  d.unexpected(path, "an option with a \"value\"", j);
  return Value::null();
}

template <typename Read>
Value read_list_of(Decoder& d, const Json& j, const std::string& path, Read read) {
  if (j.is_null()) return Value::null();
  if (!j.is_array()) {
    d.unexpected(path, "a list", j);
    return Value::null();
  }
  std::vector<Value> out;
  for (size_t i = 0; i < j.size(); ++i) {
    Value v = read(d, j[i], path_join(path, i));
    if (!v.is_null()) out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

// Cascading selects become [parent] or [parent, child].
Value read_cascading(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  auto parent = j.is_object() ? text_at(j, "value") : std::nullopt;
  if (!parent) {
    d.unexpected(path, "a cascading option with a \"value\"", j);
    return Value::null();
  }
  std::vector<Value> out{Value::string(*parent)};
  if (const Json* child = member(j, "child")) {
    if (auto c = text_at(*child, "value")) out.push_back(Value::string(*c));
  }
  return Value::list(std::move(out));
}

// Jira Server before 8 sends sprints as "com.atlassian.greenhopper.service.sprint.Sprint@1f[id=1,…,name=Sprint 1,…]".
Value read_sprint(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_object()) return read_option(d, j, path);
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    const auto at = s.find(",name=");
    if (at == std::string::npos) return Value::string(s);
    const auto start = at + 6;
    const auto end = s.find_first_of(",]", start);
    return Value::string(s.substr(start, end == std::string::npos ? std::string::npos : end - start));
  }
  d.unexpected(path, "a sprint", j);
  return Value::null();
}

Value read_versions(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_array()) return read_names(d, j, path);
  return read_name(d, j, path);
}

Value read_project(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (auto key = j.is_object() ? text_at(j, "key") : text_of(&j)) return Value::string(*key);
  d.unexpected(path, "a project with a \"key\"", j);
  return Value::null();
}

Value read_strict_text(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_object() || j.is_array()) {
    // Some apps store structured values in text-typed fields; keep them readable.
    return read_generic(d, j, path);
  }
  return read_text(d, j, path);
}

}  // namespace

Value read_custom(Decoder& d, const FieldInfo* info, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  const FieldKind kind = info ? info->kind : FieldKind::Unknown;
  switch (kind) {
    case FieldKind::Text:
    case FieldKind::IssueKey: return read_strict_text(d, j, path);
    case FieldKind::RichText: return read_rich_text(d, j, path);
    case FieldKind::Number: return read_number(d, j, path);
    case FieldKind::Date: return read_date(d, j, path);
    case FieldKind::DateTime: return read_datetime(d, j, path);
    case FieldKind::Select: return read_option(d, j, path);
    case FieldKind::MultiSelect: return read_list_of(d, j, path, read_option);
    case FieldKind::Cascading: return read_cascading(d, j, path);
    case FieldKind::User: return read_user(d, j, path);
    case FieldKind::Users: return read_list_of(d, j, path, read_user);
    case FieldKind::Labels: return read_strings(d, j, path);
    case FieldKind::Versions: return read_versions(d, j, path);
    case FieldKind::Project: return read_project(d, j, path);
    case FieldKind::Sprint: return read_list_of(d, j, path, read_sprint);
    case FieldKind::Unknown: return read_generic(d, j, path);
  }
  return read_generic(d, j, path);
}

}  // namespace twinsync::jira
