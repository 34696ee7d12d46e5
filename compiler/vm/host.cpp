// host.cpp — default host behaviour.
#include "compiler/vm/host.h"

#include "compiler/vm/datetime.h"

namespace twinsync {

int64_t HostContext::now_ms() const { return datetime::now_ms(); }

Result<Value> HostContext::jql_lookup(std::string_view, const std::vector<std::string>&) {
  // Without a tracker nothing is known: an empty answer, so a filter still runs (lint, eval).
  return Value::list({});
}

Result<bool> HostContext::jql_ask_tracker(const Value&, std::string_view clause) {
  return make_error("only the tracker can judge `" + std::string(clause) + "`", ErrorKind::Lookup);
}

Result<bool> HostContext::jql_history(const Value&, const jql::HistoryQuery&) {
  return make_error("only the tracker keeps the issue's history", ErrorKind::Lookup);
}

}  // namespace twinsync
