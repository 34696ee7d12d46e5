// json_util.cpp — non-throwing JSON reads and writes for the Jira connector.
#include "runtime/jira/json_util.h"

#include "compiler/support/json_depth.h"
#include "compiler/support/numbers.h"

namespace twinsync::jira {

std::optional<Json> parse_json(std::string_view text) {
  if (json_depth(text) > kMaxJsonDepth) return std::nullopt;
  Json j = Json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::optional<Json> parse_json_keeping(std::string_view text, const std::vector<std::vector<std::string>>& paths) {
  if (json_depth(text) > kMaxJsonDepth) return std::nullopt;
  // The member names from the root to the member being read (arrays add a level with no name).
  std::vector<std::string> at;
  auto wanted = [&] {
    for (const auto& p : paths) {
      const size_t n = std::min(p.size(), at.size());
      if (std::equal(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n), at.begin())) return true;
    }
    return false;
  };
  Json::parser_callback_t keep = [&](int depth, Json::parse_event_t event, Json& parsed) {
    if (event != Json::parse_event_t::key) return true;
    at.resize(static_cast<size_t>(depth));
    at[static_cast<size_t>(depth) - 1] = parsed.get<std::string>();
    return wanted();
  };
  Json j = Json::parse(text.begin(), text.end(), keep, /*allow_exceptions=*/false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

std::string dump_json(const Json& j) {
  return j.dump(-1, ' ', false, Json::error_handler_t::replace);
}

const Json* member(const Json& j, std::string_view key) {
  if (!j.is_object()) return nullptr;
  auto it = j.find(key);
  return it == j.end() ? nullptr : &*it;
}

const Json& member_or_null(const Json& j, std::string_view key) {
  static const Json null_json;
  const Json* m = member(j, key);
  return m ? *m : null_json;
}

std::optional<std::string> text_of(const Json* j) {
  if (j == nullptr) return std::nullopt;
  if (j->is_string()) return j->get<std::string>();
  if (j->is_number_integer()) return std::to_string(j->get<int64_t>());
  if (j->is_number_unsigned()) return std::to_string(j->get<uint64_t>());
  return std::nullopt;
}

std::optional<std::string> text_at(const Json& j, std::string_view key) { return text_of(member(j, key)); }

std::optional<int64_t> int_at(const Json& j, std::string_view key) {
  const Json* m = member(j, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_number_integer()) return m->get<int64_t>();
  if (m->is_number_float()) return static_cast<int64_t>(m->get<double>());
  if (m->is_string()) {
    return parse_int<int64_t>(m->get_ref<const std::string&>());
  }
  return std::nullopt;
}

std::optional<bool> bool_at(const Json& j, std::string_view key) {
  const Json* m = member(j, key);
  if (m == nullptr) return std::nullopt;
  if (m->is_boolean()) return m->get<bool>();
  if (m->is_string()) {
    // Some older webhooks send booleans as text.
    if (*m == "true") return true;
    if (*m == "false") return false;
  }
  return std::nullopt;
}

std::string json_kind(const Json& j) {
  switch (j.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::object: return "an object";
    case Json::value_t::array: return "a list";
    case Json::value_t::string: return "text";
    case Json::value_t::boolean: return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return "a number";
    default: return "an unexpected value";
  }
}

std::string path_join(const std::string& path, std::string_view key) {
  std::string out = path;
  out += '/';
  out += key;
  return out;
}

std::string path_join(const std::string& path, size_t index) { return path + "/" + std::to_string(index); }

}  // namespace twinsync::jira
