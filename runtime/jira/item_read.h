// item_read.h — the lists inside an issue as records: comments, attachments, issue links and
// worklogs, from both the paged form ({"comments": […]}) and the bare list Jira also sends.
#pragma once

#include <string>

#include "compiler/support/result.h"
#include "compiler/vm/value.h"
#include "runtime/jira/decoder.h"

namespace twinsync::jira {

Value read_comment(Decoder& d, const Json& j, const std::string& path);
/// `comment` of an issue: {"comments": […]} (REST) or […] (some v3 answers).
Value read_comments(Decoder& d, const Json& j, const std::string& path);
Value read_attachment(Decoder& d, const Json& j, const std::string& path);
Value read_attachments(Decoder& d, const Json& j, const std::string& path);
/// One `issuelinks` entry: type.name, and outwardIssue or inwardIssue giving direction and key.
Value read_link(Decoder& d, const Json& j, const std::string& path);
Value read_links(Decoder& d, const Json& j, const std::string& path);
Value read_worklog(Decoder& d, const Json& j, const std::string& path);
/// `worklog` of an issue: {"worklogs": […]} or […].
Value read_worklogs(Decoder& d, const Json& j, const std::string& path);

/// A comment answer (GET/POST/PUT comment) as a comment record.
Result<Decoded<Value>> decode_comment(const Json& j);
/// A page of comments (GET issue/{key}/comment) as a list of comment records.
Result<Decoded<Value>> decode_comment_page(const Json& j);
/// An attachment list (POST attachments, GET attachment/{id} as a list of one).
Result<Decoded<Value>> decode_attachments(const Json& j);

}  // namespace twinsync::jira
