// crypto.cpp — OpenSSL 3 behind crypto.h: one-shot digests and MACs, the HKDF provider, RAND.
#include "runtime/transport/crypto.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/rand.h>

#include <memory>

namespace twinsync::transport {

namespace {

const unsigned char* bytes_of(std::string_view s) {
  return reinterpret_cast<const unsigned char*>(s.data());
}

}  // namespace

std::string sha256(std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len,
             EVP_sha256(), nullptr);
  return out;
}

std::string hmac_sha256(std::string_view key, std::string_view data) {
  std::string out(32, '\0');
  unsigned int len = 0;
  if (!HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), bytes_of(data), data.size(),
            reinterpret_cast<unsigned char*>(out.data()), &len) ||
      len != out.size()) {
    return {};  // never equal to anything: constant_time_equal refuses empty values
  }
  return out;
}

Result<std::string> hkdf_sha256(std::string_view key, std::string_view salt, std::string_view info,
                                size_t length) {
  std::unique_ptr<EVP_KDF, decltype(&EVP_KDF_free)> kdf(EVP_KDF_fetch(nullptr, "HKDF", nullptr),
                                                         EVP_KDF_free);
  if (!kdf) return make_error("OpenSSL has no HKDF", ErrorKind::Crypto);
  std::unique_ptr<EVP_KDF_CTX, decltype(&EVP_KDF_CTX_free)> ctx(EVP_KDF_CTX_new(kdf.get()),
                                                                 EVP_KDF_CTX_free);
  if (!ctx) return make_error("cannot create an HKDF context", ErrorKind::Crypto);
  char digest[] = "SHA256";
  // OSSL_PARAM takes non-const pointers but only reads through them here.
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, digest, 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_KEY, const_cast<char*>(key.data()), key.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<char*>(salt.data()), salt.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_INFO, const_cast<char*>(info.data()), info.size()),
      OSSL_PARAM_construct_end()};
  std::string out(length, '\0');
  if (EVP_KDF_derive(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), out.size(), params) != 1) {
    return make_error("HKDF derivation failed", ErrorKind::Crypto);
  }
  return out;
}

Result<std::string> random_bytes(size_t count) {
  std::string out(count, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), static_cast<int>(count)) != 1) {
    return make_error("the random number generator failed", ErrorKind::Crypto);
  }
  return out;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  // Two empty values are no proof of anything (a MAC that failed to compute is empty).
  if (a.size() != b.size() || a.empty()) return false;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

void wipe(std::string& bytes) {
  if (!bytes.empty()) OPENSSL_cleanse(bytes.data(), bytes.size());
  bytes.clear();
}

}  // namespace twinsync::transport
