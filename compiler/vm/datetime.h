// datetime.h — dates and date-times as rules see them (days / milliseconds since the epoch, UTC),
// parsed from and printed to the forms Jira uses.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace twinsync::datetime {

/// "2024-01-31" -> days since 1970-01-01.
std::optional<int64_t> parse_date(std::string_view s);
/// Jira and ISO 8601 forms: "2024-01-31T10:15:30.000+0100", "…+01:00", "…Z", "2024-01-31 10:15",
/// "2024/01/31 10:15" (JQL), or a bare date (midnight UTC) -> ms since the epoch.
std::optional<int64_t> parse_datetime(std::string_view s);

std::string format_date(int64_t days);                 // "2024-01-31"
std::string format_datetime(int64_t epoch_ms);         // "2024-01-31T09:15:30.000+0000" (Jira's form)
std::string format_jql_datetime(int64_t epoch_ms);     // "2024/01/31 09:15" (JQL's minute resolution)

int64_t now_ms();
int64_t days_of(int64_t epoch_ms);                     // the UTC day of an instant
int64_t start_of_day_ms(int64_t epoch_ms);

}  // namespace twinsync::datetime
