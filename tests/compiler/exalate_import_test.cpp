// Golden tests of `twinsync import exalate`: each case under tests/import/exalate/ is an
// Exalate script pair (NAME.outgoing.groovy and/or NAME.incoming.groovy) with the rule file it
// translates to (NAME.sync) and everything the import and a lint of that file report
// (NAME.expected). Cases named fail_* must leave something untranslated; the others must
// translate whole and lint without errors. Adding a case is adding its files.
#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <set>

#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/import/exalate_import.h"
#include "tests/support/golden.h"

namespace twinsync {
namespace {

using testkit::expect_golden;
using testkit::files_in;
using testkit::read_text;

const std::string kDir = "tests/import/exalate";

std::vector<std::string> case_names() {
  std::set<std::string> names;
  for (const std::string& f : files_in(kDir, ".groovy")) {
    const std::string file = std::filesystem::path(f).filename().string();
    names.insert(file.substr(0, file.find('.')));
  }
  return {names.begin(), names.end()};
}

std::optional<SourceFile> script(const std::string& path) {
  if (!std::filesystem::exists(std::string(TWINSYNC_SOURCE_DIR) + "/" + path)) return std::nullopt;
  return SourceFile(path, read_text(std::string(TWINSYNC_SOURCE_DIR) + "/" + path));
}

class ExalateImport : public ::testing::TestWithParam<std::string> {};

TEST_P(ExalateImport, MatchesGolden) {
  const std::string base = kDir + "/" + GetParam();
  const auto out = script(base + ".outgoing.groovy");
  const auto in = script(base + ".incoming.groovy");
  const exalate::ImportResult r = exalate::import_exalate(out ? &*out : nullptr, in ? &*in : nullptr, {});
  expect_golden(base + ".sync", r.text);

  const SourceFile rules(base + ".sync", r.text);
  DiagnosticSink lint;
  Schema schema;
  check_source(rules, schema, lint);
  std::string report;
  if (out) report += render_text(*out, r.outgoing.sorted());
  if (in) report += render_text(*in, r.incoming.sorted());
  report += render_text(rules, lint.sorted());
  expect_golden(base + ".expected", report);

  if (GetParam().rfind("fail_", 0) == 0) {
    EXPECT_GT(r.untranslated, 0u);
  } else {
    EXPECT_EQ(r.untranslated, 0u) << report;
    EXPECT_FALSE(r.outgoing.has_errors() || r.incoming.has_errors() || lint.has_errors()) << report;
  }
}

INSTANTIATE_TEST_SUITE_P(Exalate, ExalateImport, ::testing::ValuesIn(case_names()),
                         [](const auto& param_info) { return param_info.param; });

// What the brief of the import promises for a line it cannot translate: its place as a compiler
// gives it, and the line itself in the output, marked.
TEST(ExalateImport, AnUntranslatedLineIsReportedWithItsPlaceAndKept) {
  const SourceFile out("OUT.groovy", "replica.summary = issue.summary\n    replica.watchers = issue.watchers\n");
  const exalate::ImportResult r = exalate::import_exalate(&out, nullptr, {});
  EXPECT_EQ(r.untranslated, 1u);
  const std::string diag = render_text(out, r.outgoing.sorted());
  EXPECT_NE(diag.find("OUT.groovy:2:5: error: Exalate's field `watchers` has no counterpart in the rule language [TS061]"),
            std::string::npos) << diag;
  EXPECT_NE(r.text.find("  // untranslated (OUT.groovy:2:5): replica.watchers = issue.watchers\n"), std::string::npos)
      << r.text;
  EXPECT_NE(r.text.find("  replica.summary = issue.summary\n"), std::string::npos) << r.text;
}

// `replica.status == "Done"` is false in Groovy whatever the status (an object is no text);
// translated as a name comparison it would be true for Done. It is left to the person.
TEST(ExalateImport, AnObjectComparedWithATextIsNotTranslated) {
  const SourceFile in("IN.groovy",
                      "if (firstSync) { issue.projectKey = \"A\"; issue.typeName = \"Task\" }\n"
                      "if (replica.status == \"Done\") issue.summary = \"x\"\n"
                      "if (replica.status.name == \"Done\") issue.summary = \"y\"\n");
  const exalate::ImportResult r = exalate::import_exalate(nullptr, &in, {});
  EXPECT_EQ(r.untranslated, 1u);
  EXPECT_NE(render_text(in, r.incoming.sorted()).find("IN.groovy:2:5: error: compares Exalate's object with a text"),
            std::string::npos);
  EXPECT_NE(r.text.find("  if replica.status == \"Done\" {\n    issue.summary = \"y\"\n"), std::string::npos) << r.text;
}

TEST(ExalateImport, AMapDefinedOnBothSidesWorksBothWays) {
  const SourceFile out("o.groovy", "def m = [\"High\": \"P1\"]\nreplica.priority = m[issue.priority.name]\n");
  const SourceFile in("i.groovy", "def m = [\"P1\": \"High\", \"P9\": \"Low\"]\nissue.priority = m[replica.priority.name]\n");
  const exalate::ImportResult r = exalate::import_exalate(&out, &in, {});
  EXPECT_NE(r.text.find("\"High\" <-> \"P1\""), std::string::npos) << r.text;
  EXPECT_NE(r.text.find("\"Low\"  <- \"P9\""), std::string::npos) << r.text;
}

TEST(ExalateImport, CustomFieldTypesComeFromTheTrackerWhenGiven) {
  const SourceFile out("o.groovy", "replica.customFields.\"Team\" = issue.customFields.\"Team\"\n");
  exalate::ImportOptions options;
  options.custom_types["Team"] = "select";
  const exalate::ImportResult r = exalate::import_exalate(&out, nullptr, options);
  EXPECT_NE(r.text.find("custom \"Team\": select\n"), std::string::npos) << r.text;
  EXPECT_EQ(r.outgoing.warning_count(), 0u);
}

}  // namespace
}  // namespace twinsync
