// migrate.cpp — numbered schema steps recorded in PRAGMA user_version, newer stores refused.
#include "runtime/sqlite/sqlite.h"

namespace twinsync::sqlite {

namespace {

// Foreign keys are off while steps run: a row whose reference dangles fails the step.
Status check_foreign_keys(Database& db) {
  auto check = db.prepare("PRAGMA foreign_key_check");
  if (!check) return check.error();
  auto row = check->step();
  if (!row) return row.error();
  if (*row) return make_error("a row of table " + check->text(0) + " refers to a missing row of " + check->text(2));
  return ok_status();
}

Status run_step(Database& db, const Migration& step, std::string_view store_name) {
  auto tx = db.begin();
  if (!tx) return tx.error();
  Status s = db.exec(step.sql);
  if (s) s = check_foreign_keys(db);
  if (s) s = db.exec("PRAGMA user_version = " + std::to_string(step.version));
  if (s) s = tx->commit();
  if (s) return s;
  Error failed = reworded(s.error(), std::string(store_name) + " schema step " + std::to_string(step.version) +
                                         " failed: " + s.error().message);
  if (failed.kind == ErrorKind::None) failed.kind = ErrorKind::Schema;
  return failed;
}

}  // namespace

Status migrate(Database& db, std::span<const Migration> steps, std::string_view store_name) {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) {
      return make_error(std::string(store_name) + " migrations must be numbered 1, 2, 3… without gaps",
                        ErrorKind::Schema);
    }
  }
  auto current = db.user_version();
  if (!current) return current.error();
  const int latest = static_cast<int>(steps.size());
  if (*current > latest) {
    return make_error("the " + std::string(store_name) + " store " + db.path() + " has schema version " +
                          std::to_string(*current) + ", newer than this twinsync knows (" +
                          std::to_string(latest) + "); use a newer twinsync",
                      ErrorKind::SchemaTooNew);
  }
  if (*current == latest) return ok_status();
  // A step may rebuild a table (SQLite's way to add a CHECK): foreign keys are off meanwhile, as
  // SQLite's ALTER TABLE documentation prescribes, and each step proves them intact before it commits.
  if (Status off = db.exec("PRAGMA foreign_keys=OFF"); !off) return off;
  Status result = ok_status();
  for (int v = *current + 1; v <= latest && result; ++v) result = run_step(db, steps[static_cast<size_t>(v - 1)], store_name);
  if (Status on = db.exec("PRAGMA foreign_keys=ON"); !on && result) return on;
  return result;
}

}  // namespace twinsync::sqlite
