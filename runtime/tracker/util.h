// util.h — small helpers of the tracker: clock, Jira's time format, ids, random tokens, hashing.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace twinsync::tracker {

std::int64_t now_ms();
/// Jira's timestamp: "2024-01-31T10:15:30.000+0000" (the tracker runs in UTC).
std::string jira_time(std::int64_t ms);
/// "2024-01-31" -> itself when a valid calendar date, else nullopt.
std::optional<std::string> valid_date(std::string_view s);
std::optional<std::int64_t> parse_id(std::string_view s);
/// Hex of `bytes` random bytes from OpenSSL's CSPRNG.
std::string random_hex(std::size_t bytes);
/// A new API token: 32 URL-safe characters.
std::string new_token();
std::string sha256_hex(std::string_view data);
bool valid_utf8(std::string_view s);

}  // namespace twinsync::tracker
