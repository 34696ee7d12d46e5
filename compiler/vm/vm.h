// vm.h — runs a chunk of bytecode against an issue, a replica and the previous replica, writing
// the output record. One dispatch loop over a flat code array; no allocation per instruction
// except where a value is built (strings, lists, a record's first write).
#pragma once

#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/bytecode/program.h"
#include "compiler/vm/host.h"

namespace twinsync {

/// The records a run sees. Outgoing: issue in, replica out. Incoming: replica in, issue out.
struct RunFrame {
  Value issue;     // root 0
  Value replica;   // root 1
  Value previous;  // root 2: the last replica synced, null on a first sync
  Value output;    // root 3: the record the rules write
  bool first_sync = false;
};

struct RunOutcome {
  enum Kind { Done, Skipped, Failed } kind = Done;
  std::string message;  // Failed: the rule's `error` text or the run-time fault
  Span span;            // where in the source it happened
  Value value;          // the result of a predicate (return.value)
};

/// One VM per thread. It keeps its own copies of the constants and value maps of the programs
/// it runs (a handful, most recent first), so the values it produces are counted on this thread only.
class Vm {
 public:
  explicit Vm(NativeTable natives) : natives_(natives) {}

  RunOutcome run(const Program& program, const Chunk& chunk, RunFrame& frame, HostContext& host);

 private:
  struct Prepared {
    uint64_t program_id = 0;
    std::vector<Value> constants;
    std::vector<std::unordered_map<Value, Value, ValueHash>> out, in;  // per value map
  };
  const Prepared& prepare(const Program& program);

  NativeTable natives_;
  std::vector<Value> stack_;
  std::vector<Value> locals_;
  std::vector<Prepared> prepared_;
};

/// The text form of a value in string interpolation: null is "", users their display name.
std::string to_display_text(const Value& v);

}  // namespace twinsync
