#include "feed/simulator/market_simulator.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "pricing/option_analytics.h"

using namespace strikeline;
using namespace strikeline::sim;
using namespace std::chrono;

namespace {

SimulatorConfig config(std::uint64_t seed = 7) {
  SimulatorConfig c;
  c.symbols = {*default_simulated_symbol("NIFTY"), *default_simulated_symbol("BANKNIFTY")};
  c.seed = seed;
  c.option_tick_interval = 10.0;
  return c;
}

const Timestamp kOpen{ist_time_on(sys_days{2025y / November / 5}, 9h + 15min)};

std::vector<MarketEvent> collect(MarketSimulator& sim, Timestamp from, Timestamp to) {
  std::vector<MarketEvent> out;
  sim.run(from, to, [&](const MarketEvent& e) { out.push_back(e); });
  return out;
}

Timestamp ts_of(const MarketEvent& e) {
  return std::visit([](const auto& x) { return x.ts; }, e);
}

bool same(const MarketEvent& a, const MarketEvent& b) {
  if (a.index() != b.index()) return false;
  if (auto* x = std::get_if<OptionTick>(&a)) {
    const auto& y = std::get<OptionTick>(b);
    return x->ts == y.ts && x->symbol == y.symbol && x->expiry == y.expiry &&
           x->strike == y.strike && x->side == y.side && x->price == y.price && x->oi == y.oi &&
           x->cumulative_volume == y.cumulative_volume && x->bid == y.bid && x->ask == y.ask &&
           x->bid_qty == y.bid_qty && x->ask_qty == y.ask_qty;
  }
  if (auto* x = std::get_if<UnderlyingTick>(&a)) {
    const auto& y = std::get<UnderlyingTick>(b);
    return x->ts == y.ts && x->symbol == y.symbol && x->price == y.price;
  }
  if (auto* x = std::get_if<FutureTick>(&a)) {
    const auto& y = std::get<FutureTick>(b);
    return x->ts == y.ts && x->symbol == y.symbol && x->expiry == y.expiry && x->price == y.price &&
           x->oi == y.oi && x->cumulative_volume == y.cumulative_volume;
  }
  return false;
}

}  // namespace

TEST(MarketSimulator, SameSeedSameEventsHoweverTheRangeIsSplit) {
  MarketSimulator one(config()), two(config()), other(config(8));
  const auto a = collect(one, kOpen, kOpen + 20min);
  auto b = collect(two, kOpen, kOpen + 7min);
  const auto b2 = collect(two, kOpen + 7min, kOpen + 20min);
  b.insert(b.end(), b2.begin(), b2.end());
  ASSERT_GT(a.size(), 5000u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(same(a[i], b[i])) << i;
  // A fresh simulator asked for the later part alone replays the day and agrees too.
  MarketSimulator three(config());
  const auto c = collect(three, kOpen + 7min, kOpen + 20min);
  ASSERT_EQ(c.size(), b2.size());
  for (std::size_t i = 0; i < c.size(); ++i) ASSERT_TRUE(same(c[i], b2[i])) << i;
  // Another seed, another market.
  const auto d = collect(other, kOpen, kOpen + 20min);
  std::size_t differing = 0;
  for (std::size_t i = 0; i < std::min(a.size(), d.size()); ++i) differing += !same(a[i], d[i]);
  EXPECT_GT(differing, a.size() / 2);
}

// The live feed asks for the market up to "now" every half second, so most calls end inside a
// second: each event must still come exactly once, with from <= ts < to, as in one call.
TEST(MarketSimulator, SameEventsWhenTheRangeIsSplitInsideSeconds) {
  MarketSimulator one(config()), two(config());
  const Timestamp from = kOpen + 5min, to = kOpen + 7min;
  const auto a = collect(one, from, to);
  std::vector<MarketEvent> b;
  Timestamp at = from;
  for (const auto step : {300ms, 450ms, 500ms, 1250ms, 1ms, 999ms, 0ms}) {
    const auto part = collect(two, at, at + step);
    for (const MarketEvent& e : part) {
      ASSERT_GE(ts_of(e), at);
      ASSERT_LT(ts_of(e), at + step);
    }
    b.insert(b.end(), part.begin(), part.end());
    at += step;
  }
  while (at < to) {  // every 0.5 s from an odd start, as the feed's batches
    const Timestamp next = std::min(to, at + 500ms);
    const auto part = collect(two, at, next);
    b.insert(b.end(), part.begin(), part.end());
    at = next;
  }
  ASSERT_GT(a.size(), 500u);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) ASSERT_TRUE(same(a[i], b[i])) << i;
  // A fresh simulator asked from inside a second replays the day and starts at `from` exactly.
  MarketSimulator three(config());
  const Timestamp inside = kOpen + 6min + 250ms;
  const auto c = collect(three, inside, to);
  const auto first =
      std::find_if(a.begin(), a.end(), [&](const auto& e) { return ts_of(e) >= inside; });
  ASSERT_EQ(c.size(), static_cast<std::size_t>(a.end() - first));
  for (std::size_t i = 0; i < c.size(); ++i) ASSERT_TRUE(same(c[i], first[i])) << i;
}

TEST(MarketSimulator, EventsInOrderAndNothingNegative) {
  MarketSimulator sim(config());
  const auto events = collect(sim, kOpen, kOpen + 30min);
  std::map<std::tuple<std::string, Expiry, Strike, Side>, std::int64_t> last_volume;
  std::size_t options = 0, underlyings = 0, futures = 0, with_bid = 0;
  for (std::size_t i = 0; i < events.size(); ++i) {
    if (i > 0) {
      ASSERT_LE(ts_of(events[i - 1]), ts_of(events[i]));
    }
    ASSERT_GE(ts_of(events[i]), kOpen);
    ASSERT_LT(ts_of(events[i]), kOpen + 30min);
    if (auto* t = std::get_if<OptionTick>(&events[i])) {
      ++options;
      ASSERT_GT(*t->price, 0.0);
      ASSERT_GE(*t->oi, 0);
      // The top of the book: an offer always, a bid unless nobody bids (a price of a few ticks);
      // sizes in whole lots; the spread at least a tick and, for an option worth more than 20
      // rupees, under 2 % of its price.
      const std::int64_t lot = default_simulated_symbol(t->symbol)->lot_size;
      ASSERT_TRUE(t->ask && t->ask_qty);
      ASSERT_GE(*t->ask, *t->price);
      ASSERT_GT(*t->ask_qty, 0);
      ASSERT_EQ(*t->ask_qty % lot, 0);
      ASSERT_EQ(t->bid.has_value(), t->bid_qty.has_value());
      if (t->bid) {
        ASSERT_GT(*t->bid, 0.0);
        ASSERT_LE(*t->bid, *t->price);
        ASSERT_GE(*t->ask - *t->bid, 0.05 - 1e-9);
        if (*t->price > 20) {
          ASSERT_LT(*t->ask - *t->bid, 0.02 * *t->price) << *t->price;
        }
        ASSERT_GT(*t->bid_qty, 0);
        ASSERT_EQ(*t->bid_qty % lot, 0);
        ++with_bid;
      } else {
        ASSERT_LE(*t->price, 0.25);
      }
      auto key = std::tuple{t->symbol, t->expiry, t->strike, t->side};
      ASSERT_GE(*t->cumulative_volume, last_volume[key]);  // cumulative volume never falls in a day
      last_volume[key] = *t->cumulative_volume;
    } else if (std::holds_alternative<UnderlyingTick>(events[i])) {
      ++underlyings;
    } else {
      ++futures;  // three monthly futures tick with each index tick
    }
  }
  EXPECT_GT(options, 10000u);
  EXPECT_GT(with_bid, options * 9 / 10);
  EXPECT_EQ(underlyings, 2u * 30u * 60u / 5u);
  EXPECT_EQ(futures, 3 * underlyings);
}

TEST(MarketSimulator, ChainHasFourExpiriesAndFollowsSpotWithFiftyStrikesEachSide) {
  MarketSimulator sim(config());
  std::set<Expiry> expiries;
  std::set<Strike> strikes;
  sim.run(kOpen, kOpen + 30min, [&](const MarketEvent& e) {
    if (auto* t = std::get_if<OptionTick>(&e); t && t->symbol == "NIFTY") {
      expiries.insert(t->expiry);
      strikes.insert(t->strike);
    }
  });
  EXPECT_GE(expiries.size(), 4u);
  const double spot = *sim.spot("NIFTY");
  EXPECT_LE(strikes.begin()->to_double(), spot - 45 * 50);
  EXPECT_GE(strikes.rbegin()->to_double(), spot + 45 * 50);
  EXPECT_GE(strikes.begin()->to_double(), spot - 60 * 50);
  EXPECT_LE(strikes.rbegin()->to_double(), spot + 60 * 50);
}

TEST(MarketSimulator, OpenInterestConcentratesNearTheMoneyAndAtRoundStrikes) {
  MarketSimulator sim(config());
  std::map<Strike, std::int64_t> put_oi;  // nearest expiry, latest value
  Expiry nearest = sys_days{2025y / November / 11};
  sim.run(kOpen, kOpen + 30min, [&](const MarketEvent& e) {
    if (auto* t = std::get_if<OptionTick>(&e);
        t && t->symbol == "NIFTY" && t->side == Side::put && t->expiry == nearest) {
      put_oi[t->strike] = *t->oi;
    }
  });
  const double spot = *sim.spot("NIFTY");
  std::int64_t near = 0, far = 0;
  std::size_t round_strikes = 0, round_peaks = 0;
  for (auto [strike, oi] : put_oi) {
    const double m = std::fabs(strike.to_double() - spot) / 50.0;
    if (m <= 5) near += oi;
    if (m >= 40) far += oi;
    // A round strike (every 500) holds more than its neighbours 50 either side.
    auto below = put_oi.find(Strike::from_hundredths(strike.hundredths() - 5000));
    auto above = put_oi.find(Strike::from_hundredths(strike.hundredths() + 5000));
    if (strike.hundredths() % 50000 == 0 && below != put_oi.end() && above != put_oi.end()) {
      ++round_strikes;
      round_peaks += oi > below->second && oi > above->second;
    }
  }
  EXPECT_GT(near, 3 * far);
  ASSERT_GE(round_strikes, 5u);
  EXPECT_GE(round_peaks * 4, round_strikes * 3);
}

TEST(MarketSimulator, PutCallParityHoldsWithinTheSpreads) {
  MarketSimulator sim(config());
  std::size_t pairs = 0;
  for (Timestamp t = kOpen; t < kOpen + 20min; t += 1s) {
    std::map<std::tuple<std::string, Expiry, Strike>,
             std::pair<const OptionTick*, const OptionTick*>>
        seen;
    const auto events = collect(sim, t, t + 1s);
    for (const MarketEvent& e : events) {
      if (auto* o = std::get_if<OptionTick>(&e)) {
        auto& slot = seen[{o->symbol, o->expiry, o->strike}];
        (o->side == Side::call ? slot.first : slot.second) = o;
      }
    }
    for (const auto& [key, pair] : seen) {
      if (!pair.first || !pair.second) continue;
      const auto& [symbol, expiry, strike] = key;
      const double years = years_to_expiry(expiry, t + 1s);
      const double forward = *sim.spot(symbol) * std::exp(0.10 * years);
      const double parity = std::exp(-0.10 * years) * (forward - strike.to_double());
      const OptionTick& c = *pair.first;
      const OptionTick& p = *pair.second;
      // The index moves within the second: allow a few rupees of that besides the quoted spreads.
      // No bid (nobody bids for an option of a few paise): 0.
      const double slack = 0.05 + 0.0002 * forward;
      EXPECT_LE(c.bid.value_or(0.0) - *p.ask - slack, parity) << strike.to_string();
      EXPECT_GE(*c.ask - p.bid.value_or(0.0) + slack, parity) << strike.to_string();
      ++pairs;
    }
  }
  EXPECT_GT(pairs, 50u);
}

TEST(MarketSimulator, ImpliedVolatilityOfTradesRecoversTheSmile) {
  MarketSimulator sim(config());
  std::size_t checked = 0;
  double worst = 0;
  for (Timestamp t = kOpen + 1h; t < kOpen + 1h + 10min; t += 1s) {
    const auto events = collect(sim, t, t + 1s);
    for (const MarketEvent& e : events) {
      auto* o = std::get_if<OptionTick>(&e);
      if (!o) continue;
      pricing::MarketInputs in{};
      in.side = o->side;
      in.premium = *o->price;
      in.strike = o->strike.to_double();
      in.underlying = *sim.spot(o->symbol);
      in.years = years_to_expiry(o->expiry, o->ts);
      in.rate = 0.10;
      const auto a = pricing::analyse_option(in);
      // Only where the premium pins the volatility down: half a vol point must move the premium by
      // more than the quoted bid/ask spread (trades print anywhere inside it). Deep in-the-money
      // options with wide spreads and small vega carry no such information.
      if (a.status != pricing::PricingStatus::ok || 0.5 * a.vega < *o->ask - o->bid.value_or(0.0)) {
        continue;
      }
      const double model = *sim.model_volatility(o->symbol, o->expiry, o->strike) * 100.0;
      worst = std::max(worst, std::fabs(a.iv_percent - model));
      EXPECT_NEAR(a.iv_percent, model, 0.5) << o->symbol << " " << o->strike.to_string();
      ++checked;
    }
  }
  EXPECT_GT(checked, 500u);
  RecordProperty("worst_iv_error_vol_points", std::to_string(worst));
}

TEST(MarketSimulator, NseHoursModeIsQuietOutsideTheSession) {
  SimulatorConfig c = config();
  c.around_the_clock = false;
  MarketSimulator sim(c);
  const Timestamp evening{ist_time_on(sys_days{2025y / November / 5}, 16h)};
  EXPECT_TRUE(collect(sim, evening, evening + 2h).empty());
  // Saturday and Sunday: nothing; Monday 09:15 the market opens.
  const Timestamp saturday{ist_time_on(sys_days{2025y / November / 8}, 10h)};
  EXPECT_TRUE(collect(sim, saturday, saturday + 24h).empty());
  const Timestamp monday_open{ist_time_on(sys_days{2025y / November / 10}, 9h + 15min)};
  const auto events = collect(sim, monday_open - 10min, monday_open + 1min);
  ASSERT_FALSE(events.empty());
  EXPECT_GE(ts_of(events.front()), monday_open);
}

// The near, next and far monthly futures tick with the index: priced spot x e^(r T) within a small
// basis noise (here within 0.1 % of it, and not all equal to it), cumulative volume that never
// falls, OI in whole lots with the near month holding the most before its last week.
TEST(MarketSimulator, FuturesFollowTheCarryForwardWithOiAndVolume) {
  MarketSimulator sim(config());
  const std::vector<Expiry> monthlies{sys_days{2025y / November / 25},
                                      sys_days{2025y / December / 30},
                                      sys_days{2026y / January / 27}};
  std::map<Expiry, std::int64_t> last_volume, last_oi;
  std::size_t ticks = 0, off_carry = 0;
  double spot = 0;
  for (const MarketEvent& e : collect(sim, kOpen, kOpen + 10min)) {
    if (const auto* u = std::get_if<UnderlyingTick>(&e); u && u->symbol == "NIFTY") spot = u->price;
    const auto* f = std::get_if<FutureTick>(&e);
    if (!f || f->symbol != "NIFTY") continue;
    ASSERT_GT(spot, 0);
    ++ticks;
    EXPECT_NE(std::find(monthlies.begin(), monthlies.end(), f->expiry), monthlies.end())
        << format_date(f->expiry);
    const double carry = spot * std::exp(0.10 * years_to_expiry(f->expiry, f->ts));
    EXPECT_NEAR(f->price / carry, 1.0, 1e-3);
    if (std::fabs(f->price - carry) > 0.05) ++off_carry;
    ASSERT_TRUE(f->cumulative_volume && f->oi);
    EXPECT_GE(*f->cumulative_volume, last_volume[f->expiry]);
    last_volume[f->expiry] = *f->cumulative_volume;
    EXPECT_EQ(*f->oi % 65, 0);  // whole lots
    last_oi[f->expiry] = *f->oi;
  }
  EXPECT_EQ(ticks, 3u * 10 * 60 / 5);  // every index tick (5 s), three futures
  EXPECT_GT(off_carry, ticks / 2);     // a basis, not the carry itself
  EXPECT_GT(last_oi[monthlies[0]], last_oi[monthlies[1]]);
  EXPECT_GT(last_oi[monthlies[1]], last_oi[monthlies[2]]);
}
