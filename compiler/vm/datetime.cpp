// datetime.cpp — parsing and printing of Jira's date and timestamp forms with Howard Hinnant's date.
#include "compiler/vm/datetime.h"

// date::parse trips a known g++ 12 false positive (-Wmaybe-uninitialized inside <chrono>) at -O2.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

#include <date/date.h>

#include <chrono>
#include <sstream>

namespace twinsync::datetime {
namespace {

using namespace std::chrono;

std::optional<int64_t> parse_with(std::string_view s, const char* format, bool has_offset) {
  std::istringstream in{std::string(s)};
  date::sys_time<milliseconds> tp;
  if (has_offset) {
    minutes offset{0};
    in >> date::parse(format, tp, offset);
    if (in.fail()) return std::nullopt;
    // date::parse with %z already subtracts the offset from tp.
  } else {
    in >> date::parse(format, tp);
    if (in.fail()) return std::nullopt;
  }
  // Trailing garbage means the form did not match.
  if (in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return tp.time_since_epoch().count();
}

}  // namespace

std::optional<int64_t> parse_date(std::string_view s) {
  std::istringstream in{std::string(s)};
  date::sys_days d;
  in >> date::parse("%Y-%m-%d", d);
  if (in.fail() || in.peek() != std::char_traits<char>::eof()) return std::nullopt;
  return d.time_since_epoch().count();
}

std::optional<int64_t> parse_datetime(std::string_view s) {
  if (s.empty()) return std::nullopt;
  // A trailing Z means UTC: the rest is read without an offset.
  if (s.back() == 'Z') {
    const std::string_view body = s.substr(0, s.size() - 1);
    if (auto v = parse_with(body, "%FT%T", false)) return v;
    return std::nullopt;
  }
  // Jira writes the offset as +0100 (%z); ISO 8601's extended form is +01:00 (%Ez).
  for (const char* f : {"%FT%T%z", "%FT%T%Ez"}) {
    if (auto v = parse_with(s, f, true)) return v;
  }
  for (const char* f : {"%FT%T", "%F %H:%M", "%Y/%m/%d %H:%M", "%F %T"}) {
    if (auto v = parse_with(s, f, false)) return v;
  }
  // A bare date is the instant its day starts, in UTC.
  if (auto d = parse_date(s)) return *d * 86400000;
  if (auto v = parse_with(s, "%Y/%m/%d", false)) return v;
  return std::nullopt;
}

std::string format_date(int64_t days) {
  return date::format("%F", date::sys_days{date::days{days}});
}

std::string format_datetime(int64_t epoch_ms) {
  return date::format("%FT%T+0000", date::sys_time<milliseconds>{milliseconds{epoch_ms}});
}

std::string format_jql_datetime(int64_t epoch_ms) {
  return date::format("%Y/%m/%d %H:%M", date::floor<minutes>(date::sys_time<milliseconds>{milliseconds{epoch_ms}}));
}

int64_t now_ms() {
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t days_of(int64_t epoch_ms) {
  return date::floor<date::days>(date::sys_time<milliseconds>{milliseconds{epoch_ms}}).time_since_epoch().count();
}

int64_t start_of_day_ms(int64_t epoch_ms) { return days_of(epoch_ms) * 86400000; }

}  // namespace twinsync::datetime
