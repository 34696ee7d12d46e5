// key_store_invitations.cpp — the pending-invitation half of the key store: issue, look up,
// redeem once (with the peer in the same transaction), prune.
#include "runtime/transport/crypto.h"
#include "runtime/transport/key_store.h"
#include "runtime/transport/seal.h"

namespace twinsync::transport {

namespace {

std::string invitation_context(const PendingInvitation& inv) {
  return "transport_invitations.sealed_key\n" + inv.id + "\n" + inv.connection + "\n" + inv.base_url + "\n" +
         std::to_string(inv.created_ms) + "\n" + std::to_string(inv.expires_ms);
}

}  // namespace

Status KeyStore::put_invitation(const PendingInvitation& inv) {
  if (inv.key.size() != kSecretBytes) return make_error("an invitation key must be 32 bytes", ErrorKind::Crypto);
  auto sealed = seal(master_key_, inv.key, invitation_context(inv));
  if (!sealed) return sealed.error();
  std::lock_guard lock(mu_);
  return put_invitation_.bind(1, inv.id)
      .bind(2, inv.connection)
      .bind(3, inv.base_url)
      .bind(4, sqlite::Blob{*sealed})
      .bind(5, inv.created_ms)
      .bind(6, inv.expires_ms)
      .run();
}

Result<std::optional<PendingInvitation>> KeyStore::invitation(const std::string& id) {
  std::lock_guard lock(mu_);
  sqlite::Statement& st = get_invitation_;
  st.bind(1, id);
  auto row = st.step();
  if (!row) return row.error();
  if (!*row) return std::optional<PendingInvitation>();
  PendingInvitation inv;
  inv.id = st.text(0);
  inv.connection = st.text(1);
  inv.base_url = st.text(2);
  const std::string sealed = st.blob(3);
  inv.created_ms = st.int64(4);
  inv.expires_ms = st.int64(5);
  if (!st.is_null(6)) inv.used_ms = st.int64(6);
  inv.acceptor_nonce = st.is_null(7) ? "" : st.blob(7);
  inv.initiator_nonce = st.is_null(8) ? "" : st.blob(8);
  inv.acceptor_connection = st.text_or_null(9).value_or("");
  inv.acceptor_url = st.text_or_null(10).value_or("");
  st.reset();
  auto key = unseal(master_key_, sealed, invitation_context(inv));
  if (!key) return make_error("the key of invitation " + id + ": " + key.error().message, ErrorKind::Unseal);
  inv.key = std::move(*key);
  return std::optional<PendingInvitation>(std::move(inv));
}

Status KeyStore::redeem_invitation(const PendingInvitation& r, const Peer& peer) {
  if (!r.used_ms) return make_error("a redemption needs the time it happened", ErrorKind::Internal);
  std::lock_guard lock(mu_);
  auto tx = db_.begin();
  if (!tx) return tx.error();
  Status updated = redeem_invitation_.bind(1, r.id)
                       .bind(2, *r.used_ms)
                       .bind(3, sqlite::Blob{r.acceptor_nonce})
                       .bind(4, sqlite::Blob{r.initiator_nonce})
                       .bind(5, r.acceptor_connection)
                       .bind(6, r.acceptor_url)
                       .run();
  if (!updated) return updated;
  if (db_.changes() != 1) {
    return make_error("this invitation code was already used; ask the other side for a new one", ErrorKind::InvitationUsed);
  }
  if (Status s = put_peer_locked(peer); !s) return s;
  return tx->commit();
}

Result<int> KeyStore::prune_invitations(int64_t before_ms) {
  std::lock_guard lock(mu_);
  if (Status s = prune_invitations_.bind(1, before_ms).run(); !s) return s.error();
  return db_.changes();
}

}  // namespace twinsync::transport
