// The chain store's memory window: days outside it are evicted, reloaded on demand from the
// DaySource, and answer exactly as if they had stayed in memory; late bars reach evicted days.
#include <gtest/gtest.h>

#include <stdexcept>

#include "store/bar_repository.h"
#include "store/chain_store.h"
#include "store_fixtures.h"

namespace strikeline {
namespace {

using namespace testing;

const Expiry kWeekly = day_of(2025, 11, 11);
const Expiry kMonthly = day_of(2025, 11, 25);
const std::vector<Date> kDays{day_of(2025, 11, 3), day_of(2025, 11, 4), day_of(2025, 11, 5),
                              day_of(2025, 11, 6)};

std::vector<StrikeBar> day_bars(Date day, std::uint32_t salt = 0) {
  std::vector<StrikeBar> bars;
  std::uint32_t seed = static_cast<std::uint32_t>(day.time_since_epoch().count()) * 1000 + salt;
  for (Expiry expiry : {kWeekly, kMonthly}) {
    for (int m = 0; m < 40; ++m) {
      for (int s = 0; s < 5; ++s) {
        bars.push_back(synthetic_bar("NIFTY", expiry, 24000 + 100 * s,
                                     ist(day, 9, 15) + std::chrono::minutes(m), ++seed));
      }
    }
  }
  return bars;
}

std::int64_t bar_volume(const std::vector<StrikeBar>& bars, Strike strike) {
  for (const StrikeBar& bar : bars) {
    if (bar.key.strike == strike) return bar.call.volume;
  }
  return -1;
}

class ChainStoreWindow : public ::testing::Test {
 protected:
  void SetUp() override {
    source = std::make_shared<VectorDaySource>();
    for (Date day : kDays) {
      const auto bars = day_bars(day);
      source->add(bars);
      reference.apply(bars);
    }
  }

  void expect_same_as_reference(const ChainReader& reader) {
    for (Expiry expiry : {kWeekly, kMonthly}) {
      expect_same_answers(reader, *reference.snapshot(), "NIFTY", expiry, ist(kDays.front(), 0, 0),
                          ist(kDays.back() + std::chrono::days(3), 0, 0));
    }
  }

  std::shared_ptr<VectorDaySource> source;
  ChainStore reference;  // no source: every day in memory
};

TEST_F(ChainStoreWindow, LoadsTheNewestDaysAndKnowsTheOlderOnes) {
  ChainStore store({.window_days = 2, .history_cache_days = 1}, source);
  const WindowLoadStats stats = store.load_window();
  EXPECT_EQ(stats.days_known, 4u);
  EXPECT_EQ(stats.days_loaded, 2u);
  EXPECT_EQ(stats.bars_loaded, 2u * 400u);
  EXPECT_EQ(stats.bars_skipped, 0u);
  // The window's two days, and (a source without day states) the two older ones once, for the
  // state before the window.
  EXPECT_EQ(source->loads.load(), 4);
  const StoreMemory memory = store.memory();
  EXPECT_EQ(memory.resident_days, 2u);
  EXPECT_EQ(memory.one_minute_bars, 800u);
  EXPECT_EQ(memory.history.days, 0u);
  // The catalogue answers without loading anything.
  const auto snap = store.snapshot();
  EXPECT_EQ(snap->expiries("NIFTY"), (std::vector{kWeekly, kMonthly}));
  EXPECT_EQ(snap->newest_bucket("NIFTY"), ist(kDays.back(), 9, 54));
  EXPECT_EQ(snap->latest_bucket("NIFTY", kWeekly, Timeframe::m1, ist(kDays[0], 12, 0)),
            ist(kDays[0], 9, 54));
  EXPECT_EQ(source->loads.load(), 4);
}

TEST_F(ChainStoreWindow, EvictedDaysReloadWithIdenticalAnswers) {
  ChainStore store({.window_days = 2, .history_cache_days = 1}, source);
  store.load_window();
  expect_same_as_reference(*store.snapshot());
  // With one cached day, reading the two evicted days alternately reloads them.
  EXPECT_GT(source->loads.load(), 4);
  EXPECT_LE(store.memory().history.days, 1u);
  EXPECT_EQ(store.memory().resident_days, 2u);
}

TEST_F(ChainStoreWindow, WindowMovesOnWhenANewDayArrives) {
  ChainStore store({.window_days = 2, .history_cache_days = 1}, source);
  store.load_window();
  const Date next = kDays.back() + std::chrono::days(1);
  const auto bars = day_bars(next);
  source->add(bars);  // durable first, as the ingest path does
  reference.apply(bars);
  store.apply(bars);
  const StoreMemory memory = store.memory();
  EXPECT_EQ(memory.resident_days, 2u);  // the 6th and the 7th
  EXPECT_EQ(memory.one_minute_bars, 800u);
  EXPECT_EQ(memory.history.days, 1u);  // the 5th, handed over to the cache
  for (Expiry expiry : {kWeekly, kMonthly}) {
    expect_same_answers(*store.snapshot(), *reference.snapshot(), "NIFTY", expiry,
                        ist(kDays.front(), 0, 0), ist(next, 23, 0));
  }
}

TEST_F(ChainStoreWindow, LateBarForAnEvictedDayCorrectsItsRollups) {
  ChainStore store({.window_days = 2, .history_cache_days = 2}, source);
  store.load_window();
  const auto before = store.snapshot();
  const StrikeBar original = day_bars(kDays[0])[7];
  // `before` reads the evicted day (caching that version) before the correction is written.
  ASSERT_EQ(
      bar_volume(before->bucket("NIFTY", original.key.expiry, Timeframe::m1, original.key.bucket),
                 original.key.strike),
      original.call.volume);
  StrikeBar late = original;
  late.call.volume += 1000;
  source->add({late});
  reference.apply(std::vector{late});
  const ApplyStats stats = store.apply(std::vector{late});
  ASSERT_EQ(stats.touched.size(), 1u);
  EXPECT_EQ(stats.touched[0].expiry, late.key.expiry);
  EXPECT_EQ(store.memory().resident_days, 2u);  // the corrected day stays outside the window

  const UtcSeconds day_start = ist(kDays[0], 0, 0);
  const auto volume_of_day = [&](const ChainReader& reader) {
    return bar_volume(reader.bucket("NIFTY", late.key.expiry, Timeframe::d1, day_start),
                      late.key.strike);
  };
  // The snapshot taken before still sees the day as it read it (that version is still cached).
  const auto old_minute = before->bucket("NIFTY", late.key.expiry, Timeframe::m1, late.key.bucket);
  EXPECT_EQ(bar_volume(old_minute, late.key.strike), original.call.volume);
  EXPECT_EQ(volume_of_day(*store.snapshot()) - volume_of_day(*before), 1000);
  expect_same_as_reference(*store.snapshot());
}

class FailingSource final : public DaySource {
 public:
  explicit FailingSource(std::shared_ptr<VectorDaySource> inner) : inner_(std::move(inner)) {}
  std::vector<ContractDay> contract_days() override { return inner_->contract_days(); }
  void load_day(Date day, const std::function<void(const StrikeBar&)>& fn) override {
    if (failing) throw StorageError("disk on fire");
    inner_->load_day(day, fn);
  }
  bool failing = false;

 private:
  std::shared_ptr<VectorDaySource> inner_;
};

TEST_F(ChainStoreWindow, UnreadableEvictedDayFailsTheApplyAndChangesNothing) {
  auto failing = std::make_shared<FailingSource>(source);
  ChainStore store({.window_days = 2, .history_cache_days = 1}, failing);
  store.load_window();
  const auto before = store.snapshot();
  failing->failing = true;
  StrikeBar late = day_bars(kDays[0])[3];
  StrikeBar fresh = day_bars(kDays[3])[3];
  fresh.call.volume = 123456;
  EXPECT_THROW(store.apply(std::vector{fresh, late}), StorageError);
  EXPECT_EQ(store.snapshot(), before);
  EXPECT_THROW(before->bucket("NIFTY", kWeekly, Timeframe::m1, ist(kDays[0], 9, 15)), StorageError);
  // Resident days keep answering.
  EXPECT_EQ(before->bucket("NIFTY", kWeekly, Timeframe::m1, ist(kDays[3], 9, 15)).size(), 5u);
  failing->failing = false;
  expect_same_as_reference(*store.snapshot());
}

}  // namespace
}  // namespace strikeline
