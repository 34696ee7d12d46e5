// diagnostic.cpp — the diagnostic registry (from diagnostics.def) and the sink.
#include "compiler/diag/diagnostic.h"

#include <algorithm>
#include <array>

namespace twinsync {
namespace {

constexpr std::array kInfos = {
#define DIAG(name, code, severity, title) DiagInfo{code, Severity::severity, title},
#include "compiler/diag/diagnostics.def"
#undef DIAG
};

}  // namespace

const DiagInfo& diag_info(DiagId id) { return kInfos[static_cast<size_t>(id)]; }

const std::vector<DiagId>& all_diag_ids() {
  static const std::vector<DiagId> ids = [] {
    std::vector<DiagId> v;
    for (size_t i = 0; i < kInfos.size(); ++i) v.push_back(static_cast<DiagId>(i));
    return v;
  }();
  return ids;
}

std::string_view severity_name(Severity s) {
  switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
  }
  return "error";
}

Diagnostic& DiagnosticSink::report(DiagId id, Span span, std::string message) {
  diags_.push_back(Diagnostic{id, diag_info(id).severity, span, std::move(message), {}, {}});
  return diags_.back();
}

bool DiagnosticSink::has_errors() const { return error_count() > 0; }

size_t DiagnosticSink::error_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Error; });
}

size_t DiagnosticSink::warning_count() const {
  return std::count_if(diags_.begin(), diags_.end(),
                       [](const Diagnostic& d) { return d.severity == Severity::Warning; });
}

std::vector<Diagnostic> DiagnosticSink::sorted() const {
  std::vector<Diagnostic> out = diags_;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    if (a.span.begin != b.span.begin) return a.span.begin < b.span.begin;
    return a.code() < b.code();
  });
  // Lowering can produce one mistake twice (both directions of a mapping): say it once.
  out.erase(std::unique(out.begin(), out.end(),
                        [](const Diagnostic& a, const Diagnostic& b) {
                          return a.id == b.id && a.span == b.span && a.message == b.message;
                        }),
            out.end());
  return out;
}

}  // namespace twinsync
