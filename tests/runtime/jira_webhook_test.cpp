// Webhook deliveries as change events: every payload under fixtures/webhooks, then the details
// (kinds, dedupe keys, changelog items, issue ids from comment URLs, custom fields by name).
#include <gtest/gtest.h>

#include "compiler/schema/shapes.h"
#include "compiler/support/json_depth.h"
#include "runtime/jira/json_util.h"
#include "runtime/jira/webhook.h"
#include "tests/support/jira_fixtures.h"

namespace twinsync::jira {
namespace {

using testkit::fixture_files;
using testkit::fixtures_dir;
using testkit::read_text_file;

Result<ChangeEvent> parse_file(const std::string& relative, const net::Headers& headers = {},
                               const FieldCatalog& catalog = empty_catalog()) {
  return parse_webhook(headers, read_text_file(fixtures_dir() + "/" + relative), catalog);
}

TEST(JiraWebhook, EveryFixtureBecomesAnEvent) {
  const auto files = fixture_files("webhooks");
  ASSERT_GE(files.size(), 50u);
  int with_changelog = 0, with_comment = 0, others = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    auto e = parse_file(file);
    ASSERT_TRUE(e) << e.error().message;
    others += e->kind == EventKind::Other;
    if (e->kind != EventKind::Other) {
      EXPECT_FALSE(e->issue_ref().empty());
    }
    EXPECT_GT(e->timestamp_ms, 0);
    EXPECT_EQ(e->dedupe_key().rfind("digest:", 0), 0u);
    with_changelog += !e->items.empty();
    with_comment += e->comment.is_record();
    if (e->issue.is_record()) {
      EXPECT_EQ(e->issue.field(slot(IssueSlot::Key)).as_string(), e->issue_key);
    }
  }
  EXPECT_GE(with_changelog, 20);
  EXPECT_GE(with_comment, 20);
  EXPECT_LE(others, static_cast<int>(files.size()) / 10);  // nearly all are issue events
}

// What a delivery says about the issue's `updated` after its change: the issue's own for issue
// events, the comment's time for a new or edited comment (Cloud's comment events carry no
// issue `updated`), and nothing for a deletion, whose comment times are from before it.
// A node's intake reads a delivery's notice only: what tells the event, the issue, its version
// and who made the change is the same as in the whole read, and the issue's other fields are
// not built at all.
TEST(JiraWebhook, TheNoticeOfEveryFixtureTellsWhatTheWholeReadTells) {
  const auto files = fixture_files("webhooks");
  ASSERT_GE(files.size(), 50u);
  int with_other_fields = 0;
  for (const std::string& file : files) {
    SCOPED_TRACE(file);
    const std::string body = read_text_file(fixtures_dir() + "/" + file);
    const net::Headers headers = {{"X-Atlassian-Webhook-Identifier", "d-1"}};
    auto whole = parse_webhook(headers, body, empty_catalog());
    auto notice = parse_webhook_notice(headers, body, empty_catalog());
    ASSERT_TRUE(whole && notice);
    EXPECT_EQ(notice->kind, whole->kind);
    EXPECT_EQ(notice->event, whole->event);
    EXPECT_EQ(notice->issue_key, whole->issue_key);
    EXPECT_EQ(notice->issue_id, whole->issue_id);
    EXPECT_EQ(notice->delivery_id, "d-1");
    EXPECT_EQ(notice->version_ms(), whole->version_ms());
    EXPECT_TRUE(notice->actor == whole->actor);
    EXPECT_TRUE(notice->comment == whole->comment);
    EXPECT_EQ(notice->items.size(), whole->items.size());
    if (!whole->issue.is_record()) continue;
    ASSERT_TRUE(notice->issue.is_record());
    EXPECT_TRUE(notice->issue.field(slot(IssueSlot::Key)) == whole->issue.field(slot(IssueSlot::Key)));
    EXPECT_TRUE(notice->issue.field(slot(IssueSlot::Summary)).is_null());
    with_other_fields += !whole->issue.field(slot(IssueSlot::Summary)).is_null();
  }
  EXPECT_GE(with_other_fields, 20);  // the fixtures do carry the fields the notice leaves out
}

TEST(JiraWebhook, TheNoticeReadsNothingItWasNotAskedFor) {
  auto kept = parse_json_keeping(
      R"({"a": 1, "issue": {"key": "QA-1", "self": "x", "fields": {"updated": "t", "summary": "s",
          "comment": {"comments": [{"body": "b"}]}}}, "user": {"name": "n", "groups": {"items": [1, 2]}},
          "list": [{"issue": 2}]})",
      {{"issue", "key"}, {"issue", "fields", "updated"}, {"user"}});
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->dump(), R"({"issue":{"fields":{"updated":"t"},"key":"QA-1"},"user":{"groups":{"items":[1,2]},"name":"n"}})");
  // A name kept at the root is not kept deeper down; arrays under a kept member stay whole.
  auto nested = parse_json_keeping(R"({"x": {"user": 1, "issue": {"key": 2}}, "user": [[1, {"a": []}], 2], "issue": 7})",
                                   {{"user"}, {"issue", "key"}});
  ASSERT_TRUE(nested);
  EXPECT_EQ(nested->dump(), R"({"issue":7,"user":[[1,{"a":[]}],2]})");
  auto root_array = parse_json_keeping("[1, {\"issue\": 2}]", {{"issue"}});
  ASSERT_TRUE(root_array);
  EXPECT_EQ(root_array->dump(), "[1,{\"issue\":2}]");
  EXPECT_FALSE(parse_json_keeping("{\"issue\": 1} trailing", {{"issue"}}));
  EXPECT_FALSE(parse_json_keeping("{\"issue\": ", {{"issue"}}));
  EXPECT_FALSE(parse_json_keeping(std::string(5000, '[') + std::string(5000, ']'), {{"issue"}}));
  // The bound holds inside members that are read past too: the document's depth, not the kept part's.
  auto nest = [](size_t depth) { return "{\"skipped\":" + std::string(depth - 1, '[') + std::string(depth - 1, ']') + "}"; };
  EXPECT_TRUE(parse_json_keeping(nest(twinsync::kMaxJsonDepth), {{"issue"}}));
  EXPECT_FALSE(parse_json_keeping(nest(twinsync::kMaxJsonDepth + 1), {{"issue"}}));
  // Depth, not count: far more than 200 shallow containers, read past and kept, are fine.
  std::string many = "[";
  for (int i = 0; i < 1000; ++i) many += std::string(i ? "," : "") + "{\"a\":[1]}";
  many += "]";
  auto wide = parse_json_keeping("{\"skipped\":" + many + ",\"changelog\":{\"items\":" + many + "}}", {{"changelog"}});
  ASSERT_TRUE(wide);
  EXPECT_EQ((*wide)["changelog"]["items"].size(), 1000u);
}

TEST(JiraWebhook, TheVersionAfterTheChangeIsKnownOnlyWhereThePayloadShowsIt) {
  const std::string dir = "webhooks/mattermost-plugin-jira/";
  auto updated = parse_file(dir + "webhook-issue-updated-assigned.json");
  auto commented = parse_file(dir + "webhook-cloud-comment-created.json");
  auto deleted = parse_file(dir + "webhook-cloud-comment-deleted.json");
  ASSERT_TRUE(updated && commented && deleted);
  EXPECT_EQ(updated->version_ms(), 1550287081707);    // 2019-02-15T19:18:01.707-0800
  EXPECT_EQ(commented->version_ms(), 1550286678321);  // 2019-02-15T19:11:18.321-0800
  EXPECT_EQ(deleted->version_ms(), 0);
}

TEST(JiraWebhook, DeliveryIdentifierIsTheDedupeKey) {
  const net::Headers headers = {{"x-atlassian-webhook-identifier", "f3c6-1"}, {"X-Atlassian-Webhook-Retry", "2"}};
  auto e = parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-resolved.json", headers);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->delivery_id, "f3c6-1");
  EXPECT_EQ(e->retry, 2);
  EXPECT_EQ(e->dedupe_key(), "delivery:f3c6-1");
  auto again = parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-resolved.json");
  auto other = parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-started-working.json");
  ASSERT_TRUE(again && other);
  EXPECT_NE(again->dedupe_key(), other->dedupe_key());
  EXPECT_EQ(again->dedupe_key(), parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-resolved.json")->dedupe_key());
}

TEST(JiraWebhook, IssueUpdatedCarriesItsChangelog) {
  auto e = parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-resolved.json");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EventKind::IssueUpdated);
  EXPECT_EQ(e->issue_key, "TES-41");
  EXPECT_EQ(e->timestamp_ms, 1550286940507);
  EXPECT_EQ(e->changelog_id, "10228");
  ASSERT_EQ(e->items.size(), 2u);
  EXPECT_EQ(e->items[1].field, "status");
  EXPECT_EQ(e->items[1].from_string, "In Progress");
  EXPECT_EQ(e->items[1].to_string, "Done");
  EXPECT_EQ(e->items[0].from, std::nullopt);
  EXPECT_TRUE(e->actor.is_record());
}

TEST(JiraWebhook, CloudUserChangesCarryAccountIds) {
  auto e = parse_file("webhooks/mattermost-plugin-jira/webhook-issue-updated-multiple-values.json");
  ASSERT_TRUE(e);
  ASSERT_EQ(e->items.size(), 3u);
  EXPECT_EQ(e->items[1].field_id, "assignee");
  EXPECT_EQ(e->items[1].to, "5cedcb4355a88a0fc86388ba");
  EXPECT_EQ(e->items[2].field_type, "custom");
}

TEST(JiraWebhook, ServerCommentEventsNameTheIssueThroughTheCommentUrl) {
  auto e = parse_file("webhooks/jira-trigger-plugin/comment_created.json");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind, EventKind::CommentCreated);
  EXPECT_TRUE(e->issue_key.empty());
  EXPECT_EQ(e->issue_id, "10003");
  EXPECT_EQ(e->comment.field(slot(CommentSlot::Body)).as_string(), "comment body");
}

TEST(JiraWebhook, WorklogAndAttachmentEvents) {
  auto w = parse_file("webhooks/zulip/worklog_deleted.json");
  ASSERT_TRUE(w);
  EXPECT_EQ(w->kind, EventKind::WorklogDeleted);
  EXPECT_EQ(w->issue_id, "10014");
  EXPECT_TRUE(w->worklog.is_record());
  auto a = parse_file("webhooks/zulip/attachment_created.json");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->kind, EventKind::AttachmentCreated);
  EXPECT_TRUE(a->attachment.field(slot(AttachmentSlot::Filename)).is_string());
}

TEST(JiraWebhook, CustomFieldsArriveByNameWithTheirKind) {
  FieldCatalog c;
  c.add({"customfield_10073", "Radio", true, FieldKind::Select, "option", "", ""});
  c.add({"customfield_10075", "Checks", true, FieldKind::MultiSelect, "array", "option", ""});
  c.add({"customfield_10072", "Points", true, FieldKind::Number, "number", "", ""});
  c.add({"customfield_10069", "Due", true, FieldKind::Date, "date", "", ""});
  c.add({"customfield_10070", "When", true, FieldKind::DateTime, "datetime", "", ""});
  c.add({"customfield_10080", "Owner", true, FieldKind::User, "user", "", ""});
  c.add({"customfield_10021", "Sprint", true, FieldKind::Sprint, "array", "string", ":gh-sprint"});
  auto e = parse_file("webhooks/mattermost-plugin-jira/webhook-cloud-issue-created-many-fields.json", {}, c);
  ASSERT_TRUE(e);
  EXPECT_TRUE(e->warnings.empty()) << e->warnings[0].text();
  const Value& custom = e->issue.field(slot(IssueSlot::Custom));
  EXPECT_EQ(custom.map_get("Radio").as_string(), "1");
  EXPECT_EQ(custom.map_get("Checks").as_list().size(), 2u);
  EXPECT_EQ(custom.map_get("Points").as_number(), 23);
  EXPECT_EQ(custom.map_get("Due").tag(), Tag::Date);
  EXPECT_EQ(custom.map_get("When").tag(), Tag::DateTime);
  EXPECT_EQ(custom.map_get("Owner").field(slot(UserSlot::AccountId)).as_string(), "5cedcb4355a88a0fc86388ba");
  EXPECT_EQ(custom.map_get("Sprint").as_list()[0].as_string(), "SCRUM1 Sprint 1");
  EXPECT_EQ(custom.map_get("customfield_10014").as_string(), "KT-17");  // unknown to the catalog: by id
}

TEST(JiraWebhook, OddShapesAreWarningsNotFailures) {
  auto e = parse_webhook({}, R"({"webhookEvent":"jira:issue_updated","timestamp":"1","issue":{"key":"QA-1",
      "fields":{"assignee":42,"labels":"x","comment":{"comments":[{"body":{"type":"doc","content":[]},"created":"soon"}]},
      "issuelinks":[{"type":{"name":"Blocks"},"outwardIssue":{"key":"QA-2"}},{"oops":1}]}},
      "changelog":{"items":[{"field":"status","to":{"odd":true}},{"nofield":1}]}})",
                         empty_catalog());
  ASSERT_TRUE(e) << e.error().message;
  EXPECT_EQ(e->issue_key, "QA-1");
  std::string all;
  for (const auto& w : e->warnings) all += w.text() + "\n";
  EXPECT_NE(all.find("/issue/fields/assignee: expected a user object, got a number"), std::string::npos) << all;
  EXPECT_NE(all.find("/issue/fields/labels"), std::string::npos) << all;
  EXPECT_NE(all.find("/issue/fields/comment/comments/0/created"), std::string::npos) << all;
  EXPECT_NE(all.find("/issue/fields/issuelinks/1"), std::string::npos) << all;
  EXPECT_NE(all.find("/changelog/items/1"), std::string::npos) << all;
  EXPECT_EQ(e->issue.field(slot(IssueSlot::Links)).as_list().size(), 1u);
  EXPECT_EQ(e->items.size(), 1u);
  EXPECT_EQ(e->items[0].to, R"({"odd":true})");
}

TEST(JiraWebhook, NotJsonOrNoEventIsAnError) {
  EXPECT_FALSE(parse_webhook({}, "<html>", empty_catalog()));
  EXPECT_FALSE(parse_webhook({}, "[1,2]", empty_catalog()));
  auto none = parse_webhook({}, R"({"issue":{}})", empty_catalog());
  ASSERT_FALSE(none);
  EXPECT_NE(none.error().message.find("/webhookEvent"), std::string::npos);
}

}  // namespace
TEST(JiraWebhook, DeeplyNestedPayloadsAreRefusedNotRecursedInto) {
  // A delivery (or any answer) of 100,000 nested arrays used to overflow the stack when copied.
  const std::string deep = std::string(100'000, '[') + std::string(100'000, ']');
  auto e = parse_webhook({}, "{\"webhookEvent\": \"jira:issue_updated\", \"issue\": {\"fields\": " + deep + "}}",
                         empty_catalog());
  EXPECT_FALSE(e);
  EXPECT_FALSE(parse_json(deep));
  EXPECT_EQ(json_depth(deep), kMaxJsonDepth + 1);  // counting stops past the limit
  EXPECT_EQ(json_depth("{\"a\": \"[[[[\", \"b\": [[1], {\"c\": \"\\\"[\"}]}"), 3u);  // strings do not count
  EXPECT_TRUE(parse_json(std::string(200, '[') + std::string(200, ']')));
}

}  // namespace twinsync::jira
