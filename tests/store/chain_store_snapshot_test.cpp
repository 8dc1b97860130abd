// Snapshots of the chain store: isolation from later applies, whole batches only under concurrent
// reading, time-travel lookups, and rejection of bad input.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "rollup_fixture.h"
#include "store/chain_store.h"
#include "store/day_chunk.h"

namespace strikeline {
namespace {

using namespace testing;

TEST(ChainStoreSnapshot, ASnapshotTakenBeforeAnApplyNeverChanges) {
  ChainStore store;
  store.apply(rollup_bars());
  const auto before = store.snapshot();
  ChainStore reference;
  reference.apply(rollup_bars());

  StrikeBar replacement = at(9, 15, 24300, 1);
  replacement.call = side({.count = 9, .volume = 9});
  StrikeBar next_day = minute_bar("NIFTY", kExpiry, 24300, ist(day_of(2025, 11, 4), 9, 15), 2);
  StrikeBar other_expiry = minute_bar("NIFTY", day_of(2025, 11, 11), 24300, ist(kDay, 9, 15), 3);
  store.apply(std::vector{replacement, next_day, other_expiry});

  expect_same_answers(*before, *reference.snapshot(), "NIFTY", kExpiry, ist(kDay, 0, 0),
                      ist(day_of(2025, 11, 4), 23, 0));
  EXPECT_EQ(before->expiries("NIFTY"), std::vector{kExpiry});
  EXPECT_EQ(store.snapshot()->expiries("NIFTY"), (std::vector{kExpiry, day_of(2025, 11, 11)}));
}

TEST(ChainStoreSnapshot, ReadersNeverSeePartOfABatch) {
  // Batch k writes minute k for all 50 strikes with call volume k. A reader must find, in any
  // snapshot, every strike of the newest minute at the same volume, and the 1-day volume of
  // every strike equal to 1 + 2 + ... + k.
  ChainStore store;
  constexpr int kBatches = 120;
  constexpr int kStrikes = 50;
  std::atomic<bool> done{false};
  std::atomic<int> violations{0}, checks{0};
  auto reader = [&] {
    while (!done.load()) {
      const auto snap = store.snapshot();
      const auto newest = snap->latest_bucket("NIFTY", kExpiry, Timeframe::m1);
      if (!newest) continue;
      const auto bars = snap->bucket("NIFTY", kExpiry, Timeframe::m1, *newest);
      const auto day = snap->bucket("NIFTY", kExpiry, Timeframe::d1, ist(kDay, 0, 0));
      if (bars.size() != kStrikes || day.size() != kStrikes) {
        ++violations;
        continue;
      }
      const std::int64_t k = bars.front().call.volume;
      for (std::size_t i = 0; i < bars.size(); ++i) {
        if (bars[i].call.volume != k || day[i].call.volume != k * (k + 1) / 2) ++violations;
      }
      ++checks;
    }
  };
  std::thread r1(reader), r2(reader);
  for (int k = 1; k <= kBatches; ++k) {
    std::vector<StrikeBar> batch;
    for (int s = 0; s < kStrikes; ++s) {
      StrikeBar bar = minute_bar("NIFTY", kExpiry, 24000 + 50 * s,
                                 ist(kDay, 9, 15) + std::chrono::minutes(k - 1), 24100);
      bar.call = side({.count = 1, .volume = k});
      batch.push_back(bar);
    }
    store.apply(batch);
    // Let the readers in now and then, so that they read while later batches are applied.
    const int seen = checks.load();
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(2);
    while (k % 10 == 0 && checks.load() < seen + 2 && std::chrono::steady_clock::now() < until) {
      std::this_thread::yield();
    }
  }
  done = true;
  r1.join();
  r2.join();
  EXPECT_EQ(violations.load(), 0);
  EXPECT_GT(checks.load(), 0);
}

TEST(ChainStoreSnapshot, TimeTravelFindsTheNewestBucketAtOrBeforeAMoment) {
  ChainStore store;
  store.apply(rollup_bars());
  const auto snap = store.snapshot();
  const auto latest = [&](Timeframe tf, std::optional<UtcSeconds> t) {
    return snap->latest_bucket("NIFTY", kExpiry, tf, t);
  };
  // 1-minute data at 09:15, 09:16, 09:17, 09:21, 09:31, 10:20.
  EXPECT_EQ(latest(Timeframe::m1, ist(kDay, 9, 20, 30)), ist(kDay, 9, 17));
  EXPECT_EQ(latest(Timeframe::m1, ist(kDay, 9, 21)), ist(kDay, 9, 21));
  EXPECT_EQ(latest(Timeframe::m1, ist(kDay, 9, 14, 59)), std::nullopt);
  EXPECT_EQ(latest(Timeframe::m1, std::nullopt), ist(kDay, 10, 20));
  // The 5-minute bucket 09:20 starts before 09:20:30 and has data (09:21): it is the answer.
  EXPECT_EQ(latest(Timeframe::m5, ist(kDay, 9, 20, 30)), ist(kDay, 9, 20));
  EXPECT_EQ(latest(Timeframe::m5, ist(kDay, 9, 19)), ist(kDay, 9, 15));
  EXPECT_EQ(latest(Timeframe::m5, ist(kDay, 10, 0)), ist(kDay, 9, 30));
  EXPECT_EQ(latest(Timeframe::m15, ist(kDay, 10, 14)), ist(kDay, 9, 30));
  EXPECT_EQ(latest(Timeframe::h1, ist(kDay, 10, 14)), ist(kDay, 9, 15));
  EXPECT_EQ(latest(Timeframe::h1, ist(kDay, 10, 15)), ist(kDay, 10, 15));
  EXPECT_EQ(latest(Timeframe::h1, ist(kDay, 9, 0)), std::nullopt);
  EXPECT_EQ(latest(Timeframe::d1, ist(kDay, 9, 0)), ist(kDay, 0, 0));
  EXPECT_EQ(latest(Timeframe::d1, ist(day_of(2025, 11, 9), 9, 0)), ist(kDay, 0, 0));
  EXPECT_EQ(snap->newest_bucket("NIFTY"), ist(kDay, 10, 20));
  EXPECT_EQ(snap->newest_bucket("BANKNIFTY"), std::nullopt);
  EXPECT_EQ(snap->latest_bucket("NIFTY", day_of(2025, 12, 30), Timeframe::m1), std::nullopt);

  // The distribution "as of" 09:20:30 at 1min is the 09:17 bucket.
  const auto as_of =
      snap->bucket("NIFTY", kExpiry, Timeframe::m1, *latest(Timeframe::m1, ist(kDay, 9, 20, 30)));
  ASSERT_EQ(as_of.size(), 1u);
  EXPECT_EQ(as_of[0].call.volume, 30);
}

TEST(ChainStoreSnapshot, RangeQueriesAreInclusiveAndOrdered) {
  ChainStore store;
  store.apply(rollup_bars());
  const auto snap = store.snapshot();
  const auto series = snap->strike_series("NIFTY", kExpiry, strike_rupees(24300), Timeframe::m5,
                                          ist(kDay, 9, 20), ist(kDay, 10, 20));
  ASSERT_EQ(series.size(), 3u);
  EXPECT_EQ(series[0].key.bucket, ist(kDay, 9, 20));
  EXPECT_EQ(series[1].key.bucket, ist(kDay, 9, 30));
  EXPECT_EQ(series[2].key.bucket, ist(kDay, 10, 20));
  EXPECT_EQ(series[0].key.timeframe, Timeframe::m5);
  EXPECT_EQ(series[2].call.volume, 40);
  // A range starting inside a bucket excludes that bucket (its start is before `from`).
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::m5, ist(kDay, 9, 16), ist(kDay, 9, 31)),
            (std::vector{ist(kDay, 9, 20), ist(kDay, 9, 30)}));
  // to before from: nothing.
  EXPECT_TRUE(snap->bucket_times("NIFTY", kExpiry, Timeframe::m1, ist(kDay, 10, 0), ist(kDay, 9, 0))
                  .empty());
  // Extreme bounds do not overflow.
  EXPECT_EQ(snap->bucket_times("NIFTY", kExpiry, Timeframe::d1, utc_seconds(INT64_MIN / 2),
                               utc_seconds(INT64_MAX / 2))
                .size(),
            1u);
  std::vector<UtcSeconds> visited;
  std::vector<std::size_t> sizes;
  snap->for_each_bucket("NIFTY", kExpiry, Timeframe::m1, ist(kDay, 9, 15), ist(kDay, 9, 17),
                        [&](UtcSeconds t, const std::vector<StrikeBar>& bars) {
                          visited.push_back(t);
                          sizes.push_back(bars.size());
                        });
  EXPECT_EQ(visited, (std::vector{ist(kDay, 9, 15), ist(kDay, 9, 16), ist(kDay, 9, 17)}));
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1, 2, 1}));
  // Unknown symbol or strike: empty answers.
  EXPECT_TRUE(snap->strike_series("NIFTY", kExpiry, strike_rupees(1), Timeframe::m1,
                                  ist(kDay, 0, 0), ist(kDay, 23, 0))
                  .empty());
  EXPECT_TRUE(snap->bucket("FINNIFTY", kExpiry, Timeframe::m1, ist(kDay, 9, 15)).empty());
}

TEST(ChainStoreSnapshot, BadBarIsRejectedAndNothingOfItsBatchApplied) {
  ChainStore store;
  store.apply(rollup_bars());
  const auto before = store.snapshot();
  StrikeBar good = at(11, 0, 24300, 24000);
  good.call = side({.count = 1, .volume = 1});
  const auto rejected = [&](StrikeBar bad, std::string_view expected_reason) {
    try {
      store.apply(std::vector{good, bad});
      ADD_FAILURE() << "accepted a bad bar";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(expected_reason), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find("bar #1"), std::string::npos) << e.what();
    }
  };
  StrikeBar five_minute = good;
  five_minute.key.timeframe = Timeframe::m5;
  rejected(five_minute, "only 1min bars");
  StrikeBar lower_case = good;
  lower_case.key.symbol = "nifty";
  rejected(lower_case, "not a canonical symbol");
  StrikeBar mid_minute = good;
  mid_minute.key.bucket += std::chrono::seconds(30);
  rejected(mid_minute, "whole minute");
  StrikeBar not_a_number = good;
  not_a_number.put.iv = std::nan("");
  rejected(not_a_number, "put iv is not a finite number");
  StrikeBar zero_strike = good;
  zero_strike.key.strike = Strike{};
  rejected(zero_strike, "strike must be positive");

  EXPECT_EQ(store.snapshot(), before);
  EXPECT_TRUE(store.snapshot()->bucket("NIFTY", kExpiry, Timeframe::m1, ist(kDay, 11, 0)).empty());
  EXPECT_EQ(store.memory().one_minute_bars, 7u);
}

TEST(ChainStoreSnapshot, MemoryAccountingCountsBarsAndBytes) {
  ChainStore store;
  EXPECT_EQ(store.memory().one_minute_bars, 0u);
  // One full 15-minute page of 10 strikes: 150 bars in 16 x 10 cells of 112 bytes, plus the day
  // row (10 cells), the page's carried states after 5, 10 and 15 minutes (10 entries each) and
  // bookkeeping; bars without quotes need no quote block.
  std::vector<StrikeBar> bars;
  for (int m = 0; m < 15; ++m) {
    for (int s = 0; s < 10; ++s) {
      bars.push_back(synthetic_bar("NIFTY", kExpiry, 24000 + 50 * s,
                                   ist(kDay, 9, 15) + std::chrono::minutes(m), m * 10 + s));
      bars.back().call.clear_quote();
      bars.back().put.clear_quote();
    }
  }
  store.apply(bars);
  const StoreMemory memory = store.memory();
  EXPECT_EQ(memory.one_minute_bars, 150u);
  EXPECT_EQ(memory.resident_days, 1u);
  const std::size_t cells =
      (160u + 10u) * sizeof(CompactBar) + kCarriesPerPage * 10u * sizeof(StrikeCell);
  EXPECT_GE(memory.heap_bytes, cells);
  EXPECT_LE(memory.heap_bytes, cells + 2560u);

  // The same page with quotes: a 32-byte quote beside each of the 15 x 10 minute cells (none for
  // the rollup rows), nothing else.
  ChainStore quoted;
  for (StrikeBar& bar : bars) {
    bar.call.bid = 100.05;
    bar.call.ask = 100.4;
    bar.put.bid_qty = 750;
  }
  quoted.apply(bars);
  EXPECT_EQ(quoted.memory().heap_bytes, memory.heap_bytes + 150u * sizeof(QuoteCell));
  EXPECT_EQ(sizeof(QuoteCell), 32u);
}

}  // namespace
}  // namespace strikeline
