// database.cpp — opening a connection (WAL, synchronous, busy timeout), exec, transactions.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "runtime/sqlite/sqlite.h"

namespace twinsync::sqlite {

namespace {

ErrorKind kind_of(int rc) {
  switch (rc & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return ErrorKind::Busy;
    case SQLITE_CONSTRAINT: return ErrorKind::Constraint;
    case SQLITE_NOTADB: return ErrorKind::NotADatabase;
    case SQLITE_FULL: return ErrorKind::DiskFull;
    case SQLITE_CORRUPT: return ErrorKind::Corrupt;
    case SQLITE_IOERR: return ErrorKind::Io;
    default: return ErrorKind::Sqlite;
  }
}

// The conditions an operator has to act on name the file and say what is wrong in plain words;
// the rest carry SQLite's text after the caller's context.
std::string describe(sqlite3* db, int rc, std::string_view context, const char* sqlite_text) {
  const char* file = db ? sqlite3_db_filename(db, "main") : nullptr;
  const std::string where = std::string("store ") + (file && *file ? file : ":memory:") + ": ";
  switch (rc & 0xff) {
    case SQLITE_FULL: return where + "disk full (" + sqlite_text + "); nothing of this transaction was written";
    case SQLITE_CORRUPT: return where + "damaged (" + sqlite_text + "); restore it from a backup";
    case SQLITE_IOERR: return where + "I/O error (" + sqlite_text + ")";
    default: break;
  }
  std::string msg(context);
  msg += ": ";
  msg += sqlite_text;
  return msg;
}

const char* sync_name(Synchronous s) {
  switch (s) {
    case Synchronous::Off: return "OFF";
    case Synchronous::Normal: return "NORMAL";
    case Synchronous::Full: return "FULL";
    case Synchronous::Extra: return "EXTRA";
  }
  return "NORMAL";
}

// A store holds other organisations' issues and this node's state: its file is for its owner
// only. SQLite gives the -wal and -shm files the database file's mode, so the file is made (or
// tightened) 0600 before SQLite opens it.
Status owner_only(const std::string& path, bool create) {
  if (path.empty() || path == ":memory:" || path.rfind("file:", 0) == 0) return ok_status();
  const int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NOFOLLOW | (create ? O_CREAT : 0), 0600);
  if (fd < 0) {
    if (errno == ENOENT && !create) return ok_status();  // SQLite says it is missing, in its words
    if (errno == ELOOP) return make_error("store " + path + " is a symbolic link; give the file itself", ErrorKind::Config);
    return ok_status();  // unreadable or a directory: SQLite's own error names it
  }
  struct stat st {};
  const bool ok = ::fstat(fd, &st) == 0 && (!S_ISREG(st.st_mode) || (st.st_mode & 077) == 0 || ::fchmod(fd, 0600) == 0);
  ::close(fd);
  if (!ok) return make_error("store " + path + ": cannot make it readable by its owner only", ErrorKind::Config);
  return ok_status();
}

}  // namespace

Error sqlite_error(sqlite3* db, int rc, std::string_view context) {
  return make_error(describe(db, rc, context, db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)), kind_of(rc));
}

Result<Database> Database::open(const std::string& path, const OpenOptions& options) {
  if (Status s = owner_only(path, options.create); !s) return s.error();
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (options.create ? SQLITE_OPEN_CREATE : 0);
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db(raw, path);
  if (rc != SQLITE_OK) return sqlite_error(raw, rc, "cannot open " + path);
  sqlite3_extended_result_codes(raw, 1);
  sqlite3_busy_timeout(raw, static_cast<int>(options.busy_timeout.count()));
  // Before the first read, so that WAL mode keeps its index in memory (SQLite's rule).
  if (options.exclusive) {
    rc = sqlite3_exec(raw, "PRAGMA locking_mode=EXCLUSIVE", nullptr, nullptr, nullptr);
    if (rc != SQLITE_OK) return sqlite_error(raw, rc, "cannot lock " + path);
  }
  // The first read of the header is where a file that is not a database shows itself.
  rc = sqlite3_exec(raw, "SELECT count(*) FROM sqlite_master", nullptr, nullptr, nullptr);
  if ((rc & 0xff) == SQLITE_NOTADB) {
    return make_error(path + " is not a SQLite database", ErrorKind::NotADatabase);
  }
  if (options.exclusive && (rc & 0xff) == SQLITE_BUSY) {
    return make_error(path + " is in use by another process, which keeps it to itself", ErrorKind::Busy);
  }
  if (rc != SQLITE_OK) return sqlite_error(raw, rc, "cannot read " + path);
  if (options.wal) {
    if (Status s = db.exec("PRAGMA journal_mode=WAL"); !s) return s.error();
  }
  std::string pragmas = std::string("PRAGMA synchronous=") + sync_name(options.synchronous) +
                        "; PRAGMA foreign_keys=ON";
  if (Status s = db.exec(pragmas); !s) return s.error();
  return db;
}

Database::Database(Database&& other) noexcept : db_(other.db_), path_(std::move(other.path_)) {
  other.db_ = nullptr;
}

Database& Database::operator=(Database&& other) noexcept {
  if (this != &other) {
    if (db_) sqlite3_close_v2(db_);
    db_ = other.db_;
    path_ = std::move(other.path_);
    other.db_ = nullptr;
  }
  return *this;
}

Database::~Database() {
  if (db_) sqlite3_close_v2(db_);
}

Status Database::exec(std::string_view sql) {
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return ok_status();
  std::string msg = err ? err : sqlite3_errstr(rc);
  sqlite3_free(err);
  return make_error(describe(db_, rc, "SQL failed", msg.c_str()), kind_of(rc));
}

Result<Statement> Database::prepare(std::string_view sql) {
  sqlite3_stmt* st = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), SQLITE_PREPARE_PERSISTENT,
                              &st, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc, "cannot prepare `" + std::string(sql) + "`");
  return Statement(db_, st, std::string(sql));
}

Result<Transaction> Database::begin() {
  if (Status s = exec("BEGIN IMMEDIATE"); !s) return s.error();
  return Transaction(this);
}

std::int64_t Database::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

int Database::changes() const { return sqlite3_changes(db_); }

Result<int> Database::user_version() {
  auto st = prepare("PRAGMA user_version");
  if (!st) return st.error();
  auto row = st->step();
  if (!row) return row.error();
  return static_cast<int>(st->int64(0));
}

Transaction::Transaction(Transaction&& other) noexcept : db_(other.db_) { other.db_ = nullptr; }

Transaction::~Transaction() { rollback(); }

Status Transaction::commit() {
  if (!db_) return make_error("transaction already finished", ErrorKind::Sqlite);
  Status s = db_->exec("COMMIT");
  if (!s) {
    rollback();
    return s;
  }
  db_ = nullptr;
  return s;
}

void Transaction::rollback() {
  if (!db_) return;
  if (!sqlite3_get_autocommit(db_->handle())) (void)db_->exec("ROLLBACK");
  db_ = nullptr;
}

}  // namespace twinsync::sqlite
