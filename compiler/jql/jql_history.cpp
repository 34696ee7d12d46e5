// jql_history.cpp — the tables of jql_history.def, and the compiled clause read back for a host.
#include "compiler/jql/jql_history.h"

#include <algorithm>
#include <cctype>

namespace twinsync::jql {
namespace {

struct HistoryField {
  const char* jql_name;
  const char* field_id;
};

constexpr HistoryField kFields[] = {
#define HISTORY_FIELD(name, id) {name, id},
#define HISTORY_PREDICATE(id, word, on_was, on_changed, values, meaning)
#include "compiler/jql/jql_history.def"
#undef HISTORY_PREDICATE
#undef HISTORY_FIELD
};

constexpr HistoryPredicateInfo kPredicates[] = {
#define HISTORY_FIELD(name, id)
#define HISTORY_PREDICATE(id, word, on_was, on_changed, values, meaning) \
  {HistoryWord::id, word, on_was != 0, on_changed != 0, HistoryValues::values, meaning},
#include "compiler/jql/jql_history.def"
#undef HISTORY_PREDICATE
#undef HISTORY_FIELD
};

bool same_ignoring_case(std::string_view a, std::string_view b) {
  return std::ranges::equal(a, b, [](unsigned char x, unsigned char y) { return std::tolower(x) == std::tolower(y); });
}

}  // namespace

const HistoryPredicateInfo* find_history_predicate(std::string_view word) {
  for (const HistoryPredicateInfo& p : kPredicates) {
    if (same_ignoring_case(word, p.word)) return &p;
  }
  return nullptr;
}

const HistoryPredicateInfo& history_predicate_info(HistoryWord id) { return kPredicates[static_cast<size_t>(id)]; }

std::optional<std::string_view> history_field_id(std::string_view jql_name) {
  for (const HistoryField& f : kFields) {
    if (same_ignoring_case(jql_name, f.jql_name)) return f.field_id;
  }
  return std::nullopt;
}

std::string history_field_list() {
  std::string out;
  const size_t n = std::size(kFields);
  for (size_t i = 0; i < n; ++i) out += (i == 0 ? "" : i + 1 == n ? " and " : ", ") + std::string(kFields[i].jql_name);
  return out;
}

std::optional<HistoryQuery> history_query_from(const twinsync::Value& spec, const twinsync::Value& values,
                                               const twinsync::Value& predicates) {
  // The layout JqlGen::history() emits: spec is [kind, field id], each predicate [word, value…].
  // Anything else did not come from the compiler, and is refused rather than guessed at.
  if (!spec.is_list() || spec.as_list().size() != 2 || !predicates.is_list()) return std::nullopt;
  const twinsync::Value& kind = spec.as_list()[0];
  const twinsync::Value& field = spec.as_list()[1];
  if (!kind.is_string() || !field.is_string()) return std::nullopt;
  HistoryQuery q;
  // There is no WAS NOT here: the compiled clause negates WAS itself.
  q.changed = kind.as_string() == "changed";
  q.field_id = std::string(field.as_string());
  q.values = values;
  for (const twinsync::Value& p : predicates.as_list()) {
    if (!p.is_list() || p.as_list().empty() || !p.as_list()[0].is_string()) return std::nullopt;
    const HistoryPredicateInfo* info = find_history_predicate(p.as_list()[0].as_string());
    if (!info) return std::nullopt;
    q.predicates.push_back({info->id, std::vector<twinsync::Value>(p.as_list().begin() + 1, p.as_list().end())});
  }
  return q;
}

}  // namespace twinsync::jql
