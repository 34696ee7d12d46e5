// text_functions.cpp — lower, upper, trim, replace, regex, contains, split, join, truncate, text.
#include <re2/re2.h>

#include <memory>
#include <mutex>
#include <unordered_map>

#include "compiler/vm/vm.h"
#include "stdlib/functions/registry.h"
#include "stdlib/text/text.h"

namespace twinsync::stdlib {
namespace {

// A null text in gives a null text out: rules read optional fields all the time.
#define TEXT_ARG(i)                                         \
  if (c.args[i].is_null()) return ok(c, Value());           \
  if (!c.args[i].is_string()) return fail(c, "expected text"); \
  const std::string_view a##i = c.args[i].as_string();

// Patterns are compiled once per process; RE2 is thread-safe for matching.
const RE2* pattern(std::string_view source, std::string& error) {
  static std::mutex mu;
  static std::unordered_map<std::string, std::unique_ptr<RE2>> cache;
  std::lock_guard lock(mu);
  auto& slot = cache[std::string(source)];
  if (!slot) {
    RE2::Options options;
    options.set_log_errors(false);
    slot = std::make_unique<RE2>(source, options);
  }
  if (!slot->ok()) {
    error = "bad regular expression: " + slot->error();
    return nullptr;
  }
  return slot.get();
}

bool lower(NativeCall& c) { TEXT_ARG(0) return ok(c, Value::string(text::lower(a0))); }
bool upper(NativeCall& c) { TEXT_ARG(0) return ok(c, Value::string(text::upper(a0))); }
bool trim(NativeCall& c) { TEXT_ARG(0) return ok(c, Value::string(text::trim(a0))); }

bool replace(NativeCall& c) {
  TEXT_ARG(0) TEXT_ARG(1) TEXT_ARG(2)
  return ok(c, Value::string(text::replace_all(a0, a1, a2)));
}

bool replace_regex(NativeCall& c) {
  TEXT_ARG(0) TEXT_ARG(1) TEXT_ARG(2)
  const RE2* re = pattern(a1, c.error);
  if (!re) return false;
  std::string s(a0);
  RE2::GlobalReplace(&s, *re, a2);
  return ok(c, Value::string(s));
}

bool matches(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value::boolean(false));
  TEXT_ARG(0) TEXT_ARG(1)
  const RE2* re = pattern(a1, c.error);
  if (!re) return false;
  return ok(c, Value::boolean(RE2::PartialMatch(a0, *re)));
}

bool contains(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value::boolean(false));
  TEXT_ARG(0) TEXT_ARG(1)
  return ok(c, Value::boolean(text::contains_ignore_case(a0, a1)));
}

bool starts_with(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value::boolean(false));
  TEXT_ARG(0) TEXT_ARG(1)
  return ok(c, Value::boolean(a0.substr(0, a1.size()) == a1));
}

bool ends_with(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value::boolean(false));
  TEXT_ARG(0) TEXT_ARG(1)
  return ok(c, Value::boolean(a0.size() >= a1.size() && a0.substr(a0.size() - a1.size()) == a1));
}

bool split(NativeCall& c) {
  TEXT_ARG(0) TEXT_ARG(1)
  std::vector<Value> parts;
  for (std::string& p : text::split(a0, a1)) parts.push_back(Value::string(p));
  return ok(c, Value::list(std::move(parts)));
}

bool join(NativeCall& c) {
  if (c.args[0].is_null()) return ok(c, Value::string(""));
  if (!c.args[0].is_list()) return fail(c, "join needs a list");
  TEXT_ARG(1)
  std::vector<std::string> parts;
  for (const Value& v : c.args[0].as_list()) parts.push_back(to_display_text(v));
  return ok(c, Value::string(text::join(parts, a1)));
}

bool truncate(NativeCall& c) {
  TEXT_ARG(0)
  if (!c.args[1].is_number() || c.args[1].as_number() < 0) return fail(c, "truncate needs a length of 0 or more");
  return ok(c, Value::string(text::truncate(a0, static_cast<size_t>(c.args[1].as_number()))));
}

bool length(NativeCall& c) {
  const Value& v = c.args[0];
  if (v.is_string()) return ok(c, Value::number(static_cast<double>(text::length(v.as_string()))));
  if (v.is_list()) return ok(c, Value::number(static_cast<double>(v.as_list().size())));
  if (v.is_null()) return ok(c, Value::number(0));
  return fail(c, std::string("length of ") + tag_name(v.tag()) + " is not defined");
}

bool to_text(NativeCall& c) { return ok(c, c.args[0].is_null() ? Value() : Value::string(to_display_text(c.args[0]))); }

#undef TEXT_ARG

}  // namespace

void add_text_functions(Table& t) {
  put(t, BuiltinId::Lower, lower);
  put(t, BuiltinId::Upper, upper);
  put(t, BuiltinId::Trim, trim);
  put(t, BuiltinId::Replace, replace);
  put(t, BuiltinId::ReplaceRegex, replace_regex);
  put(t, BuiltinId::Matches, matches);
  put(t, BuiltinId::Contains, contains);
  put(t, BuiltinId::StartsWith, starts_with);
  put(t, BuiltinId::EndsWith, ends_with);
  put(t, BuiltinId::Split, split);
  put(t, BuiltinId::Join, join);
  put(t, BuiltinId::Truncate, truncate);
  put(t, BuiltinId::Length, length);
  put(t, BuiltinId::ToText, to_text);
}

}  // namespace twinsync::stdlib
