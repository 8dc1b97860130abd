// The volatility regime from the stored chain: RR25 and BF25 (query/smile_skew.h) on a smile whose
// deltas come from Black-76 written here, against the interpolation done here; the skew series
// over buckets (query/skew_series.h); the ATM term structure and the 30-day constant-maturity IV
// (query/term_structure.h) against total-variance interpolation done here; IV rank and percentile
// (query/iv_rank.h) over a constructed 300-day history, and null under 20 days.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/indicator.h"
#include "query/iv_rank.h"
#include "query/skew_series.h"
#include "query/smile_skew.h"
#include "query/term_structure.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace volatility_regime_test {

const Expiry kNov4 = sys_days{2025y / November / 4};
const Expiry kNov24 = sys_days{2025y / November / 24};
const UtcSeconds kT0 = ist_time_on(kNov4, hours{10});

double normal_cdf(double x) {
  return 0.5 * std::erfc(-x / std::sqrt(2.0));
}

double years_between(UtcSeconds at, Expiry expiry) {
  return static_cast<double>((expiry_close(expiry) - at).count()) / (365.0 * 86400.0);
}

// A skewed smile around the forward, IV as a fraction.
double smile(double strike, double forward) {
  const double m = std::log(strike / forward);
  return 0.16 - 0.25 * m + 0.6 * m * m;
}

struct SmilePoint {
  double strike, iv_pct, call_delta, put_delta;
};

// Strikes [low, high] by 100 around spot 24010 (ATM 24000), with Black-76 forward deltas.
std::vector<SmilePoint> smile_points(std::int64_t low, std::int64_t high) {
  const double forward = 24010.0;
  const double years = years_between(kT0, kNov24);
  std::vector<SmilePoint> out;
  for (std::int64_t k = low; k <= high; k += 100) {
    const double strike = static_cast<double>(k);
    const double sigma = smile(strike, forward);
    const double d1 =
        (std::log(forward / strike) + sigma * sigma * years / 2) / (sigma * std::sqrt(years));
    out.push_back({strike, 100 * sigma, normal_cdf(d1), normal_cdf(d1) - 1});
  }
  return out;
}

InMemoryChain smile_chain(const std::vector<SmilePoint>& points, UtcSeconds bucket) {
  InMemoryChain chain;
  for (const SmilePoint& p : points) {
    StrikeBar bar = bar_at("NIFTY", kNov24, static_cast<std::int64_t>(p.strike), Timeframe::m1,
                           bucket, 24010.0);
    bar.call = with_greeks({}, p.iv_pct, p.call_delta);
    bar.put = with_greeks({}, p.iv_pct, p.put_delta);
    chain.add(bar);
  }
  return chain;
}

// The IV where a side's delta crosses `target`: the one pair of neighbours bracketing it (the
// deltas are monotone in strike), linear in delta.
std::optional<double> crossing(const std::vector<SmilePoint>& points, bool call, double target) {
  for (std::size_t i = 0; i + 1 < points.size(); ++i) {
    const double a = call ? points[i].call_delta : points[i].put_delta;
    const double b = call ? points[i + 1].call_delta : points[i + 1].put_delta;
    if ((a - target) * (b - target) <= 0) {
      const double w = (target - a) / (b - a);
      return points[i].iv_pct + w * (points[i + 1].iv_pct - points[i].iv_pct);
    }
  }
  return std::nullopt;
}

TEST(SmileSkew, RiskReversalAndButterflyAtTwentyFiveDelta) {
  const std::vector<SmilePoint> points = smile_points(22000, 26000);
  const InMemoryChain chain = smile_chain(points, kT0);
  const std::optional<ChainState> state = chain.chain_at("NIFTY", kNov24, kT0 + minutes{2});
  ASSERT_TRUE(state);
  const SmileSkew skew = smile_skew(*state);

  const double call25 = *crossing(points, true, 0.25);
  const double put25 = *crossing(points, false, -0.25);
  const double atm = 100 * smile(24000, 24010.0);
  EXPECT_EQ(skew.atm_strike, strike_rupees(24000));
  ASSERT_TRUE(skew.atm_iv && skew.call25_iv && skew.put25_iv && skew.rr25 && skew.bf25);
  EXPECT_NEAR(*skew.atm_iv, atm, 1e-3);
  EXPECT_NEAR(*skew.call25_iv, call25, 1e-3);
  EXPECT_NEAR(*skew.put25_iv, put25, 1e-3);
  EXPECT_NEAR(*skew.rr25, call25 - put25, 1e-3);
  EXPECT_NEAR(*skew.bf25, (call25 + put25) / 2 - atm, 1e-3);
  EXPECT_LT(*skew.rr25, 0);  // puts richer: the usual index skew
  EXPECT_GT(*skew.bf25, 0);  // wings above ATM
}

TEST(SmileSkew, AWingNotListedThatFarHasNoTwentyFiveDeltaPoint) {
  // Strikes 23500..24500 only: the calls' delta never falls to 0.25 (that strike is near 24650).
  const std::vector<SmilePoint> points = smile_points(23500, 24500);
  ASSERT_FALSE(crossing(points, true, 0.25));
  const InMemoryChain chain = smile_chain(points, kT0);
  const SmileSkew skew = smile_skew(*chain.chain_at("NIFTY", kNov24, kT0 + minutes{2}));
  EXPECT_EQ(skew.call25_iv, std::nullopt);
  EXPECT_EQ(skew.rr25, std::nullopt);
  EXPECT_EQ(skew.bf25, std::nullopt);
  EXPECT_TRUE(skew.atm_iv);
}

TEST(SmileSkew, IvAtDeltaInterpolatesLinearlyInDelta) {
  const DeltaIv calls[] = {{100, 0.6, 20}, {110, 0.4, 22}, {120, 0.2, 26}, {130, 0.1, 30}};
  // 0.25 lies a quarter of the way from 0.2 back to 0.4: 26 + 0.25 * (22 - 26) = 25.
  EXPECT_DOUBLE_EQ(*iv_at_delta(calls, 0.25, 0, true), 25.0);
  EXPECT_DOUBLE_EQ(*iv_at_delta(calls, 0.4, 0, true), 22.0);  // a strike at the target
  EXPECT_EQ(iv_at_delta(calls, 0.05, 0, true), std::nullopt);
  const DeltaIv puts[] = {{100, -0.1, 30}, {110, -0.3, 24}, {120, -0.5, 20}};
  EXPECT_DOUBLE_EQ(*iv_at_delta(puts, -0.25, 2, false), 25.5);  // 30 + 0.75 * (24 - 30)
}

TEST(SkewSeries, APointPerBucketFromTheStateAtItsEnd) {
  std::vector<SmilePoint> points = smile_points(22000, 26000);
  InMemoryChain chain = smile_chain(points, kT0);
  // Five minutes later the 25-delta call's neighbours are richer by 2 vol points.
  const double call25_before = *crossing(points, true, 0.25);
  for (SmilePoint& p : points) {
    if (p.call_delta < 0.5) p.iv_pct += 2;
  }
  for (const SmilePoint& p : points) {
    if (p.call_delta >= 0.5) continue;
    StrikeBar bar = bar_at("NIFTY", kNov24, static_cast<std::int64_t>(p.strike), Timeframe::m1,
                           kT0 + minutes{5}, 24010.0);
    bar.call = with_greeks({}, p.iv_pct, p.call_delta);
    chain.add(bar);
  }
  SkewSeriesRequest request{"NIFTY", kNov24, Timeframe::m5, TimeWindow{kT0, kT0 + minutes{5}},
                            std::nullopt};
  const SkewSeries series = skew_series(chain, request);
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].time, kT0);
  EXPECT_EQ(series.points[1].time, kT0 + minutes{5});
  EXPECT_NEAR(*series.points[0].skew.call25_iv, call25_before, 1e-3);
  EXPECT_NEAR(*series.points[1].skew.call25_iv, call25_before + 2, 1e-3);
  EXPECT_EQ(series.points[1].underlying, 24010.0);
  // Puts did not change: the same put IV in both buckets.
  EXPECT_EQ(series.points[0].skew.put25_iv, series.points[1].skew.put25_iv);
}

// --- term structure and constant maturity -------------------------------------------------------

// One ATM strike per expiry (underlying at the strike), call and put at the same IV.
void add_atm(InMemoryChain& chain, Expiry expiry, UtcSeconds bucket, float iv) {
  StrikeBar bar = bar_at("NIFTY", expiry, 24000, Timeframe::m1, bucket, 24000.0);
  bar.call = with_greeks({}, iv, 0.5);
  bar.put = with_greeks({}, iv, -0.5);
  chain.add(bar);
}

// sigma^2 T interpolated linearly in T to 30 days; the IV in percent.
double cm30(double t1, double iv1, double t2, double iv2) {
  const double target = 30.0 / 365.0;
  const double w1 = iv1 * iv1 / 1e4 * t1, w2 = iv2 * iv2 / 1e4 * t2;
  const double w = w1 + (w2 - w1) * (target - t1) / (t2 - t1);
  return 100 * std::sqrt(w / target);
}

TEST(TermStructure, AtmIvsAndTheThirtyDayConstantMaturity) {
  const Expiry e6 = kNov4 + days{6}, e20 = kNov4 + days{20}, e48 = kNov4 + days{48};
  InMemoryChain chain;
  add_atm(chain, e6, kT0, 12.0f);
  add_atm(chain, e20, kT0, 14.0f);
  add_atm(chain, e48, kT0, 17.0f);
  const UtcSeconds at = kT0 + minutes{3};
  ExpiriesAtRequest request{"NIFTY", {e6, e20, e48}, at, true};
  const TermStructure ts = term_structure(chain, PricingPolicy{}, request);
  ASSERT_EQ(ts.expiries.size(), 3u);
  EXPECT_EQ(ts.expiries[1].expiry, e20);
  EXPECT_EQ(ts.expiries[1].days_to_expiry, 20);
  EXPECT_NEAR(ts.expiries[1].years, years_between(at, e20), 1e-6);
  EXPECT_EQ(ts.expiries[1].atm_iv, 14.0);
  EXPECT_EQ(ts.expiries[2].atm_strike, strike_rupees(24000));
  EXPECT_EQ(ts.expiries[0].forward_source, ForwardSource::spot);
  EXPECT_NEAR(*ts.expiries[0].forward, 24000 * std::exp(0.1 * years_between(at, e6)), 0.005);

  const double expected = cm30(years_between(at, e20), 14, years_between(at, e48), 17);
  ASSERT_TRUE(ts.cm30.iv);
  EXPECT_NEAR(*ts.cm30.iv, expected, 1e-4);
  EXPECT_EQ(ts.cm30.near, e20);
  EXPECT_EQ(ts.cm30.far, e48);
  EXPECT_FALSE(ts.cm30.extrapolated);
  // The lazy reading behind the IV rank gives the same value.
  const std::vector<Expiry> all{e6, e20, e48};
  EXPECT_NEAR(*constant_maturity_at(chain, "NIFTY", all, at).iv, expected, 1e-4);

  // Only expiries beyond 30 days: the nearest one's IV, flat.
  request.expiries = {e48};
  const TermStructure far_only = term_structure(chain, PricingPolicy{}, request);
  EXPECT_EQ(far_only.cm30.iv, 17.0);
  EXPECT_TRUE(far_only.cm30.extrapolated);
}

TEST(ConstantMaturity, LeavesOutExpiriesUnderOneDay) {
  const Expiry e1 = kNov4, e10 = kNov4 + days{10}, e40 = kNov4 + days{40};
  const MaturityIv points[] = {{e1, 0.5 / 365, 40}, {e10, 10.0 / 365, 13}, {e40, 40.0 / 365, 15}};
  const ConstantMaturityIv cm = constant_maturity_iv(points, 30.0 / 365);
  EXPECT_EQ(cm.near, e10);
  EXPECT_NEAR(*cm.iv, cm30(10.0 / 365, 13, 40.0 / 365, 15), 1e-12);
  EXPECT_FALSE(constant_maturity_iv({}, 30.0 / 365).iv);
}

// --- IV rank and percentile ---------------------------------------------------------------------

const Date kDay0 = sys_days{2025y / January / 1};
constexpr std::chrono::minutes kClose{15 * 60 + 30};

float day_iv(int day, int days_to_expiry) {
  return static_cast<float>(15 + 5 * std::sin(day / 20.0) + 0.05 * days_to_expiry);
}

// `day_count` consecutive days; weekly expiries (day 3 + 7k); each day every expiry 1 to 60 days
// out has its ATM strike at 10:00 IST.
InMemoryChain history_chain(int day_count) {
  InMemoryChain chain;
  for (int d = 0; d < day_count; ++d) {
    for (int k = 0; 3 + 7 * k <= d + 60; ++k) {
      const int to_expiry = 3 + 7 * k - d;
      if (to_expiry < 1) continue;
      add_atm(chain, kDay0 + days{3 + 7 * k}, ist_time_on(kDay0 + days{d}, hours{10}),
              day_iv(d, to_expiry));
    }
  }
  return chain;
}

TEST(IvRank, RankAndPercentileOverTheLast252TradingDays) {
  constexpr int kDays = 300;
  const InMemoryChain chain = history_chain(kDays);
  const UtcSeconds as_of = ist_time_on(kDay0 + days{kDays - 1}, kClose);
  const IvRank rank = iv_rank(chain, IvRankRequest{"NIFTY", as_of, true});

  // The oracle: each day's 30-day IV at its 15:30 IST close from the two expiries around 30 days
  // (whole days to expiry), the ATM IV as stored (a float) and served (4 decimals).
  std::vector<double> expected;
  for (int d = kDays - 252; d < kDays; ++d) {
    int near = 0, far = 0;
    for (int k = 0;; ++k) {
      const int to_expiry = 3 + 7 * k - d;
      if (to_expiry < 1) continue;
      if (to_expiry <= 30) near = to_expiry;
      if (to_expiry > 30) {
        far = to_expiry;
        break;
      }
    }
    const double iv1 = round_to(static_cast<double>(day_iv(d, near)), 4);
    const double iv2 = round_to(static_cast<double>(day_iv(d, far)), 4);
    expected.push_back(round_to(cm30(near / 365.0, iv1, far / 365.0, iv2), 4));
  }
  ASSERT_EQ(rank.history.size(), 252u);
  EXPECT_EQ(rank.stats.days_used, 252u);
  EXPECT_EQ(rank.history.front().day, kDay0 + days{kDays - 252});
  EXPECT_EQ(rank.history.back().day, kDay0 + days{kDays - 1});
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(rank.history[i].iv, expected[i], 1e-6) << "day " << i;
  }
  const double x = expected.back();
  const double low = *std::min_element(expected.begin(), expected.end());
  const double high = *std::max_element(expected.begin(), expected.end());
  const auto below =
      std::count_if(expected.begin(), expected.end() - 1, [x](double v) { return v < x; });
  EXPECT_EQ(rank.iv, x);
  ASSERT_TRUE(rank.stats.iv_rank && rank.stats.iv_percentile);
  EXPECT_NEAR(*rank.stats.iv_rank, 100 * (x - low) / (high - low), 1e-3);
  EXPECT_NEAR(*rank.stats.iv_percentile, 100.0 * static_cast<double>(below) / 251.0, 1e-3);
  EXPECT_EQ(rank.stats.min, low);
  EXPECT_EQ(rank.stats.max, high);
}

TEST(IvRank, NullUnderTwentyDays) {
  const InMemoryChain chain = history_chain(10);
  const IvRank rank =
      iv_rank(chain, IvRankRequest{"NIFTY", ist_time_on(kDay0 + days{9}, kClose), true});
  EXPECT_EQ(rank.stats.days_used, 10u);
  EXPECT_TRUE(rank.iv);
  EXPECT_EQ(rank.stats.iv_rank, std::nullopt);
  EXPECT_EQ(rank.stats.iv_percentile, std::nullopt);
}

TEST(IvRank, RankOfAHandHistory) {
  std::vector<double> history(30);
  for (std::size_t i = 0; i < history.size(); ++i) history[i] = 10.0 + static_cast<double>(i % 10);
  history.back() = 15.0;  // 10..19 three times, the last 15: min 10, max 19
  const IvRankStats stats = iv_rank_of(history);
  EXPECT_EQ(stats.days_used, 30u);
  EXPECT_NEAR(*stats.iv_rank, 100.0 * 5 / 9, 1e-12);
  // Of the 29 earlier days, those below 15: 10..14 three times = 15.
  EXPECT_NEAR(*stats.iv_percentile, 100.0 * 15 / 29, 1e-12);
  const std::vector<double> flat(25, 12.0);
  EXPECT_EQ(iv_rank_of(flat).iv_rank, std::nullopt);  // max == min
  EXPECT_EQ(iv_rank_of(flat).iv_percentile, 0.0);
}

}  // namespace volatility_regime_test
