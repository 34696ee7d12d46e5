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

namespace {

// nlohmann's SAX events, building only the members on the kept paths: the rest is tokenised and
// dropped, never allocated as a tree (the parse-with-callback API builds every value first).
class KeepingBuilder {
 public:
  using Paths = std::vector<std::vector<std::string>>;
  explicit KeepingBuilder(const Paths& paths) : paths_(paths) {}
  Json root;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool v) { return put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return put(Json(v)); }
  bool number_float(Json::number_float_t v, const Json::string_t&) { return put(Json(v)); }
  bool string(Json::string_t& v) { return put(Json(std::move(v))); }
  bool binary(Json::binary_t&) { return put(Json(nullptr)); }
  bool start_object(std::size_t) { return open(Json::object()); }
  bool start_array(std::size_t) { return open(Json::array()); }
  bool end_object() { return close(); }
  bool end_array() { return close(); }
  bool key(Json::string_t& k) {
    if (skipping_ > 0) return true;
    key_ = std::move(k);
    path_.push_back(key_);
    whole_ = levels_.back().whole;
    keep_ = whole_ || on_the_way(whole_);
    path_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) { return false; }

 private:
  struct Level {
    Json* node;
    bool whole;  // every member of it is kept
  };

  // Whether path_ leads to a kept path (or is one, or lies under one: then `whole`).
  bool on_the_way(bool& whole) const {
    bool keep = false;
    for (const auto& p : paths_) {
      const size_t n = std::min(p.size(), path_.size());
      if (!std::equal(p.begin(), p.begin() + static_cast<std::ptrdiff_t>(n), path_.begin())) continue;
      keep = true;
      if (p.size() <= path_.size()) whole = true;
    }
    return keep;
  }
  // Where a value goes: the root, the end of an array, or the member named by the last key.
  Json* slot() {
    if (levels_.empty()) return &root;
    Json& top = *levels_.back().node;
    if (top.is_array()) {
      top.push_back(nullptr);
      return &top.back();
    }
    return keep_ ? &top[key_] : nullptr;
  }
  bool put(Json v) {
    if (skipping_ > 0) return true;
    if (Json* at = slot()) *at = std::move(v);
    return true;
  }
  bool open(Json empty) {
    if (++depth_ > kMaxJsonDepth) return false;  // nlohmann's SAX loop is iterative: the bound is ours
    if (skipping_ > 0) {
      ++skipping_;
      return true;
    }
    const bool in_array = !levels_.empty() && levels_.back().node->is_array();
    Json* at = slot();
    if (!at) {
      skipping_ = 1;
      return true;
    }
    *at = std::move(empty);
    const bool whole = levels_.empty() ? false : in_array ? levels_.back().whole : whole_;
    if (!levels_.empty() && !in_array) path_.push_back(key_);
    names_.push_back(!levels_.empty() && !in_array);
    levels_.push_back({at, whole});
    return true;
  }
  bool close() {
    --depth_;
    if (skipping_ > 0) {
      --skipping_;
      return true;
    }
    levels_.pop_back();
    if (names_.back()) path_.pop_back();
    names_.pop_back();
    return true;
  }

  const Paths& paths_;
  std::vector<Level> levels_;
  std::vector<bool> names_;         // per level: it added a name to path_
  std::vector<std::string> path_;   // the member names from the root to the current object
  std::string key_;                 // the last key read, and whether its member is kept
  bool keep_ = true, whole_ = false;
  int skipping_ = 0;                // depth inside a member that is not kept
  size_t depth_ = 0;                // of the whole document
};

}  // namespace

std::optional<Json> parse_json_keeping(std::string_view text, const std::vector<std::vector<std::string>>& paths) {
  KeepingBuilder builder(paths);
  if (!Json::sax_parse(text.begin(), text.end(), &builder, Json::input_format_t::json, /*strict=*/true)) return std::nullopt;
  return std::move(builder.root);
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
