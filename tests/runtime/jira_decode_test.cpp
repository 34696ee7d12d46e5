// Field-by-field reading of issues (v2 Data Center and v3 Cloud), the field catalog and its
// kinds, comments, changelogs and the interim ADF conversion.
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "compiler/vm/datetime.h"
#include "runtime/jira/changelog.h"
#include "runtime/jira/issue_decode.h"
#include "runtime/jira/item_read.h"
#include "runtime/jira/rich_text.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::fixture_json;

const Value& f(const Value& issue, IssueSlot s) { return issue.field(slot(s)); }

TEST(JiraDecode, DataCenterIssueFieldByField) {
  auto d = decode_issue(fixture_json("jira-rest/jira-ruby/issue_10002.json"), empty_catalog());
  ASSERT_TRUE(d);
  EXPECT_TRUE(d->warnings.empty());
  const Value& i = d->issue;
  EXPECT_EQ(f(i, IssueSlot::Key).as_string(), "SAMPLEPROJECT-1");
  EXPECT_EQ(f(i, IssueSlot::Id).as_string(), "10002");
  EXPECT_EQ(f(i, IssueSlot::Project).as_string(), "SAMPLEPROJECT");
  EXPECT_EQ(f(i, IssueSlot::Type).as_string(), "Task");
  EXPECT_EQ(f(i, IssueSlot::Status).as_string(), "Open");
  EXPECT_EQ(f(i, IssueSlot::Priority).as_string(), "Major");
  EXPECT_TRUE(f(i, IssueSlot::Resolution).is_null());
  EXPECT_EQ(f(i, IssueSlot::Assignee).field(slot(UserSlot::Username)).as_string(), "admin");
  EXPECT_EQ(f(i, IssueSlot::Assignee).field(slot(UserSlot::Email)).as_string(), "admin@example.com");
  EXPECT_EQ(f(i, IssueSlot::Components).as_list().size(), 2u);
  EXPECT_EQ(f(i, IssueSlot::Components).as_list()[1].as_string(), "Jammy");
  EXPECT_EQ(f(i, IssueSlot::DueDate), Value::date(*datetime::parse_date("2011-12-14")));
  EXPECT_EQ(f(i, IssueSlot::Created), Value::datetime(*datetime::parse_datetime("2011-12-14T10:26:06.030+1300")));
  EXPECT_TRUE(f(i, IssueSlot::Comments).as_list().empty());
  EXPECT_TRUE(f(i, IssueSlot::Worklogs).as_list().empty());
}

TEST(JiraDecode, CloudV3IssueWithAdfAndBareLists) {
  auto d = decode_issue(fixture_json("jira-rest/atlassian-openapi-examples/getIssue.200.json"), empty_catalog());
  ASSERT_TRUE(d);
  const Value& i = d->issue;
  EXPECT_EQ(f(i, IssueSlot::Description).as_string(), "Main order flow broken");
  const Value& c = f(i, IssueSlot::Comments).as_list().at(0);
  EXPECT_EQ(c.field(slot(CommentSlot::Author)).field(slot(UserSlot::AccountId)).as_string(), "5b10a2844c20165700ede21g");
  EXPECT_EQ(c.field(slot(CommentSlot::Visibility)).as_string(), "role:Administrators");
  EXPECT_TRUE(c.field(slot(CommentSlot::Internal)).as_bool());
  const auto& links = f(i, IssueSlot::Links).as_list();
  ASSERT_EQ(links.size(), 2u);
  EXPECT_EQ(links[0].field(slot(LinkSlot::Direction)).as_string(), "outward");
  EXPECT_EQ(links[0].field(slot(LinkSlot::Key)).as_string(), "PR-2");
  EXPECT_EQ(links[1].field(slot(LinkSlot::Direction)).as_string(), "inward");
  EXPECT_EQ(links[1].field(slot(LinkSlot::Type)).as_string(), "Dependent");
  const Value& w = f(i, IssueSlot::Worklogs).as_list().at(0);
  EXPECT_EQ(w.field(slot(WorklogSlot::Seconds)).as_number(), 12000);
  EXPECT_EQ(w.field(slot(WorklogSlot::Comment)).as_string(), "I did some work here.");
  const Value& a = f(i, IssueSlot::Attachments).as_list().at(0);
  EXPECT_EQ(a.field(slot(AttachmentSlot::Id)).as_string(), "10000");  // a number in the payload
  EXPECT_EQ(a.field(slot(AttachmentSlot::Size)).as_number(), 23123);
}

TEST(JiraDecode, NullDescriptionAndPlainStringDescription) {
  auto one = decode_issue(fixture_json("jira-rest/jira-cli/issue-1.json"), empty_catalog());
  auto two = decode_issue(fixture_json("jira-rest/jira-cli/issue-2.json"), empty_catalog());
  ASSERT_TRUE(one && two);
  EXPECT_TRUE(f(one->issue, IssueSlot::Description).is_null());
  EXPECT_TRUE(f(two->issue, IssueSlot::Description).is_string());
}

TEST(JiraDecode, NamesAndSchemaFromTheIssueNameCustomFields) {
  const Json issue = Json::parse(R"({"key":"QA-1","fields":{"customfield_1":{"value":"Blue","id":"7"},"customfield_2":"2024-02-01"},
    "names":{"customfield_1":"Team","customfield_2":"Start"},
    "schema":{"customfield_1":{"type":"option","custom":"x:select"},"customfield_2":{"type":"date","custom":"x:datepicker"}}})");
  auto d = decode_issue(issue, empty_catalog());
  ASSERT_TRUE(d);
  const Value& custom = f(d->issue, IssueSlot::Custom);
  EXPECT_EQ(custom.map_get("Team").as_string(), "Blue");
  EXPECT_EQ(custom.map_get("Start").tag(), Tag::Date);
}

TEST(JiraDecode, FieldCatalogFromFieldsAndKinds) {
  auto c = FieldCatalog::from_fields_response(fixture_json("jira-rest/atlassian-openapi-examples/getFields.200.json"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->size(), 2u);
  EXPECT_EQ(c->by_name("Summary")->id, "summary");
  EXPECT_EQ(c->by_id("description")->kind, FieldKind::Text);
  EXPECT_FALSE(FieldCatalog::from_fields_response(Json::object()));

  auto kind = [](const char* schema) { return kind_of_schema(Json::parse(schema)); };
  EXPECT_EQ(kind(R"({"type":"array","items":"option","custom":"com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes"})"),
            FieldKind::MultiSelect);
  EXPECT_EQ(kind(R"({"type":"string","custom":"com.atlassian.jira.plugin.system.customfieldtypes:textarea"})"), FieldKind::RichText);
  EXPECT_EQ(kind(R"({"type":"option-with-child","custom":"com.atlassian.jira.plugin.system.customfieldtypes:cascadingselect"})"),
            FieldKind::Cascading);
  EXPECT_EQ(kind(R"({"type":"array","items":"user","custom":"com.atlassian.jira.plugin.system.customfieldtypes:multiuserpicker"})"),
            FieldKind::Users);
  EXPECT_EQ(kind(R"({"type":"number","custom":"com.acme:points"})"), FieldKind::Number);
  EXPECT_EQ(kind(R"({"type":"any","custom":"com.pyxis.greenhopper.jira:gh-epic-link"})"), FieldKind::IssueKey);
  EXPECT_EQ(kind(R"({"type":"strange"})"), FieldKind::Unknown);
}

TEST(JiraDecode, DuplicateCustomFieldNamesStayApart) {
  auto c = FieldCatalog::from_fields_response(Json::parse(R"([
    {"id":"customfield_10001","name":"Field Name","custom":true,"schema":{"type":"string"}},
    {"id":"customfield_10002","name":"Field Name","custom":true,"schema":{"type":"string"}},
    {"id":"customfield_10003","name":"Team","custom":true}])"));
  ASSERT_TRUE(c);
  EXPECT_EQ(c->by_id("customfield_10001")->name, "Field Name (customfield_10001)");
  EXPECT_EQ(c->by_name("Field Name (customfield_10002)")->id, "customfield_10002");
  EXPECT_EQ(c->by_name("Field Name"), nullptr);
  EXPECT_EQ(c->by_name("Team")->id, "customfield_10003");
}

TEST(JiraDecode, CatalogKindsFromCreateMetaFixtures) {
  const Json meta = fixture_json("jira-rest/mattermost-plugin-jira/server-get-create-issue-metadata-for-project-many-fields.json");
  int known = 0, custom = 0;
  for (const Json& p : meta["projects"]) {
    for (const Json& t : p["issuetypes"]) {
      for (const auto& [id, field] : t["fields"].items()) {
        if (id.rfind("customfield_", 0) != 0) continue;
        ++custom;
        known += kind_of_schema(field["schema"]) != FieldKind::Unknown;
      }
    }
  }
  EXPECT_GT(custom, 10);
  EXPECT_EQ(known, custom);
}

TEST(JiraDecode, ChangelogPagesAndHistories) {
  auto page = decode_changelog(fixture_json("jira-rest/atlassian-openapi-examples/getChangeLogs.200.json"));
  ASSERT_TRUE(page);
  EXPECT_EQ(page->entries.size(), 2u);
  EXPECT_FALSE(page->is_last);
  EXPECT_EQ(page->start_at, 2);
  EXPECT_EQ(page->entries[1].items[0].to_string, "label-1 label-2");
  EXPECT_EQ(page->entries[0].author.field(slot(UserSlot::Email)).as_string(), "mia@example.com");
  auto by_ids = decode_changelog(fixture_json("jira-rest/atlassian-openapi-examples/getChangeLogsByIds.200.json"));
  ASSERT_TRUE(by_ids);
  EXPECT_FALSE(by_ids->entries.empty());
  auto expanded = decode_changelog(Json::parse(R"({"key":"A-1","changelog":{"startAt":0,"total":1,"histories":[
      {"id":"5","created":"2024-01-31T10:15:30.000+0100","items":[{"field":"status","fromString":"Open","toString":"Done"}]}]}})"));
  ASSERT_TRUE(expanded) << expanded.error().message;
  EXPECT_TRUE(expanded->is_last);
  EXPECT_EQ(expanded->entries[0].created_ms, *datetime::parse_datetime("2024-01-31T09:15:30.000Z"));
}

TEST(JiraDecode, CommentsStandaloneAndServiceManagementFlag) {
  auto c = decode_comment(fixture_json("jira-rest/jira-trigger-plugin/comment.json"));
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->value.field(slot(CommentSlot::Internal)).as_bool());
  auto internal = decode_comment(Json::parse(R"({"id":"1","body":"agents only","jsdPublic":false})"));
  ASSERT_TRUE(internal);
  EXPECT_TRUE(internal->value.field(slot(CommentSlot::Internal)).as_bool());
  EXPECT_FALSE(decode_comment(Json::array()));
}

TEST(JiraDecode, AdfBodiesBecomeWikiMarkup) {
  const Json doc = Json::parse(R"({"type":"doc","version":1,"content":[
      {"type":"paragraph","content":[{"type":"text","text":"Hi "},{"type":"mention","attrs":{"id":"5b10","text":"@Ann"}},
                                     {"type":"hardBreak"},{"type":"text","text":"next"}]},
      {"type":"bulletList","content":[{"type":"listItem","content":[{"type":"paragraph","content":[{"type":"text","text":"one"}]}]}]}]})");
  auto wiki = adf_to_wiki(doc);
  ASSERT_TRUE(wiki);
  EXPECT_EQ(*wiki, "Hi [~accountid:5b10]\nnext\n\n* one");
  EXPECT_FALSE(adf_to_wiki(Json::parse(R"({"type":"paragraph"})")));
  EXPECT_EQ(*adf_to_wiki(wiki_to_adf("*a*\n\n\n\nc")), "*a*\n\nc");
  for (const std::string& file : testkit::fixture_files("adf")) {
    const Json j = fixture_json(file);
    if (is_adf_doc(j)) {
      EXPECT_TRUE(adf_to_wiki(j)) << file;
    }
  }
}

}  // namespace
}  // namespace twinsync::jira
