// util.cpp — clock, time format, random values and hashing for the tracker.
#include "runtime/tracker/util.h"

#include <openssl/rand.h>
#include <openssl/sha.h>

#include <charconv>
#include <chrono>
#include <random>
#include <date/date.h>
#include <utf8.h>

#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"

namespace twinsync::tracker {

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

std::string jira_time(std::int64_t ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> t{milliseconds(ms)};
  return date::format("%Y-%m-%dT%H:%M:%S", t) + "+0000";
}

std::optional<std::string> valid_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  int y = 0, m = 0, d = 0;
  auto num = [&](size_t pos, size_t len, int& out) {
    auto [p, ec] = std::from_chars(s.data() + pos, s.data() + pos + len, out);
    return ec == std::errc() && p == s.data() + pos + len;
  };
  if (!num(0, 4, y) || !num(5, 2, m) || !num(8, 2, d)) return std::nullopt;
  const date::year_month_day ymd{date::year(y), date::month(static_cast<unsigned>(m)),
                                 date::day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return std::nullopt;
  return std::string(s);
}

std::optional<std::int64_t> parse_id(std::string_view s) { return parse_int<std::int64_t>(s); }

namespace {

void fill_random(unsigned char* out, std::size_t n) {
  if (RAND_bytes(out, static_cast<int>(n)) == 1) return;
  // OpenSSL's generator failing leaves no zeros behind: the kernel's (getrandom) is as good.
  std::random_device kernel;
  for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<unsigned char>(kernel());
}

}  // namespace

std::string random_hex(std::size_t bytes) {
  std::string raw(bytes, '\0');
  fill_random(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  return hex_encode(raw);
}

std::string new_token() {
  static const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  unsigned char raw[32];
  fill_random(raw, sizeof raw);
  std::string out;
  for (unsigned char c : raw) out += alphabet[c & 63];
  return out;
}

std::string sha256_hex(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), md);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(md), sizeof md));
}

bool valid_utf8(std::string_view s) { return utf8::is_valid(s.begin(), s.end()); }

}  // namespace twinsync::tracker
