// value_json.cpp — the JSON form of values, both ways.
#include "compiler/vm/value_json.h"

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"

namespace twinsync {
namespace {

Error at(const std::string& path, const std::string& what) {
  return make_error((path.empty() ? "/" : path) + ": " + what, ErrorKind::BadJson);
}

Result<Value> record_from_json(const nlohmann::json& j, const Shape& shape, const std::string& path) {
  if (!j.is_object()) return at(path, "expected an object for a " + std::string(shape.name));
  Value rec = Value::record(shape);
  for (const auto& [key, item] : j.items()) {
    auto slot = shape.find(key);
    if (!slot) continue;  // unknown keys are ignored: a newer peer may send more fields
    auto v = value_from_json(item, shape.fields[*slot].type, path + "/" + key);
    if (!v) return v.error();
    rec.set_field(*slot, std::move(*v));
  }
  return rec;
}

}  // namespace

nlohmann::json value_to_json(const Value& v) {
  switch (v.tag()) {
    case Tag::Null: return nullptr;
    case Tag::Bool: return v.as_bool();
    case Tag::Number: {
      const double d = v.as_number();
      // Whole numbers within 9e15, where a double is exact, are written as JSON integers.
      // The range test comes first: the cast of NaN, an infinity or a value past int64 is undefined.
      if (d > -9e15 && d < 9e15 && d == static_cast<double>(static_cast<int64_t>(d))) {
        return static_cast<int64_t>(d);
      }
      return d;
    }
    case Tag::Date: return datetime::format_date(v.as_date());
    case Tag::DateTime: return datetime::format_datetime(v.as_datetime());
    case Tag::String: return std::string(v.as_string());
    case Tag::List: {
      nlohmann::json arr = nlohmann::json::array();
      for (const Value& item : v.as_list()) arr.push_back(value_to_json(item));
      return arr;
    }
    case Tag::Record: {
      nlohmann::json obj = nlohmann::json::object();
      const Shape& shape = v.shape();
      for (uint32_t i = 0; i < shape.size(); ++i) {
        if (!v.field(i).is_null()) obj[std::string(shape.fields[i].name)] = value_to_json(v.field(i));
      }
      return obj;
    }
    case Tag::Map: {
      nlohmann::json obj = nlohmann::json::object();
      for (const auto& [k, item] : v.map_entries()) obj[k] = value_to_json(item);
      return obj;
    }
  }
  return nullptr;
}

Result<Value> value_from_json(const nlohmann::json& j, const Type* type, const std::string& path) {
  // JSON null is null for every type: any field may be missing.
  if (j.is_null()) return Value::null();
  switch (type->kind) {
    case TypeKind::Bool:
      if (!j.is_boolean()) return at(path, "expected true or false");
      return Value::boolean(j.get<bool>());
    case TypeKind::Number:
      if (j.is_number()) return Value::number(j.get<double>());
      if (j.is_string()) {
        // Jira sends some numbers as text ("size": "123" in older payloads).
        try {
          size_t used = 0;
          const double d = std::stod(j.get<std::string>(), &used);
          if (used == j.get<std::string>().size()) return Value::number(d);
        } catch (const std::exception&) {
        }
      }
      return at(path, "expected a number");
    case TypeKind::Text:
      if (j.is_string()) return Value::string(j.get<std::string>());
      if (j.is_number_integer()) return Value::string(std::to_string(j.get<int64_t>()));
      return at(path, "expected text");
    case TypeKind::Date: {
      if (!j.is_string()) return at(path, "expected a date like \"2024-01-31\"");
      auto d = datetime::parse_date(j.get<std::string>());
      if (!d) return at(path, "expected a date like \"2024-01-31\", got \"" + j.get<std::string>() + "\"");
      return Value::date(*d);
    }
    case TypeKind::DateTime: {
      if (!j.is_string()) return at(path, "expected a date-time");
      auto t = datetime::parse_datetime(j.get<std::string>());
      if (!t) return at(path, "expected a date-time like \"2024-01-31T10:15:30.000+0100\"");
      return Value::datetime(*t);
    }
    case TypeKind::List: {
      if (!j.is_array()) return at(path, "expected a list");
      std::vector<Value> items;
      items.reserve(j.size());
      for (size_t i = 0; i < j.size(); ++i) {
        auto v = value_from_json(j[i], type->elem ? type->elem : types::any(), path + "/" + std::to_string(i));
        if (!v) return v.error();
        items.push_back(std::move(*v));
      }
      return Value::list(std::move(items));
    }
    case TypeKind::Record: return record_from_json(j, *type->shape, path);
    case TypeKind::Map: {
      if (!j.is_object()) return at(path, "expected an object");
      std::vector<std::pair<std::string, Value>> entries;
      for (const auto& [key, item] : j.items()) {
        auto v = value_from_json(item, type->elem ? type->elem : types::any(), path + "/" + key);
        if (!v) return v.error();
        entries.emplace_back(key, std::move(*v));
      }
      return Value::map(std::move(entries));
    }
    // No expected type: the JSON's own kind decides, objects becoming maps rather than records.
    case TypeKind::Null:
    case TypeKind::Any:
    case TypeKind::Error:
      if (j.is_boolean()) return Value::boolean(j.get<bool>());
      if (j.is_number()) return Value::number(j.get<double>());
      if (j.is_string()) return Value::string(j.get<std::string>());
      if (j.is_array()) return value_from_json(j, types::list_of(types::any()), path);
      if (j.is_object()) return value_from_json(j, types::map_of(types::any()), path);
      return Value::null();
  }
  return Value::null();
}

Result<Value> issue_from_json(const nlohmann::json& j) { return record_from_json(j, issue_shape(), ""); }

}  // namespace twinsync
