// The chain as of a moment (store/chain_state.h) against an oracle written here from the raw ticks:
// a generated market of sparse ticks (strikes that trade once an hour, sides that never trade
// after 10:00, strikes listed mid-day, a strike that appears only on the second day, ticks without
// open interest or price, late ticks delivered out of order, three days), aggregated into
// 1-minute bars by the real aggregator and applied to the real chain store in live-sized batches.
// At random moments every listed strike's open interest, OI change, last price, previous close,
// day volume, quote (bid, ask and their quantities), observation time,
// the underlying and the session day must equal the oracle's; so must the state at the end of
// every 5-minute bucket; and a store that loaded the final bars at once answers the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "../lib/sparse_market.h"
#include "bars/bar_aggregator.h"
#include "store/chain_store.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store_fixtures.h"

namespace strikeline::chain_state_oracle {
namespace {

using namespace std::chrono;
using namespace sparse_market;

// Feeds the market to an aggregator, applying the drained bars to `store` every `batch` events;
// returns every bar drained, last version of each key last.
std::vector<StrikeBar> feed(const Market& m, ChainStore& store, std::size_t batch) {
  BarAggregator aggregator;
  const std::vector<MarketEvent> events = events_of(m);
  std::vector<StrikeBar> all, drained;
  for (std::size_t i = 0; i < events.size(); i += batch) {
    const std::size_t n = std::min(batch, events.size() - i);
    aggregator.add(std::span<const MarketEvent>(events).subspan(i, n));
    drained.clear();
    aggregator.drain(drained);
    store.apply(drained);
    all.insert(all.end(), drained.begin(), drained.end());
  }
  EXPECT_EQ(aggregator.stats().too_late, 0u);
  EXPECT_GT(aggregator.stats().late_ticks, 0u);
  return all;
}

// Compares a store's answer with the oracle's, field by field, naming the first difference.
void expect_same_state(const ChainState& want, const std::optional<ChainState>& got,
                       const std::string& where) {
  if (want.strikes.empty()) {
    EXPECT_FALSE(got.has_value()) << where;
    return;
  }
  ASSERT_TRUE(got.has_value()) << where;
  EXPECT_EQ(got->session_day, want.session_day) << where;
  ASSERT_EQ(got->strikes.size(), want.strikes.size()) << where;
  for (std::size_t i = 0; i < want.strikes.size(); ++i) {
    const StrikeState& w = want.strikes[i];
    const StrikeState& g = got->strikes[i];
    ASSERT_EQ(g.strike, w.strike) << where;
    for (bool put : {false, true}) {
      const SideState& ws = w.side(put);
      const SideState& gs = g.side(put);
      const std::string at = where + " strike " + w.strike.to_string() + (put ? " put" : " call");
      EXPECT_EQ(gs.oi, ws.oi) << at;
      EXPECT_EQ(gs.oi_change, ws.oi_change) << at;
      EXPECT_EQ(gs.observed_at, ws.observed_at) << at;
      ASSERT_EQ(gs.last_price.has_value(), ws.last_price.has_value()) << at;
      if (ws.last_price) {
        EXPECT_NEAR(*gs.last_price, *ws.last_price, 1e-4) << at;
      }
      for (auto [gp, wp] : {std::pair{&gs.bid, &ws.bid}, std::pair{&gs.ask, &ws.ask}}) {
        ASSERT_EQ(gp->has_value(), wp->has_value()) << at << " quote price";
        if (*wp) {
          EXPECT_NEAR(**gp, **wp, 1e-4) << at;
        }
      }
      EXPECT_EQ(gs.bid_qty, ws.bid_qty) << at;
      EXPECT_EQ(gs.ask_qty, ws.ask_qty) << at;
      ASSERT_EQ(gs.previous_close.has_value(), ws.previous_close.has_value()) << at << " close";
      if (ws.previous_close) {
        EXPECT_NEAR(*gs.previous_close, *ws.previous_close, 1e-4) << at;
      }
      EXPECT_EQ(gs.day_volume, ws.day_volume) << at << " day volume";
    }
  }
  ASSERT_EQ(got->underlying.has_value(), want.underlying.has_value()) << where;
  if (want.underlying) {
    EXPECT_NEAR(*got->underlying, *want.underlying, 2e-3) << where;
    EXPECT_EQ(got->underlying_at, want.underlying_at) << where;
  }
}

class ChainStateOracle : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ChainStateOracle, EveryMomentAnswersAsTheTicksSay) {
  const Market market = generate(GetParam());
  ChainStore live;
  const std::vector<StrikeBar> bars = feed(market, live, 97);
  const Oracle oracle(market);
  const auto snap = live.snapshot();

  std::mt19937 rng(GetParam() * 7 + 1);
  const std::int64_t from = epoch_seconds(ist_at(kMarketDay1, 9, 14));
  const std::int64_t to = epoch_seconds(ist_at(kMarketDay3, 9, 50));
  std::vector<std::int64_t> moments;
  for (int i = 0; i < 200; ++i)
    moments.push_back(from + static_cast<std::int64_t>(rng() % (to - from)));
  // And the edges: a session's first seconds, the night, the minute after the last tick.
  for (auto t :
       {ist_at(kMarketDay1, 9, 15, 1), ist_at(kMarketDay1, 9, 15, 7), ist_at(kMarketDay1, 9, 16, 0),
        ist_at(kMarketDay1, 18, 0), ist_at(kMarketDay2, 9, 15, 0), ist_at(kMarketDay2, 9, 15, 3),
        ist_at(kMarketDay2, 9, 20, 59), ist_at(kMarketDay2, 10, 31), ist_at(kMarketDay3, 9, 15, 2),
        ist_at(kMarketDay3, 9, 40), ist_at(kMarketDay3, 11, 0)}) {
    moments.push_back(epoch_seconds(t));
  }
  std::size_t listed_somewhere = 0;
  for (std::int64_t t : moments) {
    const ChainState want = oracle.state(t);
    listed_somewhere += want.strikes.size();
    expect_same_state(want, snap->chain_at(kMarketSymbol, kMarketExpiry, utc_seconds(t)),
                      "as of " + format_iso_utc(utc_seconds(t)));
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(listed_somewhere, 200u);  // the moments are not all before the market

  // The state at the end of every bucket, as the series endpoints read it: 5-minute ends are the
  // store's carried rows, 1- and 3-minute ends a carried row and the minutes after it.
  for (const auto& [tf, length] : {std::pair{Timeframe::m5, 300}, std::pair{Timeframe::m3, 180},
                                   std::pair{Timeframe::m1, 60}}) {
    const std::int64_t seconds = length;  // clang 14 captures no structured binding
    std::size_t buckets = 0;
    snap->for_each_bucket_state(
        kMarketSymbol, kMarketExpiry, tf, ist_at(kMarketDay1, 9, 0), ist_at(kMarketDay3, 11, 0),
        std::nullopt, false, StateFields::all(),
        [&](UtcSeconds bucket, std::vector<StrikeBar>&, const ChainState& got) {
          ++buckets;
          const std::int64_t end = epoch_seconds(bucket) + seconds;
          expect_same_state(oracle.state(end - 1, end), got,
                            "end of bucket " + format_iso_utc(bucket));
        });
    EXPECT_GT(buckets, 50u);
    if (HasFatalFailure()) return;
  }

  // A store that loaded the final bars in one batch answers the same.
  ChainStore loaded;
  loaded.apply(bars);
  const auto once = loaded.snapshot();
  for (std::int64_t t : moments) {
    const auto a = snap->chain_at(kMarketSymbol, kMarketExpiry, utc_seconds(t));
    const auto b = once->chain_at(kMarketSymbol, kMarketExpiry, utc_seconds(t));
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_EQ(a->strikes, b->strikes) << format_iso_utc(utc_seconds(t));
      EXPECT_EQ(a->underlying, b->underlying);
    }
  }
}

// A server that restarts with one day in memory answers as the one that saw the whole market:
// the state before its window comes from the day states the repository kept (SQLite's
// fo_contract_states, or any source's day loads), and an older day read back from the repository
// brings the state before it.
void expect_window_answers_as_live(std::shared_ptr<DaySource> source, const ChainReader& live,
                                   const std::string& what) {
  ChainStore windowed({.window_days = 1, .history_cache_days = 1, .load_threads = 1},
                      std::move(source));
  const WindowLoadStats loaded = windowed.load_window();
  EXPECT_EQ(loaded.days_known, 3u) << what;
  EXPECT_EQ(loaded.days_loaded, 1u) << what;
  const auto snap = windowed.snapshot();
  std::mt19937 rng(99);
  const std::int64_t from = epoch_seconds(ist_at(kMarketDay1, 9, 14));
  const std::int64_t to = epoch_seconds(ist_at(kMarketDay3, 9, 50));
  for (int i = 0; i < 120; ++i) {
    const auto t = utc_seconds(from + static_cast<std::int64_t>(rng() % (to - from)));
    const auto a = live.chain_at(kMarketSymbol, kMarketExpiry, t);
    const auto b = snap->chain_at(kMarketSymbol, kMarketExpiry, t);
    ASSERT_EQ(a.has_value(), b.has_value()) << what << " " << format_iso_utc(t);
    if (!a) continue;
    EXPECT_EQ(b->strikes, a->strikes) << what << " " << format_iso_utc(t);
    EXPECT_EQ(b->underlying, a->underlying) << what << " " << format_iso_utc(t);
    EXPECT_EQ(b->underlying_at, a->underlying_at) << what << " " << format_iso_utc(t);
    EXPECT_EQ(b->session_day, a->session_day) << what << " " << format_iso_utc(t);
    if (::testing::Test::HasFailure()) return;
  }
  // The series' walk through the days, cold ones included, reads the same states.
  std::vector<ChainState> want, got;
  const auto collect = [](std::vector<ChainState>& into) {
    return [&into](UtcSeconds, std::vector<StrikeBar>&, const ChainState& s) { into.push_back(s); };
  };
  live.for_each_bucket_state(kMarketSymbol, kMarketExpiry, Timeframe::m15, utc_seconds(from),
                             utc_seconds(to), std::nullopt, false, StateFields::all(),
                             collect(want));
  snap->for_each_bucket_state(kMarketSymbol, kMarketExpiry, Timeframe::m15, utc_seconds(from),
                              utc_seconds(to), std::nullopt, false, StateFields::all(),
                              collect(got));
  ASSERT_EQ(got.size(), want.size()) << what;
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].strikes, want[i].strikes) << what << " bucket " << i;
    EXPECT_EQ(got[i].underlying, want[i].underlying) << what << " bucket " << i;
  }
}

TEST_P(ChainStateOracle, ALoadedWindowAnswersAsTheLiveStore) {
  const Market market = generate(GetParam());
  ChainStore live;
  const std::vector<StrikeBar> bars = feed(market, live, 97);

  testing::TempDatabase db("window_" + std::to_string(GetParam()));
  auto sqlite = std::make_shared<SqliteBarRepository>(db.path());
  for (std::size_t i = 0; i < bars.size(); i += 500) {
    sqlite->write(std::span(bars).subspan(i, std::min<std::size_t>(500, bars.size() - i)),
                  BarSource::market);
  }
  expect_window_answers_as_live(sqlite, *live.snapshot(), "sqlite");

  auto vector = std::make_shared<testing::VectorDaySource>();
  vector->add(bars);
  expect_window_answers_as_live(vector, *live.snapshot(), "day loads");
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChainStateOracle, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace strikeline::chain_state_oracle
