// Every Jira payload under fixtures/jira-rest and fixtures/webhooks reads into the internal model:
// files are classified by their content, then decoded with the reader for that kind.
#include <gtest/gtest.h>

#include <map>

#include "compiler/schema/shapes.h"
#include "runtime/jira/changelog.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/item_read.h"
#include "runtime/jira/webhook.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::fixture_files;
using testkit::fixture_json;
using testkit::read_text_file;

bool is_issue(const Json& j) { return j.is_object() && j.contains("key") && j.contains("fields") && j["fields"].is_object(); }
bool is_search(const Json& j) { return j.is_object() && j.contains("issues") && j["issues"].is_array(); }
bool is_comment_page(const Json& j) { return j.is_object() && j.contains("comments") && j["comments"].is_array(); }
bool is_comment(const Json& j) {
  return j.is_object() && j.contains("body") && j.contains("created") && !j.contains("fields");
}
bool is_changelog(const Json& j) {
  if (!j.is_object()) return false;
  if (j.contains("histories")) return true;
  const Json* values = member(j, "values");
  return values && values->is_array() && !values->empty() && (*values)[0].is_object() && (*values)[0].contains("items");
}
bool is_webhook(const Json& j) { return j.is_object() && j.contains("webhookEvent"); }

std::string warnings_text(const std::vector<DecodeWarning>& ws) {
  std::string out;
  for (const auto& w : ws) out += "\n    " + w.text();
  return out;
}

TEST(JiraFixtures, EveryPayloadReadsIntoTheModel) {
  std::map<std::string, int> counts;
  std::string report;
  for (const char* dir : {"jira-rest", "webhooks"}) {
    for (const std::string& file : fixture_files(dir)) {
      SCOPED_TRACE(file);
      const Json j = fixture_json(file);
      ASSERT_FALSE(j.is_discarded());
      std::vector<DecodeWarning> warnings;
      if (is_webhook(j)) {
        auto e = parse_webhook({{"X-Atlassian-Webhook-Identifier", "d-1"}}, read_text_file(testkit::fixtures_dir() + "/" + file),
                               empty_catalog());
        ASSERT_TRUE(e) << e.error().message;
        if (e->kind != EventKind::Other) {
          EXPECT_FALSE(e->issue_ref().empty()) << "no issue named";
        }
        warnings = e->warnings;
        ++counts["webhook"];
      } else if (is_issue(j)) {
        auto issue = decode_issue(j, empty_catalog());
        ASSERT_TRUE(issue) << issue.error().message;
        EXPECT_TRUE(issue->issue.field(slot(IssueSlot::Key)).is_string());
        warnings = issue->warnings;
        ++counts["issue"];
      } else if (is_search(j)) {
        for (const Json& hit : j["issues"]) {
          auto issue = decode_issue(hit, empty_catalog());
          ASSERT_TRUE(issue) << issue.error().message;
          warnings.insert(warnings.end(), issue->warnings.begin(), issue->warnings.end());
        }
        ++counts["search"];
      } else if (is_comment_page(j)) {
        auto page = decode_comment_page(j);
        ASSERT_TRUE(page) << page.error().message;
        warnings = page->warnings;
        ++counts["comments"];
      } else if (is_comment(j)) {
        auto c = decode_comment(j);
        ASSERT_TRUE(c) << c.error().message;
        EXPECT_TRUE(c->value.field(slot(CommentSlot::Body)).is_string());
        warnings = c->warnings;
        ++counts["comment"];
      } else if (is_changelog(j)) {
        auto page = decode_changelog(j);
        ASSERT_TRUE(page) << page.error().message;
        EXPECT_FALSE(page->entries.empty());
        warnings = page->warnings;
        ++counts["changelog"];
      } else {
        ++counts["other"];
        continue;
      }
      if (!warnings.empty()) report += "\n  " + file + ":" + warnings_text(warnings);
    }
  }
  EXPECT_GE(counts["issue"], 5);
  EXPECT_GE(counts["search"], 5);
  EXPECT_GE(counts["webhook"], 50);
  EXPECT_GE(counts["comment"], 3);
  EXPECT_GE(counts["comments"], 2);
  EXPECT_GE(counts["changelog"], 2);
  std::string summary;
  for (const auto& [k, n] : counts) summary += " " + k + "=" + std::to_string(n);
  RecordProperty("counts", summary);
  std::cout << "[ fixtures ]" << summary << report << "\n";
}

}  // namespace
}  // namespace twinsync::jira
