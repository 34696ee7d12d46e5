// statement.cpp — binding, stepping and reading columns of a prepared statement.
#include <sqlite3.h>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::sqlite {

Error sqlite_error(sqlite3* db, int rc, std::string_view context);  // database.cpp

Statement::Statement(Statement&& o) noexcept
    : db_(o.db_), st_(o.st_), sql_(std::move(o.sql_)), stepped_(o.stepped_),
      bind_error_(std::move(o.bind_error_)) {
  o.st_ = nullptr;
}

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    if (st_) sqlite3_finalize(st_);
    db_ = o.db_;
    st_ = o.st_;
    sql_ = std::move(o.sql_);
    stepped_ = o.stepped_;
    bind_error_ = std::move(o.bind_error_);
    o.st_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (st_) sqlite3_finalize(st_);
}

void Statement::begin_bind() {
  if (stepped_) reset();
}

void Statement::check_bind(int rc, int index) {
  if (rc != SQLITE_OK && !bind_error_) {
    bind_error_ = sqlite_error(db_, rc, "cannot bind parameter " + std::to_string(index) + " of `" + sql_ + "`");
  }
}

int Statement::index_of(std::string_view name) {
  std::string n(name);
  int i = sqlite3_bind_parameter_index(st_, n.c_str());
  if (i == 0 && !bind_error_) {
    bind_error_ = make_error("no parameter " + n + " in `" + sql_ + "`", ErrorKind::Sqlite);
  }
  return i;
}

Statement& Statement::bind(int index, std::int64_t value) {
  begin_bind();
  check_bind(sqlite3_bind_int64(st_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  begin_bind();
  check_bind(sqlite3_bind_double(st_, index, value), index);
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  begin_bind();
  check_bind(sqlite3_bind_text64(st_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8),
             index);
  return *this;
}

Statement& Statement::bind(int index, Blob blob) {
  begin_bind();
  check_bind(sqlite3_bind_blob64(st_, index, blob.bytes.data(), blob.bytes.size(), SQLITE_TRANSIENT),
             index);
  return *this;
}

Statement& Statement::bind(int index, std::nullptr_t) {
  begin_bind();
  check_bind(sqlite3_bind_null(st_, index), index);
  return *this;
}

Result<bool> Statement::step() {
  if (bind_error_) {
    Error e = *bind_error_;
    reset();
    return e;
  }
  stepped_ = true;
  int rc = sqlite3_step(st_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  Error e = sqlite_error(db_, rc, "`" + sql_ + "` failed");
  reset();
  return e;
}

Status Statement::run() {
  while (true) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) break;
  }
  reset();
  return ok_status();
}

void Statement::reset() {
  sqlite3_reset(st_);
  sqlite3_clear_bindings(st_);
  stepped_ = false;
  bind_error_.reset();
}

int Statement::column_count() const { return sqlite3_column_count(st_); }

bool Statement::is_null(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }

std::int64_t Statement::int64(int col) const { return sqlite3_column_int64(st_, col); }

double Statement::real(int col) const { return sqlite3_column_double(st_, col); }

std::string Statement::text(int col) const {
  const unsigned char* p = sqlite3_column_text(st_, col);
  return p ? std::string(reinterpret_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)))
           : std::string();
}

std::optional<std::string> Statement::text_or_null(int col) const {
  if (is_null(col)) return std::nullopt;
  return text(col);
}

std::string Statement::blob(int col) const {
  const void* p = sqlite3_column_blob(st_, col);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(sqlite3_column_bytes(st_, col)))
           : std::string();
}

}  // namespace twinsync::sqlite
