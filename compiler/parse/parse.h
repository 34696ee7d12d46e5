// parse.h — source text to AST. The only entry points that touch ANTLR; nothing they return
// holds an ANTLR type.
#pragma once

#include <optional>

#include "compiler/ast/ast.h"
#include "compiler/diag/diagnostic.h"
#include "compiler/jql/jql_ast.h"
#include "compiler/source/source_file.h"

namespace twinsync::parse {

/// Parses a .sync file. Syntax errors go to `sink`, all of them (the parser recovers); a
/// statement or declaration that has a syntax error is left out of the AST, so the checks that
/// follow see only what parsed. Trigger filters are parsed as JQL too.
ast::File parse_sync(const SourceFile& file, DiagnosticSink& sink);

/// Parses the JQL query that occupies `span` of `file` (the whole file for a search request).
std::optional<jql::Query> parse_jql(const SourceFile& file, Span span, DiagnosticSink& sink);

/// Checks that the text is UTF-8 before ANTLR sees it (its input stream throws on bad bytes).
bool check_utf8(const SourceFile& file, Span span, DiagnosticSink& sink);

}  // namespace twinsync::parse
