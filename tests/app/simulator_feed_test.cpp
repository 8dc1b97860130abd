#include "app/simulator_feed.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "app/ingest_pipeline.h"
#include "store/chain_store.h"
#include "store/sqlite/sqlite_bar_repository.h"

using namespace strikeline;
using namespace strikeline::app;
using namespace std::chrono;

namespace {

struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("strikeline-simfeed-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  static inline int counter = 0;
};

SimulatorFeedOptions options(std::optional<UtcSeconds> newest = std::nullopt) {
  SimulatorFeedOptions o;
  o.market.symbols = {*sim::default_simulated_symbol("NIFTY")};
  o.market.seed = 11;
  o.market.strikes_each_side = 10;  // a small chain keeps the test quick
  o.market.expiries = 2;
  o.market.around_the_clock = false;
  o.history_days = 1;
  o.newest_stored = [newest] { return newest; };
  return o;
}

std::map<BarKey, StrikeBar> all_bars(SqliteBarRepository& repo) {
  std::map<BarKey, StrikeBar> out;
  repo.scan(UtcSeconds::min(), UtcSeconds::max(),
            [&](const StrikeBar& b) { out.emplace(b.key, b); });
  return out;
}

// Backfills into the repository at `repo_path` up to `now`, as `strikeline serve` does at start.
void backfill(const std::string& repo_path, Timestamp now) {
  auto repo = std::make_shared<SqliteBarRepository>(repo_path);
  ChainStore store({}, repo);
  store.load_window();
  IngestPipeline pipeline(*repo, store);
  std::optional<UtcSeconds> newest;
  if (auto range = repo->time_range()) newest = range->second;
  SimulatorFeed feed(options(newest));
  feed.backfill(now, [&](std::span<const MarketEvent> events, UtcSeconds write_from) {
    return pipeline.ingest_events(events, write_from);
  });
}

// Wednesday 2025-11-05, 11:00 IST and 13:30 IST; the previous trading day is Tuesday.
const Timestamp kFirstStart{ist_time_on(sys_days{2025y / November / 5}, 11h)};
const Timestamp kRestart{ist_time_on(sys_days{2025y / November / 5}, 13h + 30min)};

}  // namespace

TEST(SimulatorFeed, BackfillCoversThePreviousSessionAndTodayUpToNow) {
  TempDir dir;
  const std::string db = (dir.path / "a.db").string();
  backfill(db, kFirstStart);
  SqliteBarRepository repo(db);
  auto range = repo.time_range();
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first,
            ist_time_on(sys_days{2025y / November / 4}, 9h + 15min));  // Tuesday's open
  EXPECT_EQ(range->second,
            ist_time_on(sys_days{2025y / November / 5}, 10h + 59min));  // the minute before now
  // Both sessions are covered minute by minute.
  std::set<UtcSeconds> minutes;
  for (const auto& [key, bar] : all_bars(repo)) minutes.insert(key.bucket);
  EXPECT_EQ(minutes.size(), 375u + 105u);
}

TEST(SimulatorFeed, RestartContinuesWithoutDuplicatingOrChangingHistory) {
  TempDir dir;
  const std::string restarted = (dir.path / "restarted.db").string();
  const std::string straight = (dir.path / "straight.db").string();
  backfill(restarted, kFirstStart);
  std::map<BarKey, StrikeBar> before;
  {
    SqliteBarRepository repo(restarted);
    before = all_bars(repo);
  }
  backfill(restarted, kRestart);  // a restart later the same day
  backfill(straight, kRestart);   // one uninterrupted run to the same moment
  SqliteBarRepository a(restarted), b(straight);
  const auto after = all_bars(a);
  const auto reference = all_bars(b);
  ASSERT_GT(reference.size(), before.size());
  // The restarted store is exactly the uninterrupted one: no duplicates, nothing missing or
  // altered.
  ASSERT_EQ(after.size(), reference.size());
  for (const auto& [key, bar] : reference) {
    auto it = after.find(key);
    ASSERT_NE(it, after.end());
    ASSERT_EQ(it->second, bar) << format_iso_utc(key.bucket) << " " << key.strike.to_string();
  }
  // History written before the restart was not rewritten differently (the minute the first run
  // stopped in is completed, every earlier one is unchanged).
  for (const auto& [key, bar] : before) {
    if (key.bucket < ist_time_on(sys_days{2025y / November / 5}, 10h + 59min)) {
      ASSERT_EQ(after.at(key), bar);
    }
  }
}
