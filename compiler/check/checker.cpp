// checker.cpp — runs the checks over a file in order: declarations, then each rule block.
#include "compiler/check/checker.h"

#include "compiler/check/checker_state.h"

namespace twinsync {
namespace check {

std::optional<size_t> State::find_map(const std::string& name) const {
  for (size_t i = 0; i < maps.size(); ++i) {
    if (maps[i].decl->name == name) return i;
  }
  return std::nullopt;
}

LocalVar* State::find_local(const std::string& name) {
  // Innermost scope first, so an inner `let` hides an outer one.
  for (auto scope = scopes.rbegin(); scope != scopes.rend(); ++scope) {
    for (LocalVar& v : *scope) {
      if (v.name == name) return &v;
    }
  }
  return nullptr;
}

uint32_t State::alloc_locals(uint32_t n) {
  // Slots are handed back when a body ends (check_body); max_locals keeps the peak for the VM.
  const uint32_t first = next_local;
  next_local += n;
  if (next_local > max_locals) max_locals = next_local;
  return first;
}

std::vector<std::string> State::visible_names() const {
  std::vector<std::string> names = {"issue", "replica", "previous", "firstSync"};
  for (const auto& scope : scopes) {
    for (const LocalVar& v : scope) names.push_back(v.name);
  }
  for (const MapInfo& m : maps) names.push_back(m.decl->name);
  return names;
}

}  // namespace check

CheckResult check_file(ast::File& file, Schema& schema, DiagnosticSink& sink) {
  check::State st(schema, sink);
  // Declarations first: the rule blocks resolve custom fields and value maps through them.
  check::check_customs(st, file);
  check::check_maps(st, file);
  check::check_triggers(st, file);
  check::check_settings(st, file);
  for (ast::RuleBlock& b : file.blocks) check::check_block(st, b);
  check::check_unused_maps(st);
  if (!sink.has_errors() && file.blocks.empty() && file.mappings.empty() && file.uses.empty() && file.nodes.empty() &&
      file.triggers.empty() && file.maps.empty()) {
    sink.report(DiagId::NoRules, {0, 0}, "this file has no rules: nothing would sync")
        .help = "add an outgoing or incoming block, a mapping, or `use basic`";
  }
  CheckResult result;
  for (const check::MapInfo& m : st.maps) result.maps.push_back({m.decl->name, m.used_out, m.used_in});
  return result;
}

}  // namespace twinsync
