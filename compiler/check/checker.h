// checker.h — name resolution, type checks and lint over a parsed (and lowered) rule file.
// Findings go to the DiagnosticSink as values; the AST is annotated in place (types, what each
// name refers to, local slots) for the code generator.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"

namespace twinsync {

/// What the checker knows about the issues beyond fields.def: custom fields, by name, from the
/// file's `custom` declarations and from a tracker's field list.
struct Schema {
  std::map<std::string, const Type*> custom_fields;
  /// Custom field ids (cf[10010] in JQL) to names, when a tracker's field list is known.
  std::map<long, std::string> custom_ids;
  /// Known statuses / priorities / types of the local tracker, when read from it: value maps are
  /// checked against them (a map that misses a status the tracker has gets a warning).
  std::vector<std::string> statuses, priorities, issue_types;
};

/// Facts the code generator needs that are not on the AST nodes.
struct CheckedMap {
  std::string name;
  bool used_out = false, used_in = false;
};

struct CheckResult {
  std::vector<CheckedMap> maps;  // in declaration order; map index = position
};

/// Checks `file` (after lowering); `schema` is extended with the file's custom declarations.
CheckResult check_file(ast::File& file, Schema& schema, DiagnosticSink& sink);

}  // namespace twinsync
