// host.cpp — default host behaviour.
#include "compiler/vm/host.h"

#include "compiler/vm/datetime.h"

namespace twinsync {

int64_t HostContext::now_ms() const { return datetime::now_ms(); }

Result<Value> HostContext::jql_lookup(std::string_view, const std::vector<std::string>&) {
  return Value::list({});
}

}  // namespace twinsync
