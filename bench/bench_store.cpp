// The sync store and the outgoing path, on a real disk (not :memory:, not tmpfs):
//
// - BM_SqliteCommit: the machine's raw SQLite commit rate, one small INSERT per WAL transaction,
//   with synchronous=FULL and NORMAL. The ceiling for one change per transaction.
// - BM_Outgoing: changes per second through the outgoing rules of examples/outsourced_qa/qa.sync
//   and the store (stale-read check, bytecode, diff against the last replica sent, outbox event,
//   twin update, history, statistics) with synchronous=FULL, B changes per transaction
//   (ConnectionEngine::outgoing_batch). Reported with the raw FULL commit rate and the ratio.
// - BM_PeakRss100kTwins: peak RSS (getrusage ru_maxrss) of a store and engine holding 100,000
//   twins with their last replicas, after a status listing and changes to random twins.
//   ru_maxrss is the process's peak, so it is registered first; run it alone for a clean figure:
//   --benchmark_filter=PeakRss.
//
// The directory is $TWINSYNC_BENCH_DIR or the system temp directory; the benchmark refuses a
// tmpfs. Counters carry the figures: --benchmark_format=json shows them by name.
#include <benchmark/benchmark.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "compiler/bytecode/serialize.h"
#include "compiler/diag/render.h"
#include "compiler/driver/compile.h"
#include "compiler/schema/shapes.h"
#include "compiler/vm/value_json.h"
#include "runtime/sqlite/sqlite.h"
#include "runtime/store/sync_store.h"
#include "runtime/sync/engine.h"
#include "bench/process_memory.h"

namespace {

using namespace twinsync;
namespace fs = std::filesystem;

constexpr long kTmpfsMagic = 0x01021994;

// A fresh directory on a disk for one benchmark; removed with everything in it afterwards.
class BenchDir {
 public:
  BenchDir() {
    const char* env = std::getenv("TWINSYNC_BENCH_DIR");
    fs::path base = env && *env ? fs::path(env) : fs::temp_directory_path();
    path_ = base / ("twinsync-bench-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::create_directories(path_);
    struct statfs info {};
    tmpfs_ = ::statfs(path_.c_str(), &info) == 0 && static_cast<long>(info.f_type) == kTmpfsMagic;
  }
  ~BenchDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  bool tmpfs() const { return tmpfs_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
  bool tmpfs_ = false;
};

// Registered first: ru_maxrss is the process's peak, so this one runs before the others.
void BM_PeakRss100kTwins(benchmark::State& state);
BENCHMARK(BM_PeakRss100kTwins)->Iterations(3)->Unit(benchmark::kMillisecond)->UseRealTime();

using bench::peak_resident_mb;
using bench::resident_mb;

// --- the raw commit rate

struct RawDb {
  sqlite::Database db;
  sqlite::Statement insert;
};

RawDb open_raw(const std::string& path, sqlite::Synchronous sync) {
  sqlite::OpenOptions o;
  o.synchronous = sync;
  auto db = sqlite::Database::open(path, o);
  if (!db) throw std::runtime_error(db.error().message);
  if (auto ok = db->exec("CREATE TABLE IF NOT EXISTS t(id INTEGER PRIMARY KEY, v BLOB NOT NULL)"); !ok) {
    throw std::runtime_error(ok.error().message);
  }
  auto st = db->prepare("INSERT INTO t(v) VALUES(?1)");
  if (!st) throw std::runtime_error(st.error().message);
  return RawDb{std::move(*db), std::move(*st)};
}

bool raw_commit(RawDb& raw, const std::string& payload) {
  auto tx = raw.db.begin();
  if (!tx) return false;
  if (!raw.insert.bind(1, sqlite::Blob{payload}).run()) return false;
  return static_cast<bool>(tx->commit());
}

// The raw FULL commit rate, measured once (about a second) for the ratio in BM_Outgoing.
double raw_full_rate() {
  static const double rate = [] {
    BenchDir dir;
    RawDb raw = open_raw(dir.file("raw-ref.db"), sqlite::Synchronous::Full);
    const std::string payload(100, 'r');
    for (int i = 0; i < 50; ++i) raw_commit(raw, payload);  // warm up
    const auto start = std::chrono::steady_clock::now();
    int n = 0;
    while (std::chrono::steady_clock::now() - start < std::chrono::seconds(1)) {
      raw_commit(raw, payload);
      ++n;
    }
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return n / s;
  }();
  return rate;
}

void BM_SqliteCommit(benchmark::State& state) {
  const auto sync = state.range(0) ? sqlite::Synchronous::Full : sqlite::Synchronous::Normal;
  BenchDir dir;
  if (dir.tmpfs()) {
    state.SkipWithError("the bench directory is a tmpfs: set TWINSYNC_BENCH_DIR to a disk directory");
    return;
  }
  RawDb raw = open_raw(dir.file("raw.db"), sync);
  const std::string payload(100, 'r');
  for (auto _ : state) {
    if (!raw_commit(raw, payload)) {
      state.SkipWithError("commit failed");
      return;
    }
  }
  state.SetLabel(state.range(0) ? "synchronous=FULL" : "synchronous=NORMAL");
  state.counters["commits_per_s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_SqliteCommit)->ArgName("full")->Arg(1)->Arg(0)->UseRealTime()->MinTime(2.0);

// --- the outgoing path

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::shared_ptr<const Program> qa_rules() {
  static std::shared_ptr<const Program> program = [] {
    const std::string path = std::string(TWINSYNC_SOURCE_DIR) + "/examples/outsourced_qa/qa.sync";
    const SourceFile file(path, read_text(path));
    DiagnosticSink sink;
    auto p = compile_source(file, Schema{}, sink);
    if (!p) throw std::runtime_error(render_text(file, sink.sorted()));
    return std::make_shared<const Program>(std::move(*p));
  }();
  return program;
}

// QA's issue number `n` at edit `version`: a vetted bug with a description, a reporter and
// three comments, made on demand (the tracker's data is not what is measured).
Value make_issue(int64_t n, int64_t version) {
  static const Value base = [] {
    const nlohmann::json j = {
        {"project", "QA"},
        {"type", "Bug"},
        {"description",
         "h3. Steps\n# open the cart with three items\n# tap *Checkout*\n# nothing happens\n\nh3. Expected\n"
         "The payment page opens.\n\nSeen on iOS 17.2 and Android 14; not on the web shop."},
        {"priority", "High"},
        {"status", "To Do"},
        {"labels", {"vetted", "mobile", "checkout"}},
        {"reporter", {{"displayName", "Ann QA"}, {"email", "ann@qa.example"}}},
        {"comments",
         {{{"id", "11"}, {"body", "Seen on iOS too"}, {"author", {{"displayName", "Ann QA"}}}},
          {{"id", "12"}, {"body", "Internal: check the payment SDK"}, {"author", {{"displayName", "Bob QA"}}}, {"internal", true}},
          {{"id", "13"}, {"body", "Still there in 2.4.1"}, {"author", {{"displayName", "Ann QA"}}}}}},
        {"created", "2024-01-31T10:15:30.000+0000"}};
    auto v = issue_from_json(j);
    if (!v) throw std::runtime_error(v.error().message);
    return *v;
  }();
  Value issue = base;
  issue.set_field(slot(IssueSlot::Key), Value::string("QA-" + std::to_string(n)));
  issue.set_field(slot(IssueSlot::Id), Value::string(std::to_string(10000 + n)));
  issue.set_field(slot(IssueSlot::Summary),
                  Value::string("Checkout button does nothing (" + std::to_string(n) + ", edit " + std::to_string(version) + ")"));
  issue.set_field(slot(IssueSlot::Updated), Value::datetime(1706696130000 + version * 1000));
  return issue;
}

// A tracker port that is never asked for anything during these runs (issues come already read).
class NoTracker final : public sync::TrackerPort {
 public:
  Result<Value> get_issue(const std::string& key) override { return make_error("no issue " + key, ErrorKind::NotFound); }
  Result<std::string> create_issue(const sync::FieldChanges&, const std::string&) override { return no(); }
  Result<std::optional<std::string>> find_by_marker(const std::string&) override { return std::optional<std::string>(); }
  Status update_issue(const std::string&, const sync::FieldChanges&) override { return no(); }
  Result<std::string> add_comment(const std::string&, const std::string&, const Value&, bool) override { return no(); }
  Status update_comment(const std::string&, const std::string&, const std::string&, const Value&, bool) override { return no(); }
  Status delete_comment(const std::string&, const std::string&) override { return no(); }
  Result<std::string> download_attachment(const Value&) override { return no(); }
  Result<std::string> upload_attachment(const std::string&, const std::string&, const std::string&, const std::string&) override {
    return no();
  }
  Status delete_attachment(const std::string&) override { return no(); }
  Result<std::vector<std::string>> search_keys(const std::string&) override { return std::vector<std::string>{}; }

 private:
  static Error no() { return make_error("not in this benchmark"); }
};

struct World {
  std::unique_ptr<store::SyncStore> store;
  NoTracker tracker;
  std::unique_ptr<sync::ConnectionEngine> engine;
};

std::unique_ptr<World> open_world(const std::string& path, sqlite::Synchronous sync) {
  auto w = std::make_unique<World>();
  auto s = store::SyncStore::open(path, sync);
  if (!s) throw std::runtime_error(s.error().message);
  w->store = std::move(*s);
  sync::EngineOptions o;
  o.show_state_on_issue = false;
  w->engine = std::make_unique<sync::ConnectionEngine>("qa_to_dev", *w->store, w->tracker, o);
  auto program = qa_rules();
  if (auto ok = w->engine->set_rules(program, serialize_program(*program)); !ok) throw std::runtime_error(ok.error().message);
  return w;
}

// Issues first..first+count at `version`, in batches of `batch`; false when one did not go out.
bool send(World& w, int64_t first, int64_t count, int64_t version, size_t batch, std::string* error) {
  std::vector<Value> issues;
  for (int64_t n = first; n < first + count; ++n) {
    issues.push_back(make_issue(n, version));
    if (issues.size() == batch || n + 1 == first + count) {
      auto r = w.engine->outgoing_batch(issues, true);
      if (!r) {
        *error = r.error().message;
        return false;
      }
      for (const auto& one : *r) {
        if (!one || one->kind != sync::StepResult::Sent) {
          *error = one ? "not sent: " + one->message : one.error().message;
          return false;
        }
      }
      issues.clear();
    }
  }
  return true;
}

void BM_Outgoing(benchmark::State& state) {
  const size_t batch = static_cast<size_t>(state.range(0));
  constexpr int64_t kIssues = 1000;
  const double raw = raw_full_rate();
  BenchDir dir;
  if (dir.tmpfs()) {
    state.SkipWithError("the bench directory is a tmpfs: set TWINSYNC_BENCH_DIR to a disk directory");
    return;
  }
  auto w = open_world(dir.file("outgoing.db"), sqlite::Synchronous::Full);
  std::string error;
  if (!send(*w, 0, kIssues, 1, 200, &error)) {  // every twin exists and has a first replica
    state.SkipWithError(error.c_str());
    return;
  }
  int64_t next = 0, version = 2;
  std::vector<Value> issues;
  double busy_s = 0;
  for (auto _ : state) {
    state.PauseTiming();
    issues.clear();
    for (size_t i = 0; i < batch; ++i) {
      issues.push_back(make_issue(next, version));
      if (++next == kIssues) next = 0, ++version;
    }
    state.ResumeTiming();
    const auto t0 = std::chrono::steady_clock::now();
    auto r = w->engine->outgoing_batch(issues, false);
    busy_s += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    if (!r) {
      state.SkipWithError(r.error().message.c_str());
      return;
    }
    for (const auto& one : *r) {
      if (!one || one->kind != sync::StepResult::Sent) {
        state.SkipWithError("a change was not sent");
        return;
      }
    }
  }
  const double changes = static_cast<double>(state.iterations()) * static_cast<double>(batch);
  state.SetLabel("synchronous=FULL, " + std::to_string(batch) + " changes per transaction");
  state.counters["changes_per_s"] = benchmark::Counter(changes, benchmark::Counter::kIsRate);
  state.counters["raw_full_commits_per_s"] = raw;
  state.counters["ratio_to_raw_full"] = busy_s > 0 ? changes / busy_s / raw : 0;
  state.counters["batch"] = static_cast<double>(batch);
}
BENCHMARK(BM_Outgoing)->ArgName("batch")->Arg(1)->Arg(8)->Arg(32)->Arg(128)->UseRealTime()->MinTime(2.0);

// --- memory with 100,000 twins

void BM_PeakRss100kTwins(benchmark::State& state) {
  constexpr int64_t kTwins = 100000;
  BenchDir dir;
  const double rss_before = resident_mb();
  auto w = open_world(dir.file("rss.db"), sqlite::Synchronous::Normal);
  std::string error;
  if (!send(*w, 0, kTwins, 1, 500, &error)) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::mt19937 rng(5);
  std::uniform_int_distribution<int64_t> pick(0, kTwins - 1);
  int64_t version = 2;
  for (auto _ : state) {
    // What `twinsync status` reads, then 1,000 changes to random twins in batches of 50.
    auto tx = w->store->begin();
    int64_t last = 0;
    auto counts = w->store->twin_counts(*tx, w->engine->id(), &last);
    auto out = w->store->count_pending_outbox(*tx, w->engine->id());
    auto errors = w->store->open_errors(*tx);
    int64_t total = 0;
    if (counts) {
      for (const auto& [name, n] : *counts) total += n;
    }
    if (!counts || !out || !errors || total != kTwins) {
      state.SkipWithError("status listing failed");
      return;
    }
    (void)tx->commit();
    std::vector<Value> issues;
    for (int i = 0; i < 1000; ++i) {
      issues.push_back(make_issue(pick(rng), version));
      if (issues.size() == 50) {
        auto r = w->engine->outgoing_batch(issues, false);
        if (!r) {
          state.SkipWithError(r.error().message.c_str());
          return;
        }
        issues.clear();
      }
    }
    ++version;
    auto pending = w->engine->pending_outbound(500);  // what the sender reads
    benchmark::DoNotOptimize(pending);
  }
  state.SetLabel("100,000 twins");
  state.counters["peak_rss_mb"] = peak_resident_mb();
  state.counters["rss_before_mb"] = rss_before;
  state.counters["rss_now_mb"] = resident_mb();
  state.counters["store_file_mb"] = static_cast<double>(fs::file_size(dir.file("rss.db"))) / (1024.0 * 1024.0);
}

}  // namespace

BENCHMARK_MAIN();
