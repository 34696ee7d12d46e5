// strict_json.cpp — a SAX handler that builds the document itself, so depth and duplicate keys
// are checked while parsing instead of after a recursive parse has already happened.
#include "runtime/transport/strict_json.h"

#include <set>
#include <string>
#include <vector>

namespace twinsync::transport {

namespace {

using json = nlohmann::json;

// A key from untrusted input, shortened and with control characters hidden, fit for a message.
std::string printable(const std::string& key) {
  std::string out;
  for (char c : key.substr(0, 40)) out += (static_cast<unsigned char>(c) < 0x20) ? '?' : c;
  return key.size() > 40 ? out + "…" : out;
}

class Builder final : public nlohmann::json_sax<json> {
 public:
  explicit Builder(size_t max_depth) : max_depth_(max_depth) {}

  bool null() override { return add(json(nullptr)) != nullptr; }
  bool boolean(bool v) override { return add(json(v)) != nullptr; }
  bool number_integer(number_integer_t v) override { return add(json(v)) != nullptr; }
  bool number_unsigned(number_unsigned_t v) override { return add(json(v)) != nullptr; }
  bool number_float(number_float_t v, const string_t&) override { return add(json(v)) != nullptr; }
  bool string(string_t& v) override { return add(json(std::move(v))) != nullptr; }
  bool binary(binary_t&) override { return fail("binary values are not JSON"); }

  bool start_object(std::size_t) override { return open(json::object()); }
  bool start_array(std::size_t) override { return open(json::array()); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (!keys_.back().insert(k).second) return fail("duplicate key \"" + printable(k) + "\"");
    key_ = std::move(k);
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception&) override {
    if (error_.empty()) error_ = "malformed JSON at byte " + std::to_string(position);
    return false;
  }

  json& root() { return root_; }
  const std::string& error() const { return error_; }

 private:
  json* add(json value) {
    if (stack_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    json& top = *stack_.back();
    if (top.is_array()) {
      top.push_back(std::move(value));
      return &top.back();
    }
    json& slot = top[key_];
    slot = std::move(value);
    return &slot;
  }

  bool open(json container) {
    if (stack_.size() + 1 > max_depth_) return fail("JSON nested deeper than " + std::to_string(max_depth_) + " levels");
    const bool object = container.is_object();
    stack_.push_back(add(std::move(container)));
    keys_.emplace_back();
    if (!object) keys_.back().insert("");  // unused for arrays; keeps the stacks aligned
    return true;
  }

  bool close() {
    stack_.pop_back();
    keys_.pop_back();
    return true;
  }

  bool fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }

  size_t max_depth_;
  json root_;
  std::vector<json*> stack_;
  std::vector<std::set<std::string>> keys_;
  std::string key_;
  std::string error_;
};

}  // namespace

Result<nlohmann::json> parse_strict_json(std::string_view text, size_t max_depth) {
  Builder builder(max_depth);
  bool ok = false;
  try {
    ok = json::sax_parse(text, &builder);
  } catch (const std::exception&) {
    ok = false;  // the parser's own exceptions never leave this module
  }
  if (!ok) {
    return make_error(builder.error().empty() ? "malformed JSON" : builder.error(), ErrorKind::BadJson);
  }
  return std::move(builder.root());
}

}  // namespace twinsync::transport
