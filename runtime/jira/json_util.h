// json_util.h — non-throwing reads of Jira JSON: nlohmann::json throws on a wrong type, and a
// payload from a tracker must never crash the node, so every read checks the type first.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace twinsync::jira {

using Json = nlohmann::json;

/// Parses without exceptions; nullopt on malformed text or nesting deeper than kMaxJsonDepth
/// (compiler/support/json_depth.h).
std::optional<Json> parse_json(std::string_view text);

/// Like parse_json, but keeps only the members on the given paths (each a list of member names
/// from the root: {"issue", "key"} keeps /issue/key, and /issue only as far as that; {"user"}
/// keeps /user whole; arrays add no name). The rest is read past without being built: a
/// webhook's issue can be most of its size and a node needs three of its values.
std::optional<Json> parse_json_keeping(std::string_view text, const std::vector<std::vector<std::string>>& paths);

/// Serialises without exceptions: invalid UTF-8 is replaced instead of throwing.
std::string dump_json(const Json& j);

/// The member `key` of an object, or nullptr when `j` is not an object or lacks the key.
const Json* member(const Json& j, std::string_view key);
/// The member `key`, or a shared JSON null when absent: for readers that treat both alike.
const Json& member_or_null(const Json& j, std::string_view key);

/// The member as text: strings as they are, integers printed ("id": 10000 -> "10000").
std::optional<std::string> text_of(const Json* j);
std::optional<std::string> text_at(const Json& j, std::string_view key);

/// Integers, and strings that hold one ("maxResults": "50").
std::optional<int64_t> int_at(const Json& j, std::string_view key);
std::optional<bool> bool_at(const Json& j, std::string_view key);

/// A short description of a value's type for warnings: "number", "object" …
std::string json_kind(const Json& j);

/// Appends a member name or an index to a JSON pointer-like path ("/fields" + "assignee").
std::string path_join(const std::string& path, std::string_view key);
std::string path_join(const std::string& path, size_t index);

}  // namespace twinsync::jira
