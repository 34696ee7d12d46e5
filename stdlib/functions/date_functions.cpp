// date_functions.cpp — now, today, addDays, daysBetween, formatDate, parseDate, date.
#include <date/date.h>

#include <chrono>

#include "compiler/vm/datetime.h"
#include "stdlib/functions/registry.h"

namespace twinsync::stdlib {
namespace {

// Dates count as the instant they start (UTC) wherever a date-time is expected.
bool instant(const Value& v, int64_t& ms) {
  if (v.tag() == Tag::DateTime) return ms = v.as_datetime(), true;
  if (v.tag() == Tag::Date) return ms = v.as_date() * 86400000, true;
  return false;
}

bool now(NativeCall& c) { return ok(c, Value::datetime(c.host.now_ms())); }
bool today(NativeCall& c) { return ok(c, Value::date(datetime::days_of(c.host.now_ms()))); }

bool add_days(NativeCall& c) {
  int64_t ms;
  if (c.args[0].is_null()) return ok(c, Value());
  if (!instant(c.args[0], ms) || !c.args[1].is_number()) return fail(c, "addDays needs a date and a number");
  const auto shift = static_cast<int64_t>(c.args[1].as_number() * 86400000.0);
  if (c.args[0].tag() == Tag::Date && shift % 86400000 == 0) return ok(c, Value::date(c.args[0].as_date() + shift / 86400000));
  return ok(c, Value::datetime(ms + shift));
}

bool days_between(NativeCall& c) {
  int64_t a, b;
  if (!instant(c.args[0], a) || !instant(c.args[1], b)) return ok(c, Value());
  return ok(c, Value::number(static_cast<double>(b - a) / 86400000.0));
}

bool format_date(NativeCall& c) {
  int64_t ms;
  if (!instant(c.args[0], ms)) return ok(c, Value());
  if (!c.args[1].is_string()) return fail(c, "formatDate needs a format text");
  try {
    const auto tp = date::sys_time<std::chrono::milliseconds>{std::chrono::milliseconds{ms}};
    return ok(c, Value::string(date::format(std::string(c.args[1].as_string()), tp)));
  } catch (const std::exception& e) {
    return fail(c, std::string("bad date format: ") + e.what());
  }
}

bool parse_date(NativeCall& c) {
  if (!c.args[0].is_string()) return ok(c, Value());
  auto ms = datetime::parse_datetime(c.args[0].as_string());
  return ok(c, ms ? Value::datetime(*ms) : Value());
}

bool to_date(NativeCall& c) {
  int64_t ms;
  if (!instant(c.args[0], ms)) return ok(c, Value());
  return ok(c, Value::date(datetime::days_of(ms)));
}

}  // namespace

void add_date_functions(Table& t) {
  put(t, BuiltinId::Now, now);
  put(t, BuiltinId::Today, today);
  put(t, BuiltinId::AddDays, add_days);
  put(t, BuiltinId::DaysBetween, days_between);
  put(t, BuiltinId::FormatDate, format_date);
  put(t, BuiltinId::ParseDate, parse_date);
  put(t, BuiltinId::ToDate, to_date);
}

}  // namespace twinsync::stdlib
