// diagnostic.h — diagnostics as values: what was found, where, and how to fix it.
// Detection produces these; diag/render.h turns them into text or JSON.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "compiler/source/source_file.h"

namespace twinsync {

enum class Severity { Note, Warning, Error };

enum class DiagId {
#define DIAG(name, code, severity, title) name,
#include "compiler/diag/diagnostics.def"
#undef DIAG
};

/// The registry entry of one DiagId, from diagnostics.def.
struct DiagInfo {
  std::string_view code;   // "TS010"
  Severity severity;
  std::string_view title;  // "unknown field"
};
const DiagInfo& diag_info(DiagId id);
/// All registered diagnostics, in code order (for docs and tests).
const std::vector<DiagId>& all_diag_ids();
std::string_view severity_name(Severity s);

/// A secondary message, optionally pointing at another place in the same file.
struct DiagNote {
  std::string message;
  std::optional<Span> span;
};

struct Diagnostic {
  DiagId id;
  Severity severity;
  Span span;
  std::string message;
  std::vector<DiagNote> notes;
  std::optional<std::string> help;  // "did you mean `summary`?"

  std::string_view code() const { return diag_info(id).code; }
};

/// Collects the diagnostics of one file; passes keep going after errors so one run reports all.
class DiagnosticSink {
 public:
  Diagnostic& report(DiagId id, Span span, std::string message);
  void add(Diagnostic d) { diags_.push_back(std::move(d)); }

  bool has_errors() const;
  size_t error_count() const;
  size_t warning_count() const;
  const std::vector<Diagnostic>& all() const { return diags_; }
  /// Diagnostics ordered by position, then code, as they are printed.
  std::vector<Diagnostic> sorted() const;

 private:
  std::vector<Diagnostic> diags_;
};

}  // namespace twinsync
