// sqlite.h — a small RAII wrapper over sqlite3 for the stores: a connection opened in WAL mode,
// statements prepared once and reused, IMMEDIATE transactions, numbered schema migrations.
// Every failure is an Error value carrying SQLite's own message; nothing here throws.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "compiler/support/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace twinsync::sqlite {

enum class Synchronous { Off, Normal, Full, Extra };

struct OpenOptions {
  Synchronous synchronous = Synchronous::Normal;
  std::chrono::milliseconds busy_timeout{5000};
  bool wal = true;
  bool create = true;  // create the file when missing
  /// The process keeps the file locked from its first write until it closes it: no lock calls
  /// per transaction and no shared-memory index, and a second process is refused instead of
  /// sharing the file. Only for a store one connection owns.
  bool exclusive = false;
};

/// A blob to bind, told apart from text.
struct Blob {
  std::string_view bytes;
};

class Database;

/// A prepared statement. Bind errors are kept and reported by the next step()/run(), so binds
/// chain: `st.bind(1, key).bind(":v", v); auto r = st.run();`. Binding after a step resets it.
class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  ~Statement();

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, Blob blob);
  Statement& bind(int index, std::nullptr_t);
  template <typename T>
  Statement& bind(int index, const std::optional<T>& v) {
    return v ? bind(index, *v) : bind(index, nullptr);
  }
  /// By name, including its prefix: ":key", "@key" or "$key".
  template <typename T>
  Statement& bind(std::string_view name, const T& value) {
    begin_bind();
    return bind(index_of(name), value);
  }

  /// true when a row is ready, false when done.
  Result<bool> step();
  /// Steps to completion (INSERT, UPDATE, DELETE, DDL) and resets.
  Status run();
  /// Clears the bindings and rewinds; done automatically by the first bind after a step.
  void reset();

  int column_count() const;
  bool is_null(int col) const;
  std::int64_t int64(int col) const;
  double real(int col) const;
  std::string text(int col) const;
  std::optional<std::string> text_or_null(int col) const;
  std::string blob(int col) const;

  const std::string& sql() const { return sql_; }

 private:
  friend class Database;
  Statement(sqlite3* db, sqlite3_stmt* st, std::string sql) : db_(db), st_(st), sql_(std::move(sql)) {}
  int index_of(std::string_view name);
  void begin_bind();
  void check_bind(int rc, int index);

  sqlite3* db_ = nullptr;
  sqlite3_stmt* st_ = nullptr;
  std::string sql_;
  bool stepped_ = false;
  std::optional<Error> bind_error_;
};

/// An open BEGIN IMMEDIATE transaction; rolled back on destruction unless committed.
class Transaction {
 public:
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();
  Status commit();
  void rollback();

 private:
  friend class Database;
  explicit Transaction(Database* db) : db_(db) {}
  Database* db_;
};

class Database {
 public:
  static Result<Database> open(const std::string& path, const OpenOptions& options = {});
  Database(Database&& other) noexcept;
  Database& operator=(Database&& other) noexcept;
  ~Database();

  /// One or more statements without results.
  Status exec(std::string_view sql);
  Result<Statement> prepare(std::string_view sql);
  Result<Transaction> begin();

  std::int64_t last_insert_rowid() const;
  int changes() const;
  Result<int> user_version();
  const std::string& path() const { return path_; }
  sqlite3* handle() { return db_; }

 private:
  Database(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
};

/// One schema step; `version` counts from 1 without gaps. A store lists its steps in one table.
struct Migration {
  int version;
  std::string_view sql;
};

/// Brings the store to the last version, one transaction per step (PRAGMA user_version records
/// it). A store from a newer schema is refused (kind "schema_too_new") and left untouched.
Status migrate(Database& db, std::span<const Migration> steps, std::string_view store_name);

}  // namespace twinsync::sqlite
