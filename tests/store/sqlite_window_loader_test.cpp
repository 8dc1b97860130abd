// Loading the chain store's memory window from the SQLite repository, and reading evicted days
// back from it.
#include <gtest/gtest.h>

#include "store/chain_store.h"
#include "store/repository_day_source.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store_fixtures.h"

namespace strikeline {
namespace sqlite_window_loader_test {

using namespace testing;

const std::vector<Date> kDays{day_of(2025, 11, 3), day_of(2025, 11, 4), day_of(2025, 11, 5)};
const Expiry kExpiry = day_of(2025, 11, 11);

std::vector<StrikeBar> day_bars(Date day) {
  std::vector<StrikeBar> bars;
  std::uint32_t seed = static_cast<std::uint32_t>(day.time_since_epoch().count());
  for (int m = 0; m < 30; ++m) {
    for (int s = 0; s < 7; ++s) {
      bars.push_back(synthetic_bar("NIFTY", kExpiry, 24000 + 50 * s,
                                   ist(day, 9, 15) + std::chrono::minutes(m), seed += 13));
    }
  }
  return bars;
}

TEST(SqliteWindowLoader, LoadsTheWindowAndServesOlderDaysFromTheFile) {
  TempDatabase db("loader");
  ChainStore reference;
  {
    SqliteBarRepository repo(db.path());
    for (Date day : kDays) {
      const auto bars = day_bars(day);
      repo.write(bars, BarSource::market);
      reference.apply(bars);
    }
  }
  auto repo = std::make_shared<SqliteBarRepository>(db.path());
  ChainStore store({.window_days = 2, .history_cache_days = 1}, repo);
  const WindowLoadStats stats = store.load_window();
  EXPECT_EQ(stats.days_known, 3u);
  EXPECT_EQ(stats.days_loaded, 2u);
  EXPECT_EQ(stats.bars_loaded, 2u * 210u);
  EXPECT_EQ(store.memory().resident_days, 2u);
  expect_same_answers(*store.snapshot(), *reference.snapshot(), "NIFTY", kExpiry,
                      ist(kDays.front(), 0, 0), ist(kDays.back(), 23, 0));
  EXPECT_EQ(store.memory().history.days, 1u);

  // Ingest path: durable first, then applied; a late bar for the evicted first day.
  StrikeBar late = day_bars(kDays[0])[10];
  late.put.volume = 77;
  repo->write(std::vector{late}, BarSource::market);
  store.apply(std::vector{late});
  reference.apply(std::vector{late});
  expect_same_answers(*store.snapshot(), *reference.snapshot(), "NIFTY", kExpiry,
                      ist(kDays.front(), 0, 0), ist(kDays.back(), 23, 0));

  // A restart sees the same.
  ChainStore restarted({.window_days = 1, .history_cache_days = 0}, repo);
  restarted.load_window();
  expect_same_answers(*restarted.snapshot(), *reference.snapshot(), "NIFTY", kExpiry,
                      ist(kDays.front(), 0, 0), ist(kDays.back(), 23, 0));
}

TEST(SqliteWindowLoader, AnyRepositoryCanBeTheDaySource) {
  TempDatabase db("adapter");
  SqliteBarRepository repo(db.path());
  ChainStore reference;
  for (Date day : kDays) {
    const auto bars = day_bars(day);
    repo.write(bars, BarSource::market);
    reference.apply(bars);
  }
  auto source = std::make_shared<RepositoryDaySource>(repo);
  // The same days; a scan cannot tell their sources.
  std::vector<ContractDay> catalogue = repo.contract_days();
  for (ContractDay& day : catalogue) {
    EXPECT_EQ(day.source, BarSource::market);
    day.source = BarSource::unknown;
  }
  EXPECT_EQ(source->contract_days(), catalogue);
  ChainStore store({.window_days = 1, .history_cache_days = 1}, source);
  EXPECT_EQ(store.load_window().days_loaded, 1u);
  expect_same_answers(*store.snapshot(), *reference.snapshot(), "NIFTY", kExpiry,
                      ist(kDays.front(), 0, 0), ist(kDays.back(), 23, 0));
}

}  // namespace sqlite_window_loader_test
}  // namespace strikeline
