// Futures as stored data (core/future_bar.h): the SQLite repository keeps future bars exactly with
// the option bars of the same write, in one transaction (a bad future bar stores nothing of the
// batch); an upgrade from schema 5 adds the table and keeps the option bars; discarding simulated
// days removes their futures; the chain store publishes them with the same version as the option
// bars; FuturesBook answers a future's state as of any moment as written out by hand (before and
// after a tick within a minute, carried across minutes and days, OI change against the previous
// day's close, nothing after the expiry day).
#include <gtest/gtest.h>

#include "store/chain_store.h"
#include "store/sqlite/schema_migrations.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store/sqlite/sqlite_connection.h"
#include "store_fixtures.h"

namespace futures_store_test {

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono_literals;

const Date kMon = day_of(2026, 11, 23);
const Date kTue = day_of(2026, 11, 24);
const Expiry kNear = day_of(2026, 11, 24);
const Expiry kNext = day_of(2026, 12, 29);

FutureBar future(Expiry expiry, UtcSeconds minute, double close, std::optional<std::int64_t> oi,
                 std::int64_t volume, std::optional<UtcSeconds> observed = std::nullopt) {
  FutureBar b;
  b.key = FutureBarKey{"NIFTY", expiry, minute};
  b.has_price = true;
  b.open = close - 1;
  b.high = close + 2;
  b.low = close - 3;
  b.close = close;
  b.volume = volume;
  b.oi = oi;
  b.underlying = close - 50;
  b.observed_at = observed ? *observed : minute + 60s;
  b.count = 3;
  return b;
}

std::vector<FutureBar> scan_futures(BarRepository& repo) {
  std::vector<FutureBar> out;
  repo.scan_futures(UtcSeconds::min(), UtcSeconds::max(),
                    [&](const FutureBar& b) { out.push_back(b); });
  return out;
}

TEST(FuturesStore, SqliteKeepsFutureBarsExactlyInTheOptionBarsTransaction) {
  TempDatabase db("futures");
  std::vector<FutureBar> futures{future(kNear, ist(kMon, 10, 0), 24100.05, 5'000'000, 65'000),
                                 future(kNext, ist(kMon, 10, 0), 24300.5, std::nullopt, 0)};
  futures[1].settle = 24301.25;
  futures[1].oi_change = -650;
  futures[1].underlying.reset();
  futures[1].observed_at.reset();
  FutureBar no_price;
  no_price.key = FutureBarKey{"NIFTY", kNext, ist(kMon, 15, 30)};
  no_price.oi = 1'300;
  futures.push_back(no_price);
  const std::vector<StrikeBar> options{minute_bar("NIFTY", kNear, 24100, ist(kMon, 10, 0), 24050)};
  {
    SqliteBarRepository repo(db.path());
    repo.write_with_futures(options, futures, BarSource::market);
    // A rewrite replaces by key.
    futures[0].close = 24100.1;
    futures[0].high = 24102.1;
    repo.write_with_futures({}, std::span(futures).first(1), BarSource::market);
  }
  SqliteBarRepository reopened(db.path());
  const std::vector<FutureBar> stored = scan_futures(reopened);
  ASSERT_EQ(stored.size(), 3u);
  // Ascending by bucket, symbol, expiry.
  EXPECT_EQ(stored[0], futures[0]);
  EXPECT_EQ(stored[1], futures[1]);
  EXPECT_EQ(stored[2], futures[2]);

  // A bad future bar: nothing of the batch (options included) is stored.
  FutureBar bad = future(kNear, ist(kMon, 10, 1), 24100, 1, 1);
  bad.low = bad.high + 1;
  const std::vector<StrikeBar> more{minute_bar("NIFTY", kNear, 24150, ist(kMon, 10, 1), 24050)};
  EXPECT_THROW(reopened.write_with_futures(more, std::vector{bad}, BarSource::market),
               StorageError);
  std::size_t option_bars = 0;
  reopened.scan(UtcSeconds::min(), UtcSeconds::max(), [&](const StrikeBar&) { ++option_bars; });
  EXPECT_EQ(option_bars, 1u);
  EXPECT_EQ(scan_futures(reopened).size(), 3u);
}

TEST(FuturesStore, UpgradeAddsTheTableAndDiscardingSimulatedDaysRemovesTheirFutures) {
  TempDatabase db("futures-upgrade");
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 5);
  }
  SqliteBarRepository repo(db.path());
  EXPECT_EQ(repo.schema_version(), sqlite::kSchemaVersion);
  const std::vector<StrikeBar> options{minute_bar("NIFTY", kNear, 24100, ist(kMon, 10, 0), 24050)};
  const std::vector<FutureBar> simulated{future(kNear, ist(kMon, 10, 0), 24100, 10, 0),
                                         future(kNext, ist(kMon, 10, 0), 24200, 10, 0)};
  repo.write_with_futures(options, simulated, BarSource::simulator);
  const std::vector<FutureBar> real{future(kNear, ist(kTue, 10, 0), 24100, 10, 0)};
  repo.write_with_futures({}, real, BarSource::market);
  const BarRepository::ContractDayKey day{kMon, "NIFTY", kNear};
  EXPECT_EQ(repo.discard_simulated(std::span(&day, 1)), 1u);
  // Both of Monday's simulated futures (the far one has no option bars) are gone, Tuesday's stays.
  EXPECT_EQ(scan_futures(repo), real);
}

TEST(FuturesStore, ChainStorePublishesFuturesWithTheOptionBars) {
  ChainStore store;
  const std::uint64_t before = store.current()->version();
  const std::vector<StrikeBar> options{minute_bar("NIFTY", kNear, 24100, ist(kMon, 10, 0), 24050)};
  const std::vector<FutureBar> futures{future(kNear, ist(kMon, 10, 0), 24100, 10, 0)};
  const ApplyStats applied = store.apply(options, BarSource::market, futures);
  EXPECT_EQ(applied.version, before + 1);
  EXPECT_EQ(applied.future_bars, 1u);
  // The stream hears of the chain whose option bars or future bars changed (the future's header):
  // the option bar's contract at 10:00, and a later future of the same contract widens the span.
  ASSERT_EQ(applied.touched.size(), 1u);
  EXPECT_EQ(applied.touched[0].symbol, "NIFTY");
  EXPECT_EQ(applied.touched[0].expiry, kNear);
  EXPECT_EQ(applied.touched[0].first_bucket, ist(kMon, 10, 0));
  EXPECT_EQ(applied.touched[0].last_bucket, ist(kMon, 10, 0));
  const ApplyStats later = store.apply(options, BarSource::market,
                                       std::vector{future(kNear, ist(kMon, 10, 2), 24101, 10, 0),
                                                   future(kNext, ist(kMon, 10, 1), 24200, 5, 0)});
  ASSERT_EQ(later.touched.size(), 2u);
  EXPECT_EQ(later.touched[0].expiry, kNear);
  EXPECT_EQ(later.touched[0].first_bucket, ist(kMon, 10, 0));
  EXPECT_EQ(later.touched[0].last_bucket, ist(kMon, 10, 2));
  EXPECT_EQ(later.touched[1].expiry, kNext);
  EXPECT_EQ(later.touched[1].first_bucket, ist(kMon, 10, 1));
  const auto snapshot = store.snapshot();
  ASSERT_NE(snapshot->futures(), nullptr);
  EXPECT_EQ(snapshot->futures()->bar_count(), 3u);
  // Futures alone publish a version too, and the option bars stay.
  const ApplyStats alone =
      store.apply({}, BarSource::market, std::vector{future(kNext, ist(kMon, 10, 3), 24200, 5, 0)});
  ASSERT_EQ(alone.touched.size(), 1u);
  EXPECT_EQ(alone.touched[0].expiry, kNext);
  EXPECT_EQ(alone.touched[0].last_bucket, ist(kMon, 10, 3));
  EXPECT_EQ(store.snapshot()->futures()->expiries("NIFTY"), (std::vector<Expiry>{kNear, kNext}));
  EXPECT_EQ(store.snapshot()->expiries("NIFTY"), std::vector<Expiry>{kNear});
  EXPECT_EQ(snapshot->futures()->bar_count(), 3u);  // the older version is unchanged
  FutureBar bad = futures[0];
  bad.close = -1;
  EXPECT_THROW(store.apply(options, BarSource::market, std::vector{bad}), std::invalid_argument);
}

TEST(FuturesStore, StateAsOfAMomentIsTheHandComputedOne) {
  // Monday: 10:00 (observed 10:00:30) and 10:05 (observed 10:05:59); Tuesday (the expiry day):
  // 09:20, observed 09:20:10, with a new OI.
  const std::vector<FutureBar> bars{
      future(kNear, ist(kMon, 10, 0), 24100, 5'000'000, 100, ist(kMon, 10, 0, 30)),
      future(kNear, ist(kMon, 10, 5), 24120, std::nullopt, 200, ist(kMon, 10, 5, 59)),
      future(kNear, ist(kTue, 9, 20), 24150, 4'800'000, 300, ist(kTue, 9, 20, 10))};
  const FuturesBook book = FuturesBook{}.with(bars);

  EXPECT_FALSE(book.state_at("NIFTY", kNear, ist(kMon, 10, 0, 29)));  // nothing observed yet
  EXPECT_FALSE(book.state_at("NIFTY", kNext, ist(kMon, 11, 0)));      // no such future
  auto s = book.state_at("NIFTY", kNear, ist(kMon, 10, 0, 30));
  ASSERT_TRUE(s);
  EXPECT_EQ(s->price, 24100);
  EXPECT_EQ(s->oi, 5'000'000);
  EXPECT_EQ(s->oi_change, std::nullopt);  // no previous day, no file change
  EXPECT_EQ(s->underlying, 24050);
  EXPECT_EQ(s->observed_at, ist(kMon, 10, 0, 30));
  // Inside the 10:05 minute before its observation: still the 10:00 bar.
  EXPECT_EQ(book.state_at("NIFTY", kNear, ist(kMon, 10, 5, 58))->price, 24100);
  // After it: its price, and the OI carried from 10:00.
  s = book.state_at("NIFTY", kNear, ist(kMon, 10, 5, 59));
  EXPECT_EQ(s->price, 24120);
  EXPECT_EQ(s->oi, 5'000'000);
  // Tuesday before its first observation: Monday's close carried.
  s = book.state_at("NIFTY", kNear, ist(kTue, 9, 20, 9));
  EXPECT_EQ(s->price, 24120);
  EXPECT_EQ(s->oi, 5'000'000);
  // Tuesday after it: the change is against Monday's closing OI.
  s = book.state_at("NIFTY", kNear, ist(kTue, 9, 21));
  EXPECT_EQ(s->price, 24150);
  EXPECT_EQ(s->oi_change, 4'800'000 - 5'000'000);
  // The expiry day's evening still reads it; the next day nothing.
  EXPECT_TRUE(book.state_at("NIFTY", kNear, ist(kTue, 23, 0)));
  EXPECT_FALSE(book.state_at("NIFTY", kNear, ist(kTue + std::chrono::days{1}, 9, 15)));

  std::vector<std::int64_t> volumes;
  book.for_each_bar("NIFTY", kNear, ist(kMon, 10, 0), ist(kTue, 9, 20),
                    [&](const FutureBar& b) { volumes.push_back(b.volume); });
  EXPECT_EQ(volumes, (std::vector<std::int64_t>{100, 200}));  // [from, to)
  EXPECT_EQ(book.newest_bucket("NIFTY"), ist(kTue, 9, 20));
}

}  // namespace futures_store_test
