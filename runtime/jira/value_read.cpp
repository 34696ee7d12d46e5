// value_read.cpp — Jira JSON scalars and small objects as values, with warnings for odd shapes.
#include "runtime/jira/value_read.h"

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "compiler/vm/value_json.h"
#include "runtime/jira/rich_text.h"

namespace twinsync::jira {

Value read_text(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (auto s = text_of(&j)) return Value::string(*s);
  d.unexpected(path, "text", j);
  return Value::null();
}

Value read_name(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (j.is_string()) return Value::string(j.get<std::string>());
  if (j.is_object()) {
    if (auto name = text_at(j, "name")) return Value::string(*name);
    // A write-style reference ({"id": "3"}) names nothing a rule can use; say so.
    d.warn(path, "object without a \"name\"");
    return Value::null();
  }
  d.unexpected(path, "an object with a \"name\"", j);
  return Value::null();
}

Value read_names(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::list({});
  if (!j.is_array()) {
    d.unexpected(path, "a list", j);
    return Value::null();
  }
  std::vector<Value> out;
  for (size_t i = 0; i < j.size(); ++i) {
    Value v = read_name(d, j[i], path_join(path, i));
    if (!v.is_null()) out.push_back(std::move(v));
  }
  return Value::list(std::move(out));
}

Value read_strings(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::list({});
  if (!j.is_array()) {
    d.unexpected(path, "a list of text", j);
    return Value::null();
  }
  std::vector<Value> out;
  for (size_t i = 0; i < j.size(); ++i) {
    if (auto s = text_of(&j[i])) {
      out.push_back(Value::string(*s));
    } else {
      d.unexpected(path_join(path, i), "text", j[i]);
    }
  }
  return Value::list(std::move(out));
}

Value read_date(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (auto days = datetime::parse_date(s)) return Value::date(*days);
    // A date-time where a date is expected still names the day.
    if (auto ms = datetime::parse_datetime(s)) return Value::date(datetime::days_of(*ms));
    d.warn(path, "expected a date like \"2024-01-31\", got \"" + s + "\"");
    return Value::null();
  }
  d.unexpected(path, "a date", j);
  return Value::null();
}

Value read_datetime(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (auto ms = datetime::parse_datetime(s)) return Value::datetime(*ms);
    d.warn(path, "expected a date-time like \"2024-01-31T10:15:30.000+0100\", got \"" + s + "\"");
    return Value::null();
  }
  if (j.is_number_integer() || j.is_number_unsigned()) return Value::datetime(j.get<int64_t>());
  d.unexpected(path, "a date-time", j);
  return Value::null();
}

Value read_number(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (j.is_number()) return Value::number(j.get<double>());
  if (j.is_string()) {
    auto v = value_from_json(j, types::number(), path);
    if (v) return *v;
  }
  d.unexpected(path, "a number", j);
  return Value::null();
}

Value read_rich_text(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (j.is_string()) return Value::string(j.get<std::string>());
  if (is_adf_doc(j)) {
    auto wiki = adf_to_wiki(j);
    if (wiki) return Value::string(*wiki);
    d.warn(path, wiki.error().message);
    return Value::null();
  }
  d.unexpected(path, "wiki text or an ADF document", j);
  return Value::null();
}

bool looks_like_user(const Json& j) {
  if (!j.is_object()) return false;
  return member(j, "accountId") || member(j, "accountID") ||
         (member(j, "displayName") && (member(j, "name") || member(j, "emailAddress") || member(j, "key")));
}

Value read_user(Decoder& d, const Json& j, const std::string& path) {
  if (j.is_null()) return Value::null();
  if (!j.is_object()) {
    d.unexpected(path, "a user object", j);
    return Value::null();
  }
  Value user = Value::record(user_shape());
  bool any = false;
  auto put = [&](UserSlot s, std::optional<std::string> v) {
    if (v && !v->empty()) {
      user.set_field(slot(s), Value::string(*v));
      any = true;
    }
  };
  auto account = text_at(j, "accountId");
  if (!account) account = text_at(j, "accountID");  // seen in some Cloud payloads
  put(UserSlot::AccountId, account);
  put(UserSlot::Email, text_at(j, "emailAddress"));
  put(UserSlot::DisplayName, text_at(j, "displayName"));
  put(UserSlot::Username, text_at(j, "name"));
  if (!any) {
    d.warn(path, "user object without accountId, emailAddress, displayName or name");
    return Value::null();
  }
  return user;
}

namespace {

Value read_generic_object(Decoder& d, const Json& j, const std::string& path, int depth) {
  if (is_adf_doc(j)) return read_rich_text(d, j, path);
  if (looks_like_user(j)) return read_user(d, j, path);
  if (const Json* v = member(j, "value"); v && (v->is_string() || v->is_number())) {
    // A select option; a cascading option also carries its child.
    const Json* child = member(j, "child");
    if (child && child->is_object() && member(*child, "value")) {
      return Value::list({read_generic(d, *v, path_join(path, "value"), depth + 1),
                          read_generic(d, *member(*child, "value"), path_join(path, "child/value"), depth + 1)});
    }
    return read_generic(d, *v, path_join(path, "value"), depth + 1);
  }
  for (const char* key : {"name", "key"}) {
    if (auto s = text_at(j, key)) return Value::string(*s);
  }
  std::vector<std::pair<std::string, Value>> entries;
  for (const auto& [k, item] : j.items()) {
    if (k == "self" || k == "avatarUrls" || k == "iconUrl") continue;  // links, not data
    Value v = read_generic(d, item, path_join(path, k), depth + 1);
    if (!v.is_null()) entries.emplace_back(k, std::move(v));
  }
  return Value::map(std::move(entries));
}

}  // namespace

Value read_generic(Decoder& d, const Json& j, const std::string& path, int depth) {
  if (depth > 32) {
    d.warn(path, "nested too deeply");
    return Value::null();
  }
  switch (j.type()) {
    case Json::value_t::null: return Value::null();
    case Json::value_t::boolean: return Value::boolean(j.get<bool>());
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return Value::number(j.get<double>());
    case Json::value_t::string: return Value::string(j.get<std::string>());
    case Json::value_t::array: {
      std::vector<Value> items;
      for (size_t i = 0; i < j.size(); ++i) {
        Value v = read_generic(d, j[i], path_join(path, i), depth + 1);
        if (!v.is_null()) items.push_back(std::move(v));
      }
      return Value::list(std::move(items));
    }
    case Json::value_t::object: return read_generic_object(d, j, path, depth);
    default: d.unexpected(path, "a JSON value", j); return Value::null();
  }
}

}  // namespace twinsync::jira
