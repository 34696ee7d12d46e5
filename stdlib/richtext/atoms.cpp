// atoms.cpp — text renderings of inline atoms shared by the wiki and plain-text printers.
#include "stdlib/richtext/atoms.h"

#include <charconv>
#include <chrono>
#include <cstdio>

namespace twinsync::richtext {

std::string date_text(const std::string& timestamp) {
  long long ms = 0;
  auto [end, ec] = std::from_chars(timestamp.data(), timestamp.data() + timestamp.size(), ms);
  // Years 0..9999 only, so the chrono arithmetic below cannot overflow.
  if (ec != std::errc() || end != timestamp.data() + timestamp.size() || ms < -62135596800000LL ||
      ms > 253402300799000LL) {
    return timestamp;
  }
  using namespace std::chrono;
  const sys_days day = floor<days>(sys_time<milliseconds>(milliseconds(ms)));
  const year_month_day ymd(day);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string mention_name(const Node& mention) {
  if (mention.label && !mention.label->empty()) {
    return (*mention.label)[0] == '@' ? mention.label->substr(1) : *mention.label;
  }
  return mention.id.value_or("");
}

std::string emoji_text(const Node& emoji) {
  return emoji.label && !emoji.label->empty() ? *emoji.label : emoji.short_name;
}

}  // namespace twinsync::richtext
