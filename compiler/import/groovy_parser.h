// groovy_parser.h — a recursive-descent parser for the Groovy subset of Exalate's sync scripts.
// It never throws to its caller, never recurses without bound and never stops early: a
// statement it cannot parse is reported (TS060) and kept as an Unparsed statement.
#pragma once

#include "compiler/diag/diagnostic.h"
#include "compiler/import/groovy_ast.h"

namespace twinsync::groovy {

/// Brackets, blocks, interpolations and prefix operators nest at most this deep: well inside
/// the rule language's own limit of 200, since a translation can add parentheses.
constexpr int kMaxDepth = 64;
/// Operators, members and values in one statement: an expression longer than this is refused
/// rather than translated into one the rule language would refuse.
constexpr int kMaxNodes = 1000;

/// The statements of a whole script. Syntax errors go to `sink`; the rest of the file is still
/// parsed.
Block parse_script(const SourceFile& file, DiagnosticSink& sink);

}  // namespace twinsync::groovy
