// program.h — a compiled rule file: code chunks (outgoing, incoming, one predicate per trigger),
// the constant pool, value map tables, and what the runtime needs from the header.
#pragma once

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "compiler/bytecode/opcodes.h"
#include "compiler/source/source_file.h"
#include "compiler/vm/value.h"

namespace twinsync {

/// Bumped whenever the instruction set or the file layout changes.
constexpr uint32_t kBytecodeFormat = 1;

struct Chunk {
  std::string name;          // "outgoing", "incoming", "trigger qa_bugs"
  std::vector<Instr> code;
  std::vector<Span> spans;   // source span of each instruction, for run-time errors
  uint32_t locals = 0;
  uint32_t max_stack = 0;
};

struct ValueHash {
  size_t operator()(const Value& v) const { return static_cast<size_t>(v.hash()); }
};

/// A value map with one list of entries per direction (outgoing: this side's value to the other's).
struct MapTable {
  std::string name;
  std::vector<std::pair<Value, Value>> out, in;  // in source order; first entry wins
};

struct TriggerInfo {
  std::string name;
  std::string jql;   // as written; what a Jira server is asked
  std::string note;
  bool active = true;
  Chunk predicate;   // returns bool for an issue record (root issue)
};

struct ConnectionInfo {
  std::string name, local, remote, description, project;
  /// Other settings as written (conflict policies, syncBack …), read by the runtime.
  std::vector<std::pair<std::string, std::string>> settings;
};

struct CustomFieldInfo {
  std::string name;
  std::string type;  // type name, e.g. "number", "list<text>"
};

/// A program is read by many threads at once and never changed after finish(). Its values are
/// only read (never retained) by those threads: each VM runs on its own deep copy of the
/// constants and maps (see vm.h), because reference counts are not atomic.
struct Program {
  std::string source_path;
  std::string source_text;  // kept so run-time errors print the line they come from
  uint64_t source_hash = 0;
  ConnectionInfo connection;
  std::vector<CustomFieldInfo> custom_fields;
  std::vector<Value> constants;
  /// Constant hash -> pool slot, used while generating code to keep equal constants once.
  std::unordered_multimap<uint64_t, size_t> constant_index;
  std::vector<MapTable> maps;
  std::optional<Chunk> outgoing, incoming;
  std::vector<TriggerInfo> triggers;

  /// A process-unique id, so VMs know when a program was replaced; set by finish().
  uint64_t id = 0;

  /// Seals the program after generation or loading.
  void finish();
  /// Hex digest of the whole program, recorded with every sync it produces.
  std::string version_hash() const;
};

}  // namespace twinsync
