// jql_lookups.cpp — the table of tracker-answered JQL functions.
#include "compiler/jql/jql_lookups.h"

#include <algorithm>
#include <cctype>

#include "compiler/support/text.h"

namespace twinsync::jql {

const std::vector<LookupInfo>& all_lookups() {
  static const std::vector<LookupInfo> kTable = {
#define LOOKUP(id, name, min, max, meaning) {Lookup::id, name, min, max, meaning},
#include "compiler/jql/jql_lookups.def"
#undef LOOKUP
  };
  return kTable;
}

const LookupInfo& lookup_info(Lookup id) { return all_lookups()[static_cast<size_t>(id)]; }

const LookupInfo* find_lookup(std::string_view name) {
  for (const LookupInfo& l : all_lookups()) {
    if (iequals(name, l.name)) return &l;
  }
  return nullptr;
}

namespace {

std::string call_text(const Value& v, const LookupInfo& l) {
  std::string out = std::string(l.name) + "(";
  for (size_t i = 0; i < v.args.size(); ++i) out += (i ? ", " : "") + v.args[i].text;
  return out + ")";
}

void collect(const Clause& c, std::vector<std::string>& out) {
  // Lookups are found among operand values and function clauses; the same call written twice
  // is listed once.
  auto note = [&](const Value& v) {
    if (v.kind != Value::Function) return;
    if (const LookupInfo* l = find_lookup(v.text)) {
      std::string text = call_text(v, *l);
      if (std::find(out.begin(), out.end(), text) == out.end()) out.push_back(std::move(text));
    }
  };
  for (const auto& child : c.children) collect(*child, out);
  for (const Value& v : c.operand.values) note(v);
  if (c.kind == Clause::FunctionCall) note(c.function);
}

}  // namespace

namespace {

bool in_table(std::string_view name, std::initializer_list<std::string_view> table) {
  for (std::string_view known : table) {
    if (iequals(name, known)) return true;  // the table is lower case
  }
  return false;
}

}  // namespace

bool tracker_only_field(std::string_view name) {
  return in_table(name, {
#define TRACKER_FIELD(name) name,
#define TRACKER_FUNCTION(name)
#include "compiler/jql/jql_tracker_only.def"
#undef TRACKER_FIELD
#undef TRACKER_FUNCTION
                        });
}

bool tracker_only_function(std::string_view name) {
  return in_table(name, {
#define TRACKER_FIELD(name)
#define TRACKER_FUNCTION(name) name,
#include "compiler/jql/jql_tracker_only.def"
#undef TRACKER_FIELD
#undef TRACKER_FUNCTION
                        });
}

std::vector<std::string> lookups_of(const Query& query) {
  std::vector<std::string> out;
  if (query.where) collect(*query.where, out);
  return out;
}

}  // namespace twinsync::jql
