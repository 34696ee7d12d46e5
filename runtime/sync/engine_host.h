// engine_host.h — the VM's host during a sync: users and issue types from the local tracker,
// the sync user for currentUser(), and the clock.
#pragma once

#include <optional>

#include "compiler/jql/jql_print.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/host.h"
#include "runtime/sync/tracker_port.h"

namespace twinsync::sync {

class EngineHost : public HostContext {
 public:
  explicit EngineHost(TrackerPort& tracker) : tracker_(tracker) {}
  Value current_user() const override { return tracker_.sync_user(); }
  Value user_by_email(std::string_view email) override { return tracker_.user_by_email(std::string(email)); }
  Value user_by_id(std::string_view id) override { return tracker_.user_by_id(std::string(id)); }
  Value local_type(std::string_view name) override { return tracker_.local_type(std::string(name)); }
  Result<Value> jql_lookup(std::string_view function, const std::vector<std::string>& args) override {
    auto answer = tracker_.jql_lookup(std::string(function), args);
    if (!answer) lookup_error = answer.error();
    return answer;
  }

  Result<bool> jql_ask_tracker(const Value& issue, std::string_view clause) override {
    const Value& key = issue.is_record() ? issue.field(slot(IssueSlot::Key)) : Value();
    if (!key.is_string()) return make_error("an issue without a key cannot be asked about", ErrorKind::Data);
    const std::string jql = "key = " + jql::quoted(std::string(key.as_string())) + " AND (" + std::string(clause) + ")";
    auto keys = tracker_.search_keys(jql);
    if (!keys) {
      lookup_error = keys.error();
      return keys.error();
    }
    return !keys->empty();
  }

  /// The last lookup the tracker could not answer: a trigger that needed it has no verdict.
  std::optional<Error> lookup_error;

 private:
  TrackerPort& tracker_;
};

}  // namespace twinsync::sync
