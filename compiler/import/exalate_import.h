// exalate_import.h — translates an Exalate connection's Groovy sync scripts (one side: its
// outgoing and incoming script) into a rule file a person can review. What does not translate
// is reported with its place and kept in the file as a comment.
#pragma once

#include <map>
#include <string>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace twinsync::exalate {

struct ImportOptions {
  /// Custom field types by name (from the tracker's field list), as the rule language spells
  /// them; fields not named here get a well-known type or `text` with a warning.
  std::map<std::string, std::string> custom_types;
};

struct ImportResult {
  std::string text;                     // the rule file
  DiagnosticSink outgoing, incoming;    // the problems of each script, at their place in it
  size_t untranslated = 0;              // statements kept as comments
};

/// Translates the scripts; either may be null (no such block then).
ImportResult import_exalate(const SourceFile* outgoing, const SourceFile* incoming, const ImportOptions& options);

}  // namespace twinsync::exalate
