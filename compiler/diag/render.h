// render.h — prints diagnostics the way compilers do (text) or for editors and CI (JSON).
#pragma once

#include <string>
#include <vector>

#include "compiler/diag/diagnostic.h"
#include "compiler/source/source_file.h"

namespace twinsync {

/// `file:line:col: error: message [TS010]`, the source line, a caret under the span, notes, help.
std::string render_text(const SourceFile& file, const Diagnostic& d);
std::string render_text(const SourceFile& file, const std::vector<Diagnostic>& diags);

/// One JSON object per diagnostic: file, line, column, end, severity, code, message, notes, help.
std::string render_json(const SourceFile& file, const std::vector<Diagnostic>& diags);

}  // namespace twinsync
