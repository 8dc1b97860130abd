// The trader's table of issue 17, reproduced: the built-in simulator's market (sparse far strikes,
// quiet instruments) fed live into the aggregator and the chain store one second at a time, and
// the NIFTY weekly's strike distribution read every 10 seconds through two 5-minute buckets and
// their boundaries. The listed strikes answered never drop (so never at a bucket's first seconds);
// between two readings a side's open interest changes only when the contract traded in between
// (by the raw ticks), so the totals, PCR and max pain move only by what those ticks explain.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "bars/bar_aggregator.h"
#include "feed/simulator/market_simulator.h"
#include "query/strike_distribution.h"
#include "store/chain_store.h"

namespace strikeline {
namespace {

using namespace std::chrono;

struct Reading {
  std::map<std::pair<Strike, bool>, double> oi;  // (strike, put) -> OI
  std::size_t strikes = 0;
  double call_total = 0, put_total = 0;
};

TEST(SimulatedBucket, TheChainIsCompleteFromABucketsFirstSecond) {
  sim::SimulatorConfig config;
  std::string error;
  config.symbols = *sim::parse_simulated_symbols("NIFTY", &error);
  config.around_the_clock = false;
  config.option_tick_interval = 60.0;  // the server's default: far strikes trade rarely
  sim::MarketSimulator simulator(config);
  const Date day{year{2026} / December / 3};  // a Thursday
  const UtcSeconds open = ist_time_on(day, hours{9} + minutes{15});
  const UtcSeconds bucket = open + minutes{20};  // the bucket read through, and the one after

  ChainStore store;
  BarAggregator aggregator;
  // Every option tick's time by contract side, to explain changes.
  std::map<std::pair<Strike, bool>, std::vector<Timestamp>> ticks;
  std::optional<Expiry> weekly;
  std::vector<StrikeBar> drained;
  const auto advance = [&](UtcSeconds from, UtcSeconds to) {
    std::vector<MarketEvent> events;
    simulator.run(Timestamp{from}, Timestamp{to}, [&](const MarketEvent& e) {
      events.push_back(e);
      if (const auto* o = std::get_if<OptionTick>(&e)) {
        if (!weekly || o->expiry < *weekly) weekly = o->expiry;
        ticks[{o->strike, o->side == Side::put}].push_back(o->ts);
      }
    });
    aggregator.add(events);
    drained.clear();
    aggregator.drain(drained);
    store.apply(drained);
  };

  const auto read = [&](UtcSeconds t) {
    StrikeDistributionRequest r;
    r.symbol = "NIFTY";
    r.timeframe = Timeframe::m5;
    r.indicator = Indicator::oi;
    r.expiries = {*weekly};
    r.strike_range = 200;
    r.as_of = t;
    const StrikeDistribution d = strike_distribution(*store.snapshot(), ContractSpecs{}, r);
    Reading out;
    if (d.series.empty()) return out;
    for (const DistributionPoint& p : d.series[0].points) {
      out.oi[{p.strike, false}] = p.call_oi;
      out.oi[{p.strike, true}] = p.put_oi;
      out.call_total += p.call_oi;
      out.put_total += p.put_oi;
    }
    out.strikes = d.series[0].points.size();
    return out;
  };

  // Live: the market runs second by second; readings every 10 s from 50 s before the bucket to
  // 5 min 50 s after its end.
  UtcSeconds clock = open;
  std::optional<Reading> previous;
  UtcSeconds previous_t{};
  std::size_t readings = 0, boundary_checks = 0;
  for (UtcSeconds t = bucket - seconds{50}; t <= bucket + minutes{10} + seconds{50};
       t += seconds{10}) {
    while (clock < t + seconds{1}) {
      advance(clock, clock + seconds{1});
      clock += seconds{1};
    }
    ASSERT_TRUE(weekly.has_value());
    const Reading now = read(t);
    ++readings;
    ASSERT_GT(now.strikes, 20u) << format_iso_utc(t);
    if (previous) {
      // Listed strikes never disappear, at a bucket's first seconds least of all.
      EXPECT_GE(now.strikes, previous->strikes) << format_iso_utc(t);
      if (epoch_seconds(t) % 300 < 10) ++boundary_checks;
      // Each side's OI changes only if the contract traded since (its minute may have been seen
      // only now: ticks from a minute before the previous reading count).
      for (const auto& [side, oi] : now.oi) {
        auto before = previous->oi.find(side);
        const double was = before == previous->oi.end() ? 0.0 : before->second;
        if (oi == was) continue;
        const auto& times = ticks[side];
        const bool explained = std::any_of(times.begin(), times.end(), [&](Timestamp ts) {
          return ts > Timestamp{previous_t - seconds{60}} && ts <= Timestamp{t};
        });
        EXPECT_TRUE(explained) << side.first.to_string() << (side.second ? " PE" : " CE") << " OI "
                               << was << " -> " << oi << " with no trade by " << format_iso_utc(t);
      }
      // Totals (and so PCR) agree with the sides read.
      double calls = 0, puts = 0;
      for (const auto& [side, oi] : now.oi) (side.second ? puts : calls) += oi;
      EXPECT_EQ(calls, now.call_total);
      EXPECT_EQ(puts, now.put_total);
    }
    previous = now;
    previous_t = t;
  }
  EXPECT_GE(readings, 70u);
  EXPECT_EQ(boundary_checks, 3u);  // three bucket starts crossed
  // Far strikes did not all trade in every bucket: the completeness above is carried state.
  std::size_t quiet = 0;
  for (const auto& [side, times] : ticks) {
    const bool traded = std::any_of(times.begin(), times.end(), [&](Timestamp ts) {
      return ts >= Timestamp{bucket} && ts < Timestamp{bucket + minutes{5}};
    });
    if (!traded) ++quiet;
  }
  EXPECT_GT(quiet, 10u);
}

}  // namespace
}  // namespace strikeline
