// value_read.h — Jira JSON scalars and small objects as values: names of named objects, dates,
// users, rich text. Each reader returns null and records a warning when the shape is wrong.
#pragma once

#include <string>

#include "compiler/vm/value.h"
#include "runtime/jira/decoder.h"

namespace twinsync::jira {

/// Text, or an integer printed as text ("id": 10000).
Value read_text(Decoder& d, const Json& j, const std::string& path);
/// An object's "name" (status, priority, issuetype, resolution, component, version) or a bare string.
Value read_name(Decoder& d, const Json& j, const std::string& path);
/// A list of named objects as a list of names.
Value read_names(Decoder& d, const Json& j, const std::string& path);
/// A list of strings (labels).
Value read_strings(Decoder& d, const Json& j, const std::string& path);
/// "2024-01-31" -> date.
Value read_date(Decoder& d, const Json& j, const std::string& path);
/// Jira's timestamps, or epoch milliseconds as a number -> date-time.
Value read_datetime(Decoder& d, const Json& j, const std::string& path);
Value read_number(Decoder& d, const Json& j, const std::string& path);
/// Wiki markup (v2 string) or an ADF document (v3) -> wiki markup.
Value read_rich_text(Decoder& d, const Json& j, const std::string& path);
/// A Jira user object -> user record (accountId, emailAddress, displayName, name).
Value read_user(Decoder& d, const Json& j, const std::string& path);
/// Whatever the value is, with no schema: options to their value, users to records, ADF to wiki.
Value read_generic(Decoder& d, const Json& j, const std::string& path, int depth = 0);

/// Does this object look like a Jira user?
bool looks_like_user(const Json& j);

}  // namespace twinsync::jira
