// node_secrets.h — the secrets a node makes for itself when none is configured: its admin
// token (the admin API is never open) and its webhook secret (deliveries are never taken on
// trust). Each is written once, at first start, to a file beside the store (mode 0600), where
// the CLI finds the admin token too (`--config NODEFILE`).
#pragma once

#include <functional>
#include <string>

#include "compiler/support/result.h"
#include "runtime/node/config.h"

namespace twinsync::node {

/// The file beside a store for a secret: ("qa.db", ".admin-token") -> "qa.admin-token".
/// Empty for an in-memory store.
std::string default_secret_path(const std::string& store_path, const std::string& suffix);
inline std::string default_admin_token_path(const std::string& store_path) {
  return default_secret_path(store_path, ".admin-token");
}

/// Where a secret is: the configured reference, or the default file, created with 32 fresh
/// random bytes (hex) when missing (`log` says where, never what). An in-memory store gets a
/// secret that lives only in memory (`generated`).
struct SecretSource {
  SecretRef ref;          // empty: `generated` is the secret
  std::string generated;  // only for in-memory stores
  Result<std::string> read() const;
};
Result<SecretSource> ensure_secret(const SecretRef& configured, const std::string& store_path, const std::string& suffix,
                                   const std::string& what, const std::function<void(const std::string&)>& log);

}  // namespace twinsync::node
