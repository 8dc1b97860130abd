// The instrument source's listed strikes in the chain as of a moment (store/strike_listing.h):
// a listed strike is in the chain from the IST day it was listed until the expiry, with an empty
// state until something of it is observed; the data's strikes are there either way.
#include "store/strike_listing.h"

#include <gtest/gtest.h>

#include <set>

#include "store/chain_store.h"
#include "store_fixtures.h"

using namespace strikeline;
using namespace strikeline::testing;

namespace {

std::vector<Strike> strikes_of(const ChainState& state) {
  std::vector<Strike> out;
  for (const StrikeState& s : state.strikes) out.push_back(s.strike);
  return out;
}

std::vector<Strike> as_strikes(const std::set<std::int64_t>& rupees) {
  std::vector<Strike> out;
  for (std::int64_t k : rupees) out.push_back(strike_rupees(k));
  return out;
}

StrikeBar call_with_oi(Expiry expiry, std::int64_t strike, UtcSeconds t, std::int64_t oi,
                       double underlying) {
  StrikeBar bar = minute_bar("NIFTY", expiry, strike, t, underlying);
  bar.call = side({.count = 1, .volume = 75, .oi = oi, .ohlc = std::array{10.0, 10.0, 10.0, 10.0}});
  return bar;
}

struct Listed {
  std::int64_t strike;
  Date since;
};

// The oracle: the strikes observed by `t` and those listed on t's IST day, up to the expiry.
std::set<std::int64_t> expected_strikes(
    const std::vector<std::pair<std::int64_t, UtcSeconds>>& seen, const std::vector<Listed>& listed,
    Expiry expiry, UtcSeconds t) {
  std::set<std::int64_t> out;
  for (const auto& [strike, at] : seen) {
    if (at + std::chrono::seconds(60) <= t) out.insert(strike);
  }
  const Date day = ist_date(Timestamp{t});
  for (const Listed& l : listed) {
    if (l.since <= day && day <= expiry) out.insert(l.strike);
  }
  return out;
}

}  // namespace

TEST(StrikeListing, ListedStrikesJoinTheChainFromTheirDayUntilTheExpiry) {
  const Date day1 = day_of(2025, 11, 3), day2 = day_of(2025, 11, 4);
  const Expiry expiry = day_of(2025, 11, 11);
  const std::vector<std::pair<std::int64_t, UtcSeconds>> seen{{24000, ist(day1, 10, 0)},
                                                              {24100, ist(day2, 10, 0)}};
  ChainStore store;
  std::vector<StrikeBar> bars{call_with_oi(expiry, 24000, ist(day1, 10, 0), 100, 24100),
                              call_with_oi(expiry, 24100, ist(day2, 10, 0), 200, 24160)};
  store.apply(bars);
  std::vector<Listed> listed{
      {23900, day2}, {24000, day2}, {24050, day2}, {24100, day2}, {24200, day2}};
  const std::vector<Strike> grid = as_strikes({23900, 24000, 24050, 24100, 24200});
  const std::uint64_t before = store.current()->version();
  store.list_strikes("NIFTY", expiry, grid, day2);
  EXPECT_EQ(store.current()->version(), before + 1);  // answers change: a new version
  // Listed again, one strike from an earlier day: that strike keeps the earlier day.
  const std::vector<Strike> early = as_strikes({24300, 24000});
  store.list_strikes("NIFTY", expiry, early, day1);
  listed.push_back({24300, day1});
  listed[1].since = day1;

  const auto snapshot = store.current();
  for (UtcSeconds t :
       {ist(day1, 9, 30), ist(day1, 10, 0, 59), ist(day1, 15, 0), ist(day2, 9, 15),
        ist(day2, 10, 0, 30), ist(day2, 12, 0), ist(expiry, 12, 0), ist(expiry, 23, 59),
        ist(expiry + std::chrono::days{1}, 0, 0), ist(expiry + std::chrono::days{1}, 12, 0)}) {
    const auto want = expected_strikes(seen, listed, expiry, t);
    const std::optional<ChainState> state = snapshot->chain_at("NIFTY", expiry, t);
    if (ist_date(Timestamp{t}) > expiry) {  // expired: no chain, observed or listed
      EXPECT_FALSE(state) << "at " << format_iso_utc(t);
      continue;
    }
    if (!state) {
      EXPECT_LT(t, ist(day1, 10, 0, 59)) << "no chain at " << format_iso_utc(t);
      continue;
    }
    EXPECT_EQ(strikes_of(*state), as_strikes(want)) << "at " << format_iso_utc(t);
    for (const StrikeState& s : state->strikes) {
      const bool observed = std::any_of(seen.begin(), seen.end(), [&](const auto& o) {
        return strike_rupees(o.first) == s.strike && o.second + std::chrono::seconds(60) <= t;
      });
      // A strike only listed has no state; an observed one keeps its open interest.
      EXPECT_EQ(s.call.oi.has_value(), observed) << format_iso_utc(t);
      EXPECT_FALSE(s.put.observed());
    }
  }

  // The series' states list the same grid at every bucket's end.
  int buckets = 0;
  snapshot->for_each_bucket_state(
      "NIFTY", expiry, Timeframe::m5, ist(day2, 9, 15), ist(day2, 10, 30), std::nullopt, false,
      StateFields::all(), [&](UtcSeconds bucket, std::vector<StrikeBar>&, const ChainState& state) {
        ++buckets;
        const UtcSeconds end = bucket + std::chrono::minutes(5) - std::chrono::seconds(1);
        EXPECT_EQ(strikes_of(state), as_strikes(expected_strikes(seen, listed, expiry, end)))
            << "bucket " << format_iso_utc(bucket);
      });
  EXPECT_GT(buckets, 0);
}

TEST(StrikeListing, AddingKeepsTheObservedEntriesAndTheOrder) {
  ChainState state;
  state.expiry = day_of(2025, 11, 11);
  StrikeState low, high;
  low.strike = strike_rupees(100);
  low.call.oi = 5;
  high.strike = strike_rupees(300);
  high.put.oi = 7;
  state.strikes = {low, high};
  const std::vector<ListedStrike> listed{{strike_rupees(50), day_of(2025, 11, 1)},
                                         {strike_rupees(100), day_of(2025, 11, 1)},
                                         {strike_rupees(200), day_of(2025, 11, 1)},
                                         {strike_rupees(400), day_of(2025, 11, 9)}};
  add_listed_strikes(listed, day_of(2025, 11, 5), state);
  EXPECT_EQ(strikes_of(state), as_strikes({50, 100, 200, 300}));
  EXPECT_EQ(state.find(strike_rupees(100))->call.oi, 5);
  EXPECT_EQ(state.find(strike_rupees(300))->put.oi, 7);
  EXPECT_FALSE(state.find(strike_rupees(200))->call.oi.has_value());
  add_listed_strikes(listed, day_of(2025, 11, 12), state);  // after the expiry: nothing
  EXPECT_EQ(state.strikes.size(), 4u);
}
