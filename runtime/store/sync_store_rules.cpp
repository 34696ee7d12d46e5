// sync_store_rules.cpp — rule versions in the store (what was published, by whom, which one
// runs, and the rule file's hash as last read, so a restart keeps a published version), and
// retention.
#include "compiler/vm/datetime.h"
#include "runtime/sqlite/rows.h"
#include "runtime/store/sync_store.h"

namespace twinsync::store {

Status SyncStore::record_rules(Tx&, int64_t connection, const std::string& hash, const std::string& source_path,
                               const std::string& bytecode, const std::string& source_text, const std::string& author) {
  auto ok = st(Sql::InsertRuleVersion)
                .bind(1, connection)
                .bind(2, hash)
                .bind(3, source_path)
                .bind(4, sqlite::Blob{bytecode})
                .bind(5, datetime::now_ms())
                .bind(6, source_text)
                .bind(7, author)
                .run();
  if (!ok) return ok;
  return st(Sql::SetRulesVersion).bind(1, connection).bind(2, hash).run();
}

namespace {

RuleVersion version_row(sqlite::Statement& s) {
  return RuleVersion{s.text(0), s.text(1), s.text(2), s.text(3), s.int64(4)};
}

}  // namespace

Result<std::optional<RuleVersion>> SyncStore::rule_version(Tx&, int64_t connection, const std::string& hash) {
  return sqlite::first_row(st(Sql::RuleVersion).bind(1, connection).bind(2, hash), version_row);
}

Result<std::vector<RuleVersion>> SyncStore::rule_versions(Tx&, int64_t connection) {
  return sqlite::all_rows(st(Sql::RuleVersions).bind(1, connection), version_row);
}

Result<std::string> SyncStore::rules_file_hash(Tx&, int64_t connection) {
  auto hash = sqlite::first_row(st(Sql::RulesFileHash).bind(1, connection),
                                [](sqlite::Statement& row) { return row.text(0); });
  if (!hash) return hash.error();
  return hash->value_or("");
}

Status SyncStore::set_rules_file_hash(Tx&, int64_t connection, const std::string& hash) {
  return st(Sql::SetRulesFileHash).bind(1, connection).bind(2, hash).run();
}

Result<int64_t> SyncStore::prune(Tx&, int64_t before_ms) {
  int64_t removed = 0;
  for (Sql which : {Sql::PruneOutbox, Sql::PruneInbox, Sql::PruneHistory, Sql::PruneErrors}) {
    if (auto ok = st(which).bind(1, before_ms).run(); !ok) return ok.error();
    removed += db_.changes();
  }
  return removed;
}

}  // namespace twinsync::store
