// Golden tests of the language: the diagnostics of every bad rule file, the bytecode listing of
// every good one, and Visual/Basic mode lowering to the same code as hand-written rules.
// Adding a case is adding a file under tests/lang/.
#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "compiler/bytecode/disasm.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "tests/support/golden.h"

namespace twinsync {
namespace {

using testkit::case_name;
using testkit::expect_golden;
using testkit::files_in;
using testkit::read_text;

std::string source_of(const std::string& path) { return read_text(std::string(TWINSYNC_SOURCE_DIR) + "/" + path); }

class Diagnostics : public ::testing::TestWithParam<std::string> {};

TEST_P(Diagnostics, MatchGolden) {
  const std::string path = GetParam();
  const SourceFile file(path, source_of(path));
  DiagnosticSink sink;
  Schema schema;
  check_source(file, schema, sink);
  EXPECT_FALSE(sink.all().empty()) << path << " should produce at least one diagnostic";
  expect_golden(path.substr(0, path.size() - 5) + ".expected", render_text(file, sink.sorted()));
}

INSTANTIATE_TEST_SUITE_P(Lang, Diagnostics, ::testing::ValuesIn(files_in("tests/lang/diagnostics", ".sync")),
                         [](const auto& param_info) { return case_name(param_info.param); });

TEST(Diagnostics, EveryCodeHasAGoldenFileThatTriggersIt) {
  std::string all;
  for (const std::string& f : files_in("tests/lang/diagnostics", ".expected")) all += source_of(f);
  // The import's codes (TS06x) are triggered by Groovy scripts, not by rule files.
  for (const std::string& f : files_in("tests/import/exalate", ".expected")) all += source_of(f);
  for (DiagId id : all_diag_ids()) {
    const std::string code = "[" + std::string(diag_info(id).code) + "]";
    EXPECT_NE(all.find(code), std::string::npos) << code << " (" << diag_info(id).title << ") has no golden case";
  }
}

class Bytecode : public ::testing::TestWithParam<std::string> {};

TEST_P(Bytecode, MatchGolden) {
  const std::string path = GetParam();
  const SourceFile file(path, source_of(path));
  DiagnosticSink sink;
  auto program = compile_source(file, Schema{}, sink);
  ASSERT_TRUE(program) << render_text(file, sink.sorted());
  expect_golden(path.substr(0, path.size() - 5) + ".disasm", disassemble(*program));
}

INSTANTIATE_TEST_SUITE_P(Lang, Bytecode, ::testing::ValuesIn(files_in("tests/lang/bytecode", ".sync")),
                         [](const auto& param_info) { return case_name(param_info.param); });

// Instructions without their source positions: lowered code must equal hand-written code.
std::string code_only(const Program& p) {
  std::string listing;
  for (const std::optional<Chunk>* c : {&p.outgoing, &p.incoming}) {
    if (*c) listing += disassemble(p, **c);
  }
  return std::regex_replace(listing, std::regex(" *; [0-9]+:[0-9]+"), "");
}

class Lowering : public ::testing::TestWithParam<std::string> {};

TEST_P(Lowering, SameCodeAsHandWritten) {
  const std::string path = GetParam();  // x.sync, with x.handwritten beside it
  const std::string hand_path = path.substr(0, path.size() - 5) + ".handwritten";
  DiagnosticSink sink;
  const SourceFile lowered_src(path, source_of(path));
  const SourceFile hand_src(hand_path, source_of(hand_path));
  auto lowered = compile_source(lowered_src, Schema{}, sink);
  auto hand = compile_source(hand_src, Schema{}, sink);
  ASSERT_TRUE(lowered && hand) << render_text(lowered_src, sink.sorted());
  EXPECT_EQ(code_only(*lowered), code_only(*hand));
  expect_golden(path.substr(0, path.size() - 5) + ".disasm", code_only(*lowered));
}

INSTANTIATE_TEST_SUITE_P(Lang, Lowering, ::testing::ValuesIn(files_in("tests/lang/lowering", ".sync")),
                         [](const auto& param_info) { return case_name(param_info.param); });

}  // namespace
}  // namespace twinsync
