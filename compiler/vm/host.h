// host.h — what the VM asks of whoever runs it: the clock, users and issue types of the local
// tracker, and the table of host function implementations (stdlib).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/support/result.h"

#include "compiler/vm/value.h"

namespace twinsync {

namespace jql {
struct HistoryQuery;
}

class HostContext;

/// One call of a host function: arguments in, a result or an error message out.
struct NativeCall {
  HostContext& host;
  const Value* args;
  uint32_t argc;
  Value result;
  std::string error;  // set with a false return
};
using NativeFn = bool (*)(NativeCall& call);
/// Indexed by BuiltinId (compiler/check/builtin_table.h).
using NativeTable = std::span<const NativeFn>;

class HostContext {
 public:
  virtual ~HostContext() = default;
  virtual int64_t now_ms() const;
  /// The user a trigger filter's currentUser() means (the sync's own account).
  virtual Value current_user() const { return {}; }
  virtual Value user_by_email(std::string_view) { return {}; }
  virtual Value user_by_id(std::string_view) { return {}; }
  /// The local tracker's spelling of an issue type, or null when it has no such type. Without a
  /// tracker to ask (lint, eval), every name is taken as it is.
  virtual Value local_type(std::string_view name) { return Value::string(name); }
  /// The answer of a JQL function that needs the tracker's data (compiler/jql/jql_lookups.def,
  /// by the name it spells there): a list of user identities, version names or issue keys, or an
  /// error when the tracker cannot be asked now. Without a tracker (lint, eval) nothing is known.
  virtual Result<Value> jql_lookup(std::string_view function, const std::vector<std::string>& args);
  /// Whether the tracker finds `issue` with a clause only it can judge (WAS, votes, sprints …:
  /// compiler/jql/jql_tracker_only.def). Without a tracker, an error: nothing can be said.
  virtual Result<bool> jql_ask_tracker(const Value& issue, std::string_view clause);
  /// Whether the issue's history satisfies a WAS or CHANGED clause (the host that keeps the
  /// changelog: the embedded tracker's search). Elsewhere an error: nothing can be said.
  virtual Result<bool> jql_history(const Value& issue, const jql::HistoryQuery& query);
};

}  // namespace twinsync
