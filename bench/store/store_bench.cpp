// Store benchmarks on the seed-sized data set (feed/bar_generator.h: 5 trading days x 4 expiries x
// 101 strikes x 375 minutes = 757,500 one-minute bars):
// - durable import into SQLite in batches of 10,000 rows (rows/s; one fsync'd transaction each);
// - loading the 5-day memory window from that file into the chain store (target < 1 s);
// - apply() throughput, bulk (one day per call) and live (one minute of every contract per call);
// - memory per 1-minute bar, rollups included: the store's own accounting, cross-checked with
//   mallinfo2() and RSS;
// - snapshot query latency: one bucket of 21 and of 101 strikes, a 6-hour 5-minute window.
// Files go to $STRIKELINE_BENCH_DIR (default: the system temp directory).
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>

#include "feed/bar_generator.h"
#include "store/chain_store.h"
#include "store/sqlite/sqlite_bar_repository.h"

using namespace strikeline;

namespace {

constexpr std::size_t kImportBatch = 10000;

const std::vector<StrikeBar>& seed_bars() {
  static const std::vector<StrikeBar> bars = generate_seed_bars();
  return bars;
}

std::string bench_path(const std::string& name) {
  const char* dir = std::getenv("STRIKELINE_BENCH_DIR");
  const std::filesystem::path base =
      dir ? std::filesystem::path(dir) : std::filesystem::temp_directory_path();
  return (base / ("strikeline_store_bench_" + std::to_string(::getpid()) + "_" + name + ".db"))
      .string();
}

void remove_database(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::remove(path + suffix, ignored);
  }
}

void import(SqliteBarRepository& repo, const std::vector<StrikeBar>& bars) {
  for (std::size_t i = 0; i < bars.size(); i += kImportBatch) {
    repo.write(std::span(bars).subspan(i, std::min(kImportBatch, bars.size() - i)),
               BarSource::market);
  }
}

// The seed set in a SQLite file, written once per process.
const std::string& seed_database() {
  static const std::string path = [] {
    std::string p = bench_path("seed");
    remove_database(p);
    SqliteBarRepository repo(p);
    import(repo, seed_bars());
    return p;
  }();
  return path;
}

void BM_SqliteImportDurable(benchmark::State& state) {
  const auto& bars = seed_bars();
  const std::string path = bench_path("import");
  for (auto _ : state) {
    state.PauseTiming();
    remove_database(path);
    state.ResumeTiming();
    SqliteBarRepository repo(path);
    import(repo, bars);
  }
  remove_database(path);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars.size()));
  state.counters["rows"] = static_cast<double>(bars.size());
}
BENCHMARK(BM_SqliteImportDurable)->Unit(benchmark::kMillisecond)->Iterations(3)->UseRealTime();

void BM_SqliteScanAll(benchmark::State& state) {
  SqliteBarRepository repo(seed_database());
  std::size_t rows = 0;
  for (auto _ : state) {
    rows = 0;
    repo.scan(utc_seconds(0), utc_seconds(4000000000), [&](const StrikeBar&) { ++rows; });
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * rows));
}
BENCHMARK(BM_SqliteScanAll)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoadWindowFromSqlite(benchmark::State& state) {
  auto repo = std::make_shared<SqliteBarRepository>(seed_database());
  std::size_t bars = 0;
  for (auto _ : state) {
    ChainStore store({.window_days = 5, .history_cache_days = 2}, repo);
    bars = store.load_window().bars_loaded;
    if (bars != seed_bars().size()) state.SkipWithError("bars lost");
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars));
}
BENCHMARK(BM_LoadWindowFromSqlite)->Unit(benchmark::kMillisecond)->UseRealTime();

// One IST day's bars of the seed set.
std::vector<StrikeBar> first_day_bars() {
  const Date day = seed_trading_days({}).front();
  std::vector<StrikeBar> out;
  for (const StrikeBar& bar : seed_bars()) {
    if (ist_date(bar.key.bucket) == day) out.push_back(bar);
  }
  return out;
}

void BM_ApplyBulkDay(benchmark::State& state) {
  static const std::vector<StrikeBar> day = first_day_bars();
  for (auto _ : state) {
    ChainStore store;
    store.apply(day);
    benchmark::DoNotOptimize(store.current());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * day.size()));
}
BENCHMARK(BM_ApplyBulkDay)->Unit(benchmark::kMillisecond);

void BM_ApplyLiveMinuteByMinute(benchmark::State& state) {
  // Per call: one minute of every contract (4 expiries x 101 strikes = 404 bars), as the
  // aggregator delivers it; a day is 375 calls.
  static const std::vector<StrikeBar> day = first_day_bars();
  std::vector<std::span<const StrikeBar>> minutes;
  std::size_t begin = 0;
  for (std::size_t i = 1; i <= day.size(); ++i) {
    if (i == day.size() || day[i].key.bucket != day[begin].key.bucket) {
      minutes.emplace_back(day.data() + begin, i - begin);
      begin = i;
    }
  }
  double apply_seconds = 0;
  for (auto _ : state) {
    ChainStore store;
    for (const auto& minute : minutes) {
      const auto start = std::chrono::steady_clock::now();
      store.apply(minute);
      apply_seconds +=
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    }
    benchmark::DoNotOptimize(store.current());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * day.size()));
  state.counters["bars_per_apply"] = static_cast<double>(day.size()) / minutes.size();
  state.counters["us_per_apply"] =
      apply_seconds * 1e6 / static_cast<double>(state.iterations() * minutes.size());
}
BENCHMARK(BM_ApplyLiveMinuteByMinute)->Unit(benchmark::kMillisecond);

void BM_ApplyLateBarIntoFullDay(benchmark::State& state) {
  // A correction of one past minute of one strike: the cost of copy-on-write of a page.
  static const std::unique_ptr<ChainStore> store = [] {
    auto s = std::make_unique<ChainStore>();
    s->apply(first_day_bars());
    return s;
  }();
  StrikeBar late = first_day_bars()[1234];
  for (auto _ : state) {
    late.call.volume += 1;
    store->apply(std::span(&late, 1));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_ApplyLateBarIntoFullDay)->Unit(benchmark::kMicrosecond);

std::size_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::size_t pages_total = 0, pages_resident = 0;
  statm >> pages_total >> pages_resident;
  return pages_resident * static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
}

void BM_MemoryPerBar(benchmark::State& state) {
  const auto& bars = seed_bars();
  for (auto _ : state) {
    ::malloc_trim(0);
    const std::size_t heap_before = ::mallinfo2().uordblks;
    const std::size_t rss_before = rss_bytes();
    auto store = std::make_unique<ChainStore>();
    for (std::size_t i = 0; i < bars.size(); i += kImportBatch) {
      store->apply(std::span(bars).subspan(i, std::min(kImportBatch, bars.size() - i)));
    }
    ::malloc_trim(0);
    const std::size_t heap_after = ::mallinfo2().uordblks;
    const std::size_t rss_after = rss_bytes();
    const StoreMemory memory = store->memory();
    const double n = static_cast<double>(memory.one_minute_bars);
    state.counters["bars"] = n;
    state.counters["store_bytes_per_bar"] = memory.bytes_per_bar();
    state.counters["malloc_bytes_per_bar"] = static_cast<double>(heap_after - heap_before) / n;
    state.counters["rss_bytes_per_bar"] =
        static_cast<double>(rss_after > rss_before ? rss_after - rss_before : 0) / n;
    state.counters["store_MiB"] = static_cast<double>(memory.heap_bytes) / (1 << 20);
  }
}
BENCHMARK(BM_MemoryPerBar)->Unit(benchmark::kMillisecond)->Iterations(1);

// The seed set in a store, per strike count (21 strikes: one ATM +- 10 distribution; 101: all).
const ChainStore& seed_store(int strikes) {
  static std::map<int, std::unique_ptr<ChainStore>> stores;
  auto& store = stores[strikes];
  if (!store) {
    store = std::make_unique<ChainStore>();
    GeneratorOptions options;
    options.strikes = strikes;
    store->apply(strikes == 101 ? seed_bars() : generate_seed_bars(options));
  }
  return *store;
}

void BM_SnapshotBucket(benchmark::State& state) {
  const auto strikes = static_cast<int>(state.range(0));
  const auto tf = static_cast<Timeframe>(state.range(1));
  const auto snap = seed_store(strikes).snapshot();
  const Expiry expiry = snap->expiries("NIFTY").front();
  // As of 13:00 IST of the last day: time travel to the bucket, then the bucket itself.
  const UtcSeconds at = ist_time_on(seed_trading_days({}).back(), std::chrono::minutes(13 * 60));
  std::size_t size = 0;
  for (auto _ : state) {
    const auto bucket = snap->latest_bucket("NIFTY", expiry, tf, at);
    const auto bars = snap->bucket("NIFTY", expiry, tf, *bucket);
    size = bars.size();
    benchmark::DoNotOptimize(bars.data());
  }
  if (size != static_cast<std::size_t>(strikes)) state.SkipWithError("wrong bucket size");
  state.SetLabel(std::string(timeframe_name(tf)));
}
BENCHMARK(BM_SnapshotBucket)
    ->ArgsProduct({{21, 101},
                   {static_cast<int>(Timeframe::m1), static_cast<int>(Timeframe::m5),
                    static_cast<int>(Timeframe::m15), static_cast<int>(Timeframe::h1),
                    static_cast<int>(Timeframe::d1)}})
    ->Unit(benchmark::kMicrosecond);

void BM_SnapshotSixHourFiveMinuteWindow(benchmark::State& state) {
  const auto strikes = static_cast<int>(state.range(0));
  const auto snap = seed_store(strikes).snapshot();
  const Expiry expiry = snap->expiries("NIFTY").front();
  const UtcSeconds newest = *snap->newest_bucket("NIFTY");
  std::size_t buckets = 0, bars = 0;
  for (auto _ : state) {
    buckets = bars = 0;
    snap->for_each_bucket("NIFTY", expiry, Timeframe::m5, newest - std::chrono::hours(6), newest,
                          [&](UtcSeconds, const std::vector<StrikeBar>& b) {
                            ++buckets;
                            bars += b.size();
                          });
  }
  state.counters["buckets"] = static_cast<double>(buckets);
  state.counters["bars"] = static_cast<double>(bars);
}
BENCHMARK(BM_SnapshotSixHourFiveMinuteWindow)->Arg(21)->Arg(101)->Unit(benchmark::kMicrosecond);

void BM_EvictedDayQuery(benchmark::State& state) {
  // A 5-minute bucket of the oldest day while only the newest day is in memory and nothing is
  // cached: every query reads the day (151,500 bars) from SQLite and builds it.
  auto repo = std::make_shared<SqliteBarRepository>(seed_database());
  ChainStore store({.window_days = 1, .history_cache_days = 0}, repo);
  store.load_window();
  const auto snap = store.snapshot();
  const Expiry expiry = snap->expiries("NIFTY").front();
  const UtcSeconds at = ist_time_on(seed_trading_days({}).front(), std::chrono::minutes(13 * 60));
  for (auto _ : state) {
    const auto bars = snap->bucket("NIFTY", expiry, Timeframe::m5, at);
    if (bars.size() != 101) state.SkipWithError("wrong bucket size");
  }
}
BENCHMARK(BM_EvictedDayQuery)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SnapshotStrikeHistory(benchmark::State& state) {
  // One strike, 24 hours at 5 minutes (the strike-history default).
  const auto snap = seed_store(101).snapshot();
  const Expiry expiry = snap->expiries("NIFTY").front();
  const UtcSeconds newest = *snap->newest_bucket("NIFTY");
  const Strike strike = snap->strikes("NIFTY", expiry)[50];
  std::size_t n = 0;
  for (auto _ : state) {
    n = snap->strike_series("NIFTY", expiry, strike, Timeframe::m5, newest - std::chrono::hours(24),
                            newest)
            .size();
  }
  state.counters["candles"] = static_cast<double>(n);
}
BENCHMARK(BM_SnapshotStrikeHistory)->Unit(benchmark::kMicrosecond);

struct RemoveSeedDatabaseAtExit {
  ~RemoveSeedDatabaseAtExit() { remove_database(bench_path("seed")); }
} remove_seed_database_at_exit;

}  // namespace

BENCHMARK_MAIN();
