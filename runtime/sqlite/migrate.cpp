// migrate.cpp — numbered schema steps recorded in PRAGMA user_version, newer stores refused.
#include "runtime/sqlite/sqlite.h"

namespace twinsync::sqlite {

Status migrate(Database& db, std::span<const Migration> steps, std::string_view store_name) {
  for (size_t i = 0; i < steps.size(); ++i) {
    if (steps[i].version != static_cast<int>(i) + 1) {
      return make_error(std::string(store_name) + " migrations must be numbered 1, 2, 3… without gaps",
                        "schema");
    }
  }
  auto current = db.user_version();
  if (!current) return current.error();
  const int latest = static_cast<int>(steps.size());
  if (*current > latest) {
    return make_error("the " + std::string(store_name) + " store " + db.path() + " has schema version " +
                          std::to_string(*current) + ", newer than this twinsync knows (" +
                          std::to_string(latest) + "); use a newer twinsync",
                      "schema_too_new");
  }
  for (int v = *current + 1; v <= latest; ++v) {
    auto tx = db.begin();
    if (!tx) return tx.error();
    Status s = db.exec(steps[static_cast<size_t>(v - 1)].sql);
    if (s) s = db.exec("PRAGMA user_version = " + std::to_string(v));
    if (s) s = tx->commit();
    if (!s) {
      return make_error(std::string(store_name) + " schema step " + std::to_string(v) + " failed: " +
                            s.error().message,
                        s.error().kind);
    }
  }
  return ok_status();
}

}  // namespace twinsync::sqlite
