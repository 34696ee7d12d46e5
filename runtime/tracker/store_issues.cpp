// store_issues.cpp — issues, comments, attachments, changelog and links in the tracker store.
#include "runtime/tracker/store.h"
#include "runtime/tracker/store_json.h"

namespace twinsync::tracker {

namespace {

Issue issue_row(sqlite::Statement& st) {
  Issue i{.id = st.int64(0), .project_id = st.int64(1), .number = st.int64(2), .key = st.text(3),
          .fields = parse_json(st.text(4)), .created = st.int64(5), .updated = st.int64(6)};
  if (!i.fields.is_object()) i.fields = Json::object();
  return i;
}

Comment comment_row(sqlite::Statement& st) {
  return Comment{.id = st.int64(0), .issue_id = st.int64(1), .author = st.text(2), .update_author = st.text(3),
                 .body = st.text(4), .visibility = st.is_null(5) ? Json() : parse_json(st.text(5)),
                 .created = st.int64(6), .updated = st.int64(7)};
}

Attachment attachment_row(sqlite::Statement& st) {
  return Attachment{st.int64(0), st.int64(1), st.text(2), st.text(3), st.text(4), st.int64(5), st.int64(6)};
}

IssueLink link_row(sqlite::Statement& st) {
  return IssueLink{st.int64(0), st.int64(1), st.int64(2), st.int64(3)};
}

std::optional<std::string> visibility_text(const Json& v) {
  if (v.is_null()) return std::nullopt;
  return v.dump();
}

}  // namespace

Result<Id> Store::take_issue_number(Id project_id) {
  auto n = row<Id>(Sql::take_issue_number, [](auto& st) { return st.int64(0); }, project_id);
  if (!n) return n.error();
  if (!*n) return make_error("no project with id " + std::to_string(project_id), ErrorKind::NotFound);
  return **n;
}

Result<Id> Store::insert_issue(const Issue& i) {
  return insert(Sql::insert_issue, i.project_id, i.number, i.key, i.fields.dump(), i.created, i.updated);
}

Status Store::update_issue(const Issue& i) { return exec(Sql::update_issue, i.id, i.fields.dump(), i.updated); }

Status Store::delete_issue(Id id) { return exec(Sql::delete_issue, id); }

Result<std::optional<Issue>> Store::issue_by_id(Id id) { return row<Issue>(Sql::issue_by_id, issue_row, id); }

Result<std::optional<Issue>> Store::issue_by_key(const std::string& key) {
  return row<Issue>(Sql::issue_by_key, issue_row, key);
}

Result<std::vector<Issue>> Store::all_issues() { return rows<Issue>(Sql::all_issues, issue_row); }

Result<std::vector<IssueVersion>> Store::issue_versions() {
  return rows<IssueVersion>(Sql::issue_versions, [](auto& st) { return IssueVersion{st.int64(0), st.int64(1)}; });
}

Result<std::vector<Issue>> Store::subtasks_of(Id parent_id) {
  return rows<Issue>(Sql::subtasks_of, issue_row, parent_id);
}

Result<Id> Store::insert_comment(const Comment& c) {
  return insert(Sql::insert_comment, c.issue_id, c.author, c.body, visibility_text(c.visibility), c.created);
}

Status Store::update_comment(const Comment& c) {
  return exec(Sql::update_comment, c.id, c.body, visibility_text(c.visibility), c.update_author, c.updated);
}

Status Store::delete_comment(Id id) { return exec(Sql::delete_comment, id); }

Result<std::vector<Comment>> Store::comments_of(Id issue_id) {
  return rows<Comment>(Sql::comments_of_issue, comment_row, issue_id);
}

Result<std::optional<Comment>> Store::comment(Id id) { return row<Comment>(Sql::comment_by_id, comment_row, id); }

Result<Id> Store::insert_attachment(const Attachment& a, std::string_view content) {
  return insert(Sql::insert_attachment, a.issue_id, a.filename, a.mime_type, a.author, a.size, a.created,
                sqlite::Blob{content});
}

Result<std::vector<Attachment>> Store::attachments_of(Id issue_id) {
  return rows<Attachment>(Sql::attachments_of_issue, attachment_row, issue_id);
}

Result<std::optional<Attachment>> Store::attachment(Id id) {
  return row<Attachment>(Sql::attachment_by_id, attachment_row, id);
}

Result<std::string> Store::attachment_content(Id id) {
  auto r = row<std::string>(Sql::attachment_content, [](auto& st) { return st.blob(0); }, id);
  if (!r) return r.error();
  if (!*r) return make_error("no attachment " + std::to_string(id), ErrorKind::NotFound);
  return std::move(**r);
}

Status Store::delete_attachment(Id id) { return exec(Sql::delete_attachment, id); }

Result<Id> Store::insert_changelog(const ChangelogEntry& e) {
  return insert(Sql::insert_changelog, e.issue_id, e.author, e.created, e.items.dump());
}

Result<std::vector<ChangelogEntry>> Store::changelog_of(Id issue_id) {
  return rows<ChangelogEntry>(Sql::changelog_of_issue, [](auto& st) {
    return ChangelogEntry{st.int64(0), st.int64(1), st.text(2), st.int64(3), parse_json(st.text(4))};
  }, issue_id);
}

Result<Id> Store::insert_link(const IssueLink& l) {
  return insert(Sql::insert_link, l.type_id, l.inward_issue_id, l.outward_issue_id);
}

Result<std::vector<IssueLink>> Store::links_of(Id issue_id) {
  return rows<IssueLink>(Sql::links_of_issue, link_row, issue_id);
}

Result<std::optional<IssueLink>> Store::link(Id id) { return row<IssueLink>(Sql::link_by_id, link_row, id); }

Status Store::delete_link(Id id) { return exec(Sql::delete_link, id); }

Result<Id> Store::insert_remote_link(const RemoteLink& l) {
  return insert(Sql::insert_remote_link, l.issue_id, l.global_id, l.body.dump());
}

Status Store::update_remote_link(const RemoteLink& l) {
  return exec(Sql::update_remote_link, l.id, l.global_id, l.body.dump());
}

Result<std::vector<RemoteLink>> Store::remote_links_of(Id issue_id) {
  return rows<RemoteLink>(Sql::remote_links_of_issue, [](auto& st) {
    return RemoteLink{st.int64(0), st.int64(1), st.text(2), parse_json(st.text(3))};
  }, issue_id);
}

Status Store::delete_remote_link(Id id) { return exec(Sql::delete_remote_link, id); }

}  // namespace twinsync::tracker
