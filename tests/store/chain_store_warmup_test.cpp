// The chain store's start-up in two steps (issue 22): load_window(1) serves with the newest day in
// memory and the window's older days read through the history cache; warm_window() brings them in
// newest first while applies go on. Every answer, the as-of chain included, equals a store that
// holds every bar in memory, before, during and after the warm-up. The history cache reads a day
// once however many ask for it at the same time.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <random>
#include <thread>

#include "store/chain_store.h"
#include "store/cold_day_cache.h"
#include "store_fixtures.h"

namespace strikeline::warmup_test {

using namespace testing;
using namespace std::chrono_literals;

const Expiry kWeekly = day_of(2025, 11, 11);
const Expiry kMonthly = day_of(2025, 11, 25);
const std::vector<Date> kDays{day_of(2025, 11, 3), day_of(2025, 11, 4), day_of(2025, 11, 5),
                              day_of(2025, 11, 6)};

std::vector<StrikeBar> day_bars(Date day) {
  std::vector<StrikeBar> bars;
  std::uint32_t seed = static_cast<std::uint32_t>(day.time_since_epoch().count()) * 1000;
  for (Expiry expiry : {kWeekly, kMonthly}) {
    for (int m = 0; m < 30; ++m) {
      // A strike more each day: the as-of chain lists what earlier days listed.
      const int strikes = 3 + static_cast<int>((day - kDays.front()).count());
      for (int s = 0; s < strikes; ++s) {
        bars.push_back(synthetic_bar("NIFTY", expiry, 24000 + 100 * s,
                                     ist(day, 9, 15) + std::chrono::minutes(m), ++seed));
      }
    }
  }
  return bars;
}

// The as-of chain and every bucket answer of both readers are equal, at the first seconds of each
// day's session, inside it and after it.
void expect_same_as(const ChainReader& store, const ChainReader& reference, Date last_day) {
  for (Expiry expiry : {kWeekly, kMonthly}) {
    SCOPED_TRACE(format_date(expiry));
    expect_same_answers(store, reference, "NIFTY", expiry, ist(kDays.front(), 0, 0),
                        ist(last_day + std::chrono::days(1), 0, 0));
    for (Date day = kDays.front(); day <= last_day; day += std::chrono::days(1)) {
      for (UtcSeconds at : {ist(day, 9, 15, 7), ist(day, 9, 31, 59), ist(day, 15, 0)}) {
        SCOPED_TRACE(format_iso_utc(at));
        const auto a = store.chain_at("NIFTY", expiry, at);
        const auto b = reference.chain_at("NIFTY", expiry, at);
        ASSERT_EQ(a.has_value(), b.has_value());
        if (!a) continue;
        EXPECT_EQ(a->session_day, b->session_day);
        EXPECT_EQ(a->underlying, b->underlying);
        EXPECT_EQ(a->strikes, b->strikes);
      }
    }
  }
}

class ChainStoreWarmup : public ::testing::Test {
 protected:
  void SetUp() override {
    source = std::make_shared<VectorDaySource>();
    for (Date day : kDays) {
      const auto bars = day_bars(day);
      source->add(bars);
      reference.apply(bars);
    }
  }

  std::shared_ptr<VectorDaySource> source;
  ChainStore reference;  // no source: every bar in memory
};

TEST_F(ChainStoreWarmup, ServesTheNewestDayFirstThenBringsTheOthersInNewestFirst) {
  ChainStore store({.window_days = 5, .history_cache_days = 1}, source);
  const WindowLoadStats loaded = store.load_window(1);
  EXPECT_EQ(loaded.days_known, 4u);
  EXPECT_EQ(loaded.days_loaded, 1u);
  EXPECT_EQ(loaded.bars_loaded, day_bars(kDays.back()).size());
  EXPECT_EQ(store.memory().resident_days, 1u);
  EXPECT_EQ(store.cold_window_days(), 3u);
  // The cold days answer through the history cache, the same as in memory.
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());

  std::vector<WarmedDay> warmed;
  const WarmStats stats =
      store.warm_window({}, [&](const WarmedDay& day) { warmed.push_back(day); });
  EXPECT_FALSE(stats.stopped);
  EXPECT_EQ(stats.days_loaded, 3u);
  ASSERT_EQ(warmed.size(), 3u);
  std::size_t bars = 0;
  for (std::size_t i = 0; i < warmed.size(); ++i) {
    EXPECT_EQ(warmed[i].day, kDays[kDays.size() - 2 - i]);  // newest first
    EXPECT_EQ(warmed[i].bars, day_bars(warmed[i].day).size());
    EXPECT_EQ(warmed[i].resident_days, i + 2);
    EXPECT_EQ(warmed[i].window_days, 4u);
    bars += warmed[i].bars;
  }
  EXPECT_EQ(stats.bars_loaded, bars);
  EXPECT_EQ(store.cold_window_days(), 0u);
  const StoreMemory memory = store.memory();
  EXPECT_EQ(memory.resident_days, 4u);
  EXPECT_EQ(memory.history.days, 0u);  // a day in memory is not kept in the cache too
  // In memory, every answer (the openings of the as-of chain included) reads nothing from the
  // source any more.
  const int loads = source->loads.load();
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());
  EXPECT_EQ(source->loads.load(), loads);
  EXPECT_EQ(store.memory().history.days, 0u);
  // Nothing is left to bring in.
  EXPECT_EQ(store.warm_window().days_loaded, 0u);
}

// A source that gives a day's bars in a random order (a day is built a 15-minute slice at a time:
// out of order, slices go back to pages already built).
class ShuffledDaySource final : public DaySource {
 public:
  explicit ShuffledDaySource(std::shared_ptr<VectorDaySource> inner) : inner_(std::move(inner)) {}
  std::vector<ContractDay> contract_days() override { return inner_->contract_days(); }
  void load_day(Date day, const std::function<void(const StrikeBar&)>& fn) override {
    std::vector<StrikeBar> bars;
    inner_->load_day(day, [&](const StrikeBar& bar) { bars.push_back(bar); });
    std::mt19937 rng(static_cast<std::uint32_t>(day.time_since_epoch().count()));
    std::shuffle(bars.begin(), bars.end(), rng);
    for (const StrikeBar& bar : bars) fn(bar);
  }

 private:
  std::shared_ptr<VectorDaySource> inner_;
};

TEST_F(ChainStoreWarmup, DaysReadInAnyOrderBuildTheSame) {
  ChainStore store({.window_days = 5, .history_cache_days = 1},
                   std::make_shared<ShuffledDaySource>(source));
  store.load_window(1);
  store.warm_window();
  EXPECT_EQ(store.memory().resident_days, 4u);
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());
}

TEST_F(ChainStoreWarmup, StopsWhenAskedAndGoesOnLater) {
  ChainStore store({.window_days = 5, .history_cache_days = 1}, source);
  store.load_window(1);
  std::stop_source stop;
  const WarmStats first = store.warm_window(stop.get_token(), [&](const WarmedDay&) {
    stop.request_stop();  // after the first day
  });
  EXPECT_TRUE(first.stopped);
  EXPECT_EQ(first.days_loaded, 1u);
  EXPECT_EQ(store.cold_window_days(), 2u);
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());
  EXPECT_EQ(store.warm_window().days_loaded, 2u);
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());
}

TEST(ChainStoreWarmupRaces, AppliesAndReadersDuringTheWarmupEndAsOneStoreInMemory) {
  for (std::uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE(seed);
    auto source = std::make_shared<VectorDaySource>();
    ChainStore reference;  // no source: every bar in memory
    for (Date day : kDays) {
      source->add(day_bars(day));
      reference.apply(day_bars(day));
    }
    // The window holds 4 days: the day that arrives meanwhile moves it on by one.
    ChainStore store({.window_days = 4, .history_cache_days = 1}, source);
    store.load_window(1);
    const Date next = kDays.back() + std::chrono::days(1);
    std::atomic<bool> writing{true};
    std::thread writer([&] {
      std::mt19937 rng(seed);
      for (int i = 0; i < 60; ++i) {
        // A late correction of any day (cold, being read or in memory), or the next day's minute.
        const Date day = i % 10 == 9 ? next : kDays[rng() % kDays.size()];
        const auto all = day_bars(day);
        StrikeBar bar = all[rng() % all.size()];
        bar.call.volume += 1 + static_cast<std::int64_t>(rng() % 50);
        bar.call.oi = bar.call.oi.value_or(0) + 75;
        source->add({bar});  // durable first, as the ingest path does
        reference.apply(std::vector{bar});
        store.apply(std::vector{bar});
      }
      writing = false;
    });
    std::thread reader([&] {
      while (writing) {
        const auto snap = store.snapshot();
        EXPECT_TRUE(snap->chain_at("NIFTY", kWeekly, ist(kDays[1], 9, 20)).has_value());
      }
    });
    const WarmStats stats = store.warm_window();
    EXPECT_FALSE(stats.stopped);
    writer.join();
    reader.join();
    store.warm_window();  // a day applies kept editing while it was read
    EXPECT_EQ(store.cold_window_days(), 0u);
    EXPECT_EQ(store.memory().resident_days, 4u);
    // The oldest day left the window when the next one came; the four in memory read nothing.
    const int loads = source->loads.load();
    expect_same_as(*store.snapshot(), *reference.snapshot(), next);
    EXPECT_LE(source->loads.load() - loads, 2);  // the day outside the window (and its opening)
  }
}

// A source whose loads of one day read the bars, then wait until released before handing them
// over (a load that has read what is durable, and is slow to finish), counting them. Gated from
// construction, or from arm() on.
class GatedDaySource final : public DaySource {
 public:
  GatedDaySource(std::shared_ptr<VectorDaySource> inner, Date gated, bool armed = true)
      : inner_(std::move(inner)), gated_(gated), armed_(armed) {}
  std::vector<ContractDay> contract_days() override { return inner_->contract_days(); }
  void load_day(Date day, const std::function<void(const StrikeBar&)>& fn) override {
    std::vector<StrikeBar> bars;
    inner_->load_day(day, [&](const StrikeBar& bar) { bars.push_back(bar); });
    if (day == gated_) {
      std::unique_lock lock(mutex_);
      if (armed_) {
        ++gated_loads;
        changed_.notify_all();
        changed_.wait(lock, [&] { return open_; });
      }
    }
    for (const StrikeBar& bar : bars) fn(bar);
  }
  void arm() {
    std::lock_guard lock(mutex_);
    armed_ = true;
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  void wait_for_loads(int n) {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return gated_loads >= n; });
  }
  int gated_loads = 0;  // guarded by mutex_

 private:
  std::shared_ptr<VectorDaySource> inner_;
  Date gated_;
  std::mutex mutex_;
  std::condition_variable changed_;
  bool armed_;
  bool open_ = false;
};

TEST_F(ChainStoreWarmup, ACorrectionAppliedWhileItsDayIsReadIsNotLost) {
  // The warm-up reads the 5th; a late bar for the 5th is made durable after that read and applied
  // before the day is put in memory: the warm-up reads the day again.
  const Date day = kDays[2];
  auto gated = std::make_shared<GatedDaySource>(source, day, false);
  ChainStore store({.window_days = 5, .history_cache_days = 1}, gated);
  store.load_window(1);
  gated->arm();
  WarmStats stats;
  std::thread warmer([&] { stats = store.warm_window(); });
  gated->wait_for_loads(1);
  StrikeBar late = day_bars(day)[17];
  late.call.volume += 40;
  late.call.oi = late.call.oi.value_or(0) + 1500;
  source->add({late});
  reference.apply(std::vector{late});
  // The apply shares the warm-up's read of the day (it waits for it, holding the writer's lock).
  std::thread writer([&] { store.apply(std::vector{late}); });
  while (store.memory().history.hits < 1) std::this_thread::yield();
  gated->open();
  writer.join();
  warmer.join();
  EXPECT_EQ(stats.days_loaded, 3u);
  EXPECT_GE(stats.retries, 1u);
  EXPECT_EQ(store.cold_window_days(), 0u);
  expect_same_as(*store.snapshot(), *reference.snapshot(), kDays.back());
}

TEST_F(ChainStoreWarmup, HistoryCacheReadsADayOnceForEveryoneAskingAtOnce) {
  const Date day = kDays[2];
  auto gated = std::make_shared<GatedDaySource>(source, day);
  ColdDayCache cache(gated, 2);
  std::vector<std::shared_ptr<const ColdDay>> got(8);
  std::vector<std::thread> readers;
  for (std::size_t i = 0; i < got.size(); ++i) {
    readers.emplace_back([&, i] { got[i] = cache.get(day, 0); });
  }
  gated->wait_for_loads(1);
  while (cache.stats().hits < got.size() - 1) std::this_thread::yield();  // the others wait
  gated->open();
  for (std::thread& t : readers) t.join();
  EXPECT_EQ(gated->gated_loads, 1);
  EXPECT_EQ(cache.stats().loads, 1u);
  for (const auto& g : got) {
    ASSERT_TRUE(g);
    EXPECT_EQ(g.get(), got[0].get());
  }
  EXPECT_EQ(got[0]->bar_count(), day_bars(day).size());
}

TEST_F(ChainStoreWarmup, AStoppedLoadLeavesItsWaitersToLoadTheDayThemselves) {
  const Date day = kDays[1];
  auto gated = std::make_shared<GatedDaySource>(source, day);
  ColdDayCache cache(gated, 2);
  std::stop_source stop;
  bool stopped = false;
  std::thread loader([&] {
    try {
      cache.get(day, 0, stop.get_token());
    } catch (const ColdDayLoadStopped&) {
      stopped = true;
    }
  });
  gated->wait_for_loads(1);
  std::shared_ptr<const ColdDay> waited;
  std::thread waiter([&] { waited = cache.get(day, 0); });
  while (cache.stats().hits < 1) std::this_thread::yield();
  stop.request_stop();
  gated->open();
  loader.join();
  waiter.join();
  EXPECT_TRUE(stopped);
  ASSERT_TRUE(waited);
  EXPECT_EQ(waited->bar_count(), day_bars(day).size());
  EXPECT_EQ(gated->gated_loads, 2);  // the waiter read it again
  EXPECT_EQ(cache.stats().loads, 1u);
}

}  // namespace strikeline::warmup_test
