// op_call.cpp — shared by the operation commands: one admin API call, printed for people or as JSON.
#include "runtime/cli/op_call.h"

#include <iostream>

#include "compiler/vm/datetime.h"
#include "runtime/cli/exit_codes.h"

namespace twinsync::cli {

using nlohmann::json;

int fail(const Error& e) {
  std::cerr << "twinsync: error: " << e.message << "\n";
  return e.kind == ErrorKind::Refused ? kExitInputError : kExitUsage;
}

std::string when(int64_t ms) { return ms ? datetime::format_jql_datetime(ms) + " UTC" : "never"; }

// Runs a call and prints its JSON with --json, or lets `show` print it for people.
int call(const NodeTarget& t, const std::string& method, const std::string& path, const json& body,
         const std::function<void(const json&)>& show) {
  auto r = admin_call(t, method, path, body);
  if (!r) return fail(r.error());
  if (t.json) {
    std::cout << r->dump(2) << "\n";
  } else {
    show(*r);
  }
  return kExitOk;
}

}  // namespace twinsync::cli
