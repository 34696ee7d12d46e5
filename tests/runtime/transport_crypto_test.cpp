// Transport building blocks: encodings, HMAC/HKDF against RFC vectors, AES-GCM sealing.
#include <gtest/gtest.h>

#include <random>

#include "compiler/support/encoding.h"
#include "runtime/transport/crypto.h"
#include "runtime/transport/seal.h"

namespace {

using namespace twinsync::transport;
using twinsync::base64_decode;
using twinsync::base64_encode;
using twinsync::base64url_decode;
using twinsync::base64url_encode;
using twinsync::hex_decode;
using twinsync::hex_encode;

std::string random_string(std::mt19937& rng, size_t n) {
  std::string s(n, '\0');
  for (char& c : s) c = static_cast<char>(rng() & 0xff);
  return s;
}

TEST(TransportEncoding, Base64RoundTripsEveryLength) {
  std::mt19937 rng(7);
  for (size_t n = 0; n < 70; ++n) {
    const std::string bytes = random_string(rng, n);
    EXPECT_EQ(base64_decode(base64_encode(bytes)), bytes);
    EXPECT_EQ(base64url_decode(base64url_encode(bytes)), bytes);
    EXPECT_EQ(hex_decode(hex_encode(bytes)), bytes);
  }
  EXPECT_EQ(base64_encode("foob"), "Zm9vYg==");
  EXPECT_EQ(base64url_encode("\xfb\xff"), "-_8");
}

TEST(TransportEncoding, DecodersRefuseWhatNoEncoderMakes) {
  for (const char* bad : {"Zm9vYg=", "Zm9vY===", "Zm9v\nYg==", "Zm9vYh==", "Zm=vYg==", "Z", "Zm9vYg=A", "Zm 9"}) {
    EXPECT_FALSE(base64_decode(bad)) << bad;
  }
  for (const char* bad : {"Zm9vYg==", "a+b", "abcde", "Zh"}) EXPECT_FALSE(base64url_decode(bad)) << bad;
  for (const char* bad : {"abc", "zz", "0x"}) EXPECT_FALSE(hex_decode(bad)) << bad;
}

TEST(TransportCrypto, HmacAndHkdfMatchTheRfcVectors) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hex_encode(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  // RFC 5869 test case 1.
  auto okm = hkdf_sha256(*hex_decode("0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b"),
                         *hex_decode("000102030405060708090a0b0c"), *hex_decode("f0f1f2f3f4f5f6f7f8f9"), 42);
  ASSERT_TRUE(okm);
  EXPECT_EQ(hex_encode(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

TEST(TransportSeal, OpensOnlyWithTheSameKeyAndContext) {
  const std::string key(32, 'k');
  const std::string secret = std::string("\0secret bytes\xff", 14);
  auto sealed = seal(key, secret, "ctx:a");
  ASSERT_TRUE(sealed);
  EXPECT_EQ(sealed->size(), 1 + 12 + secret.size() + 16);
  EXPECT_EQ(sealed->find("secret bytes"), std::string::npos);
  EXPECT_EQ(unseal(key, *sealed, "ctx:a").value(), secret);
  EXPECT_NE(*seal(key, secret, "ctx:a"), *sealed) << "a fresh IV every time";

  auto wrong_key = unseal(std::string(32, 'K'), *sealed, "ctx:a");
  ASSERT_FALSE(wrong_key);
  EXPECT_EQ(wrong_key.error().kind, twinsync::ErrorKind::Unseal);
  EXPECT_FALSE(unseal(key, *sealed, "ctx:b")) << "moved to another row";
  std::string tampered = *sealed;
  tampered[20] ^= 1;
  EXPECT_FALSE(unseal(key, tampered, "ctx:a"));
  EXPECT_FALSE(unseal(key, sealed->substr(0, 20), "ctx:a"));
  EXPECT_FALSE(seal("short", secret, "ctx"));
}

}  // namespace
