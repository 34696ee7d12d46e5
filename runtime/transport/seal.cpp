// seal.cpp — AES-256-GCM through OpenSSL's EVP interface.
#include "runtime/transport/seal.h"

#include <openssl/evp.h>

#include <memory>

#include "runtime/transport/crypto.h"

namespace twinsync::transport {

namespace {

constexpr char kFormat = 0x01;
constexpr size_t kIvBytes = 12;
constexpr size_t kTagBytes = 16;

using CipherCtx = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

unsigned char* out_ptr(std::string& s, size_t at) { return reinterpret_cast<unsigned char*>(s.data() + at); }
const unsigned char* in_ptr(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

Error unseal_error(std::string_view context) {
  return make_error("cannot unseal " + std::string(context) +
                        ": the master key is not the one it was sealed with, or the stored bytes were altered",
                    ErrorKind::Unseal);
}

}  // namespace

Result<std::string> seal(std::string_view key, std::string_view plaintext, std::string_view context) {
  if (key.size() != kSecretBytes) return make_error("the master key must be 32 bytes", ErrorKind::Crypto);
  auto iv = random_bytes(kIvBytes);
  if (!iv) return iv.error();
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(1 + kIvBytes + plaintext.size() + kTagBytes, '\0');
  out[0] = kFormat;
  out.replace(1, kIvBytes, *iv);
  int len = 0;
  bool ok = ctx && EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, in_ptr(key), in_ptr(*iv)) == 1 &&
            EVP_EncryptUpdate(ctx.get(), nullptr, &len, in_ptr(context), static_cast<int>(context.size())) == 1 &&
            EVP_EncryptUpdate(ctx.get(), out_ptr(out, 1 + kIvBytes), &len, in_ptr(plaintext),
                              static_cast<int>(plaintext.size())) == 1 &&
            EVP_EncryptFinal_ex(ctx.get(), out_ptr(out, 1 + kIvBytes + len), &len) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kTagBytes),
                                out_ptr(out, out.size() - kTagBytes)) == 1;
  if (!ok) return make_error("AES-256-GCM encryption failed", ErrorKind::Crypto);
  return out;
}

Result<std::string> unseal(std::string_view key, std::string_view sealed, std::string_view context) {
  if (key.size() != kSecretBytes) return make_error("the master key must be 32 bytes", ErrorKind::Crypto);
  if (sealed.size() < 1 + kIvBytes + kTagBytes || sealed[0] != kFormat) return unseal_error(context);
  const std::string_view iv = sealed.substr(1, kIvBytes);
  const std::string_view body = sealed.substr(1 + kIvBytes, sealed.size() - 1 - kIvBytes - kTagBytes);
  std::string tag(sealed.substr(sealed.size() - kTagBytes));
  CipherCtx ctx(EVP_CIPHER_CTX_new(), EVP_CIPHER_CTX_free);
  std::string out(body.size(), '\0');
  int len = 0;
  bool ok = ctx && EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, in_ptr(key), in_ptr(iv)) == 1 &&
            EVP_DecryptUpdate(ctx.get(), nullptr, &len, in_ptr(context), static_cast<int>(context.size())) == 1 &&
            EVP_DecryptUpdate(ctx.get(), out_ptr(out, 0), &len, in_ptr(body), static_cast<int>(body.size())) == 1 &&
            EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kTagBytes), tag.data()) == 1 &&
            EVP_DecryptFinal_ex(ctx.get(), out_ptr(out, static_cast<size_t>(len)), &len) == 1;
  if (!ok) {
    wipe(out);
    return unseal_error(context);
  }
  return out;
}

}  // namespace twinsync::transport
