// compiler/support's small utilities: encodings round-trip and refuse what no encoder writes,
// integers parse only when the whole text is one, case folding touches ASCII letters only.
#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <set>
#include <string>

#include "compiler/support/encoding.h"
#include "compiler/support/numbers.h"
#include "compiler/support/result.h"
#include "compiler/support/text.h"

namespace twinsync {
namespace {

// errors.def: every kind has one name, the name gives the kind back, and None alone is nameless.
TEST(ErrorKinds, EveryKindHasOneNameThatGivesItBack) {
  std::set<std::string_view> names;
  int kinds = 0;
#define ERROR_KIND(id, name, doc)                                              \
  ++kinds;                                                                     \
  names.insert(name);                                                          \
  EXPECT_EQ(error_kind_name(ErrorKind::id), name);                             \
  EXPECT_EQ(error_kind_from_name(name), ErrorKind::id) << name;                \
  EXPECT_EQ(std::string_view(name).empty(), ErrorKind::id == ErrorKind::None); \
  EXPECT_FALSE(std::string_view(doc).empty()) << name;
#include "compiler/support/errors.def"
#undef ERROR_KIND
  EXPECT_EQ(static_cast<int>(names.size()), kinds);  // no two kinds share a name
  EXPECT_EQ(error_kind_from_name("no_such_kind"), std::nullopt);
}

TEST(ErrorKinds, AnHttpAnswerShowsItsStatusInItsText) {
  EXPECT_EQ(error_kind_text(make_http_error("GET /x: HTTP 404", 404)), "http_404");
  EXPECT_EQ(error_kind_text(make_error("gone", ErrorKind::NotFound)), "not_found");
  EXPECT_EQ(error_kind_text(make_error("plain")), "");
}

TEST(Base64, KnownVectors) {
  // RFC 4648 §10.
  const char* vectors[][2] = {{"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
                              {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"}};
  for (const auto& [plain, encoded] : vectors) {
    EXPECT_EQ(base64_encode(plain), encoded);
    EXPECT_EQ(base64_decode(encoded), plain);
  }
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
  EXPECT_EQ(base64url_decode("-_8"), "\xfb\xff");
  EXPECT_EQ(base64_encode("\xfb\xff"), "+/8=");
}

TEST(Base64, RoundTripsEveryLength) {
  std::mt19937 gen(7);
  for (size_t n = 0; n < 70; ++n) {
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(gen());
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
    EXPECT_EQ(base64url_encode(bytes).find_first_of("+/="), std::string::npos);
  }
}

TEST(Base64, RefusesWhatNoEncoderWrites) {
  for (const char* bad : {"Zg", "Zg=", "Zh==", "Z===", "Zm9v!", " Zm9v", "Zm9v\n", "Zm 9v", "Zm9v-_8="}) {
    EXPECT_FALSE(base64_decode(bad)) << bad;
  }
  for (const char* bad : {"Zm9vYg==", "a+b", "abcde", "Zh"}) EXPECT_FALSE(base64url_decode(bad)) << bad;
}

TEST(Hex, EncodesLowerDecodesEither) {
  EXPECT_EQ(hex_encode(std::string("\x00\x7f\xab\xff", 4)), "007fabff");
  EXPECT_EQ(hex_decode("007FabfF"), std::string("\x00\x7f\xab\xff", 4));
  EXPECT_EQ(hex_decode(""), "");
  for (const char* bad : {"abc", "zz", "0x", "0 "}) EXPECT_FALSE(hex_decode(bad)) << bad;
  EXPECT_EQ(hex_digit('7'), 7);
  EXPECT_EQ(hex_digit('C'), 12);
  EXPECT_EQ(hex_digit('g'), -1);
}

TEST(UrlEncode, KeepsOnlyUnreservedCharacters) {
  EXPECT_EQ(url_encode("a b/c"), "a%20b%2Fc");
  EXPECT_EQ(url_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(url_encode("?&=#+%"), "%3F%26%3D%23%2B%25");
  EXPECT_EQ(url_encode("\xc3\xa9"), "%C3%A9");
}

TEST(ParseInt, TheWholeTextOrNothing) {
  EXPECT_EQ(parse_int<int>("42"), 42);
  EXPECT_EQ(parse_int<int>("-42"), -42);
  EXPECT_EQ(parse_int<int64_t>("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(parse_int<uint16_t>("65535"), 65535);
  EXPECT_EQ(parse_int<uint32_t>("00e9", 16), 0xe9u);
  for (const char* bad : {"", " 1", "1 ", "+1", "1x", "x1", "1.5", "0x10", "--1", "-"}) {
    EXPECT_FALSE(parse_int<int>(bad)) << '"' << bad << '"';
  }
}

TEST(ParseInt, OutOfRangeIsAnErrorNotAnException) {
  EXPECT_FALSE(parse_int<int>("2147483648"));
  EXPECT_FALSE(parse_int<int64_t>("99999999999999999999999"));
  EXPECT_FALSE(parse_int<uint16_t>("65536"));
  EXPECT_FALSE(parse_int<unsigned>("-1"));
}

TEST(Text, FoldsAsciiLettersOnly) {
  EXPECT_EQ(ascii_lower("Content-TYPE"), "content-type");
  EXPECT_EQ(ascii_lower("\xc3\x89T\xc3\x89"), "\xc3\x89t\xc3\x89");  // ÉTÉ: only the T folds
  EXPECT_TRUE(iequals("X-Atlassian-Token", "x-atlassian-token"));
  EXPECT_FALSE(iequals("abc", "abd"));
  EXPECT_FALSE(iequals("abc", "ab"));
  EXPECT_TRUE(iequals("", ""));
}

TEST(AsciiTrim, TakesAsciiWhiteSpaceOffBothEndsOnly) {
  EXPECT_EQ(ascii_trim(" \t\r\n\v\fcode \n"), "code");
  EXPECT_EQ(ascii_trim("a b"), "a b");
  EXPECT_EQ(ascii_trim(" \n "), "");
  EXPECT_EQ(ascii_trim(""), "");
  EXPECT_EQ(ascii_trim("\xC2\xA0x\xC2\xA0"), "\xC2\xA0x\xC2\xA0") << "bytes outside ASCII are left alone";
}

}  // namespace
}  // namespace twinsync
