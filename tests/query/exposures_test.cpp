// Greek exposures and the zero-gamma level against a direct Black-Scholes evaluation written here
// (std::erfc and std::exp, not the pricing stage): GEX, DEX and VEX per side, per strike and in
// total at 1e-9 relative; the zero-gamma level's bracket from this file's own walk of the grid, its
// root from this file's own bisection (1e-9 relative) with the sign of GEX changing across it; the
// dealer signs; unpriced sides; strike_range; no root; expired; the series; Brent's method alone.
// On the pricing forward (--forward future, synthetic, spot): against a direct Black-76 evaluation
// on F with the forward moving with the spot (F' = F x S'/S), delta and gamma per rupee of spot.
#include "query/exposures.h"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>

#include "fixtures/bar_builder.h"
#include "fixtures/in_memory_chain.h"
#include "query/brent_root.h"

using namespace strikeline;
using namespace strikeline::testing;
using namespace std::chrono;

namespace exposures_test {

const Expiry kExpiry = sys_days{2025y / November / 25};
const UtcSeconds kAsOf = ist_time_on(sys_days{2025y / November / 3}, hours{11});  // 11:00 IST
constexpr double kRate = 0.10;
constexpr std::int64_t kNoIvPut = 24800;  // its put has OI but was never priced

// Strikes 23800..24800 every 100; IVs exact in binary (the store keeps them as floats).
double call_iv(double k) {
  return 14 + std::fabs(k - 24300) / 100 * 0.25;
}
double put_iv(double k) {
  return call_iv(k) + 0.5;
}
std::int64_t call_oi(double k) {
  return 50000 + 10000 * static_cast<std::int64_t>(std::max(0.0, (k - 24300) / 100));
}
std::int64_t put_oi(double k) {
  return 60000 + 12000 * static_cast<std::int64_t>(std::max(0.0, (24300 - k) / 100));
}

std::shared_ptr<InMemoryChain> market(double underlying, bool with_puts = true) {
  auto chain = std::make_shared<InMemoryChain>();
  for (std::int64_t k = 23800; k <= 24800; k += 100) {
    StrikeBar bar = bar_at("NIFTY", kExpiry, k, Timeframe::m1, kAsOf - minutes{30}, underlying);
    const double strike = static_cast<double>(k);
    bar.call = with_oi(with_greeks({}, call_iv(strike), 0.5, 0.001, -5, 10), call_oi(strike));
    if (with_puts) {
      bar.put = k == kNoIvPut
                    ? with_oi({}, 5000)
                    : with_oi(with_greeks({}, put_iv(strike), -0.5, 0.001, -5, 10), put_oi(strike));
    }
    chain->add(bar);
  }
  return chain;
}

// ---- The oracle: Black-Scholes on the spot, no dividend yield, written out ----

double oracle_years() {
  const UtcSeconds close = ist_time_on(kExpiry, hours{15} + minutes{30});
  return static_cast<double>((close - kAsOf).count()) / (365.0 * 86400.0);
}

struct Bs {
  double gamma, delta, vega;
};

Bs black_scholes(bool call, double spot, double strike, double iv_percent) {
  const double sigma = iv_percent / 100, t = oracle_years();
  const double d1 =
      (std::log(spot / strike) + (kRate + 0.5 * sigma * sigma) * t) / (sigma * std::sqrt(t));
  const double density = std::exp(-0.5 * d1 * d1) / std::sqrt(2 * std::numbers::pi);
  const double delta =
      call ? 0.5 * std::erfc(-d1 / std::sqrt(2.0)) : -0.5 * std::erfc(d1 / std::sqrt(2.0));
  return {density / (spot * sigma * std::sqrt(t)), delta, spot * density * std::sqrt(t) / 100};
}

// Total GEX with every priced option's gamma at `level`.
double oracle_gex(double level, bool with_puts = true) {
  double sum = 0;
  for (std::int64_t k = 23800; k <= 24800; k += 100) {
    const double strike = static_cast<double>(k);
    sum += static_cast<double>(call_oi(strike)) *
           black_scholes(true, level, strike, call_iv(strike)).gamma;
    if (with_puts && k != kNoIvPut) {
      sum -= static_cast<double>(put_oi(strike)) *
             black_scholes(false, level, strike, put_iv(strike)).gamma;
    }
  }
  return sum * level * level * 0.01;
}

void expect_relative(double got, double want, const std::string& what) {
  EXPECT_LE(std::fabs(got - want), 1e-9 * std::fabs(want)) << what << ": " << got << " vs " << want;
}

ExposuresRequest request(std::optional<int> range = std::nullopt) {
  ExposuresRequest r;
  r.symbol = "NIFTY";
  r.expiry = kExpiry;
  r.as_of = kAsOf;
  r.strike_range = range;
  return r;
}

// The grid walk of the contract (gamma_curve.h), on the oracle: the first interval out from the
// spot whose ends differ in sign, the nearer root when both sides have one.
struct Bracket {
  double low, high;
};
std::optional<Bracket> oracle_bracket(double spot) {
  double up = spot, down = spot, f_up = oracle_gex(spot), f_down = f_up;
  for (int k = 1; k <= 20; ++k) {
    const double next_up = spot * (1 + k * 0.005), next_down = spot * (1 - k * 0.005);
    const double g_up = oracle_gex(next_up), g_down = oracle_gex(next_down);
    const bool above = (f_up < 0) != (g_up < 0), below = (f_down < 0) != (g_down < 0);
    if (above && !below) return Bracket{up, next_up};
    if (below && !above) return Bracket{next_down, down};
    if (above && below) ADD_FAILURE() << "both sides change sign at step " << k;
    up = next_up, down = next_down, f_up = g_up, f_down = g_down;
  }
  return std::nullopt;
}

double oracle_root(Bracket b) {
  double lo = b.low, hi = b.high, f_lo = oracle_gex(lo);
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi), f_mid = oracle_gex(mid);
    if ((f_mid < 0) == (f_lo < 0)) {
      lo = mid, f_lo = f_mid;
    } else {
      hi = mid;
    }
  }
  return 0.5 * (lo + hi);
}

TEST(Exposures, EveryFigureIsTheDirectBlackScholesOne) {
  const double spot = 24310;
  const auto chain = market(spot);
  const Exposures e = exposures(*chain, ContractSpecs{}, request());
  const ExposureSnapshot& s = e.snapshot;
  EXPECT_EQ(e.listed_strikes, 11u);
  EXPECT_EQ(s.spot, spot);
  expect_relative(s.years, oracle_years(), "years");
  ASSERT_EQ(s.rows.size(), 11u);
  EXPECT_EQ(s.priced, 21);
  EXPECT_EQ(s.unpriced, 1);
  ASSERT_TRUE(s.totals);

  double gex = 0, dex = 0, vex = 0, call_gex = 0, put_gex = 0;
  for (const ExposureRow& row : s.rows) {
    const double k = row.strike.to_double();
    const std::string at = "strike " + std::to_string(k);
    const Bs c = black_scholes(true, spot, k, call_iv(k));
    const double coi = static_cast<double>(call_oi(k));
    expect_relative(*row.call.gex, c.gamma * coi * spot * spot * 0.01, at + " call gex");
    expect_relative(*row.call.dex, c.delta * coi * spot * 0.01, at + " call dex");
    expect_relative(*row.call.vex, c.vega * coi, at + " call vex");
    expect_relative(*row.call.gamma, c.gamma, at + " call gamma");
    EXPECT_GT(*row.call.gex, 0);
    double row_gex = *row.call.gex, row_dex = *row.call.dex, row_vex = *row.call.vex;
    call_gex += c.gamma * coi * spot * spot * 0.01;
    gex += c.gamma * coi * spot * spot * 0.01;
    dex += c.delta * coi * spot * 0.01;
    vex += c.vega * coi;
    if (k == kNoIvPut) {
      // OI without an IV: no exposures, counted as unpriced.
      EXPECT_EQ(row.put.oi, 5000);
      EXPECT_FALSE(row.put.iv);
      EXPECT_FALSE(row.put.gex);
      EXPECT_FALSE(row.put.dex);
      EXPECT_FALSE(row.put.vex);
    } else {
      const Bs p = black_scholes(false, spot, k, put_iv(k));
      const double poi = static_cast<double>(put_oi(k));
      // Dealers short the puts: GEX and VEX negative; DEX negative through the put's own delta.
      expect_relative(*row.put.gex, -p.gamma * poi * spot * spot * 0.01, at + " put gex");
      expect_relative(*row.put.dex, p.delta * poi * spot * 0.01, at + " put dex");
      expect_relative(*row.put.vex, -p.vega * poi, at + " put vex");
      EXPECT_LT(*row.put.gex, 0);
      EXPECT_LT(*row.put.dex, 0);
      EXPECT_LT(*row.put.vex, 0);
      row_gex += *row.put.gex, row_dex += *row.put.dex, row_vex += *row.put.vex;
      put_gex -= p.gamma * poi * spot * spot * 0.01;
      gex -= p.gamma * poi * spot * spot * 0.01;
      dex += p.delta * poi * spot * 0.01;
      vex -= p.vega * poi;
    }
    EXPECT_DOUBLE_EQ(row.gex, row_gex) << at;
    EXPECT_DOUBLE_EQ(row.dex, row_dex) << at;
    EXPECT_DOUBLE_EQ(row.vex, row_vex) << at;
  }
  expect_relative(s.totals->gex, gex, "total gex");
  expect_relative(s.totals->dex, dex, "total dex");
  expect_relative(s.totals->vex, vex, "total vex");
  expect_relative(s.totals->call_gex, call_gex, "call gex");
  expect_relative(s.totals->put_gex, put_gex, "put gex");
  expect_relative(s.totals->gex, oracle_gex(spot), "total gex on the curve");
}

void expect_zero_gamma(double spot) {
  const auto chain = market(spot);
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, request()).snapshot;
  const std::optional<Bracket> bracket = oracle_bracket(spot);
  ASSERT_TRUE(bracket) << "the oracle finds a sign change within 10 % of " << spot;
  ASSERT_TRUE(s.zero_gamma);
  EXPECT_EQ(s.zero_gamma->low, bracket->low);
  EXPECT_EQ(s.zero_gamma->high, bracket->high);
  const double root = oracle_root(*bracket);
  expect_relative(s.zero_gamma->level, root, "zero-gamma level");
  // GEX changes sign across the level found, and is ~0 there against its size at the spot.
  const double level = s.zero_gamma->level;
  EXPECT_NE(oracle_gex(level * (1 - 1e-9)) < 0, oracle_gex(level * (1 + 1e-9)) < 0);
  EXPECT_LE(std::fabs(oracle_gex(level)), 1e-6 * std::fabs(oracle_gex(spot)));
  EXPECT_GE(level, bracket->low);
  EXPECT_LE(level, bracket->high);
}

TEST(Exposures, ZeroGammaAboveTheSpot) {
  // GEX is negative at 24310 and turns positive between +0.5 % and +1 %.
  expect_zero_gamma(24310);
  const auto chain = market(24310);
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, request()).snapshot;
  EXPECT_LT(s.totals->gex, 0);
  EXPECT_GT(s.zero_gamma->level, 24310);
}

TEST(Exposures, ZeroGammaBelowTheSpot) {
  expect_zero_gamma(24600);
  const auto chain = market(24600);
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, request()).snapshot;
  EXPECT_GT(s.totals->gex, 0);
  EXPECT_LT(s.zero_gamma->level, 24600);
}

TEST(Exposures, NoSignChangeIsNull) {
  // Calls only: GEX is positive at every level.
  const auto chain = market(24310, false);
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, request()).snapshot;
  ASSERT_TRUE(s.totals);
  expect_relative(s.totals->gex, oracle_gex(24310, false), "calls' gex");
  EXPECT_EQ(s.totals->put_gex, 0);
  EXPECT_FALSE(s.zero_gamma);
  EXPECT_EQ(s.unpriced, 0);
}

TEST(Exposures, StrikeRangeLimitsTheRowsNotTheTotals) {
  const auto chain = market(24310);
  const ExposureSnapshot all = exposures(*chain, ContractSpecs{}, request()).snapshot;
  const ExposureSnapshot near = exposures(*chain, ContractSpecs{}, request(2)).snapshot;
  EXPECT_EQ(near.atm_strike, strike_rupees(24300));
  ASSERT_EQ(near.rows.size(), 5u);
  EXPECT_EQ(near.rows.front().strike, strike_rupees(24100));
  EXPECT_EQ(near.rows.back().strike, strike_rupees(24500));
  EXPECT_EQ(near.totals->gex, all.totals->gex);
  EXPECT_EQ(near.zero_gamma->level, all.zero_gamma->level);
}

TEST(Exposures, AfterTheCloseOrWithoutAnUnderlyingNothingIsComputed) {
  const auto chain = market(24310);
  ExposuresRequest r = request();
  r.as_of = ist_time_on(kExpiry, hours{16});  // the expiry day's evening: the final state
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, r).snapshot;
  EXPECT_FALSE(s.totals);
  EXPECT_FALSE(s.zero_gamma);
  EXPECT_LE(s.years, 0);
  // The nse convention counts whole days (at least 1): still priced that morning.
  r.as_of = ist_time_on(kExpiry, hours{10});
  r.convention = IvConvention::nse;
  const ExposureSnapshot nse = exposures(*chain, ContractSpecs{}, r).snapshot;
  EXPECT_DOUBLE_EQ(nse.years, 1.0 / 365.0);
  EXPECT_TRUE(nse.totals);
}

TEST(Exposures, SeriesPointsAreTheMomentsAnswers) {
  const auto chain = market(24310);
  // A second minute moves the spot; the series' bucket ends read each state.
  StrikeBar later = bar_at("NIFTY", kExpiry, 24300, Timeframe::m1, kAsOf + minutes{10}, 24500.0);
  later.call = with_oi(with_greeks({}, call_iv(24300), 0.5, 0.001, -5, 10), call_oi(24300));
  chain->add(later);
  ExposuresRequest r = request();
  r.series = true;
  r.window = TimeWindow{kAsOf - hours{1}, kAsOf + minutes{15}};
  r.until = kAsOf + minutes{12};
  const ExposureSeries series = exposure_series(*chain, r);
  ASSERT_EQ(series.points.size(), 2u);
  const UtcSeconds ends[] = {kAsOf - minutes{25}, kAsOf + minutes{12}};  // bucket end; `until`
  for (int i = 0; i < 2; ++i) {
    ExposuresRequest moment = request();
    moment.as_of = ends[i];
    const ExposureSnapshot want = exposures(*chain, ContractSpecs{}, moment).snapshot;
    const ExposureSnapshot& got = series.points[i].snapshot;
    EXPECT_EQ(got.spot, want.spot);
    EXPECT_EQ(got.totals->gex, want.totals->gex);
    EXPECT_EQ(got.totals->dex, want.totals->dex);
    EXPECT_EQ(got.zero_gamma->level, want.zero_gamma->level);
    EXPECT_TRUE(got.rows.empty());
  }
  EXPECT_EQ(series.points[1].snapshot.spot, 24500.0);
}

// ---- On the pricing forward: Black-76 on F, the forward moving with the spot ----

constexpr double kFuture = 24412.5;  // the expiry's future, above the spot 24310

FutureBar future_bar(double price) {
  FutureBar bar;
  bar.key = {"NIFTY", kExpiry, kAsOf - minutes{20}};
  bar.open = bar.high = bar.low = bar.close = price;
  bar.has_price = true;
  bar.volume = 75;
  bar.oi = 1000000;
  bar.count = 1;
  return bar;
}

// Black-76 on the forward F = level x ratio (discount exp(-rT)), written out, its delta and gamma
// taken per rupee of the level (dF/dlevel = ratio).
Bs black76(bool call, double level, double ratio, double strike, double iv_percent) {
  const double sigma = iv_percent / 100, t = oracle_years(), f = level * ratio;
  const double discount = std::exp(-kRate * t);
  const double d1 = (std::log(f / strike) + 0.5 * sigma * sigma * t) / (sigma * std::sqrt(t));
  const double density = std::exp(-0.5 * d1 * d1) / std::sqrt(2 * std::numbers::pi);
  const double delta_f = call ? discount * 0.5 * std::erfc(-d1 / std::sqrt(2.0))
                              : -discount * 0.5 * std::erfc(d1 / std::sqrt(2.0));
  const double gamma_f = discount * density / (f * sigma * std::sqrt(t));
  return {gamma_f * ratio * ratio, delta_f * ratio, f * discount * density * std::sqrt(t) / 100};
}

double oracle_gex76(double level, double ratio) {
  double sum = 0;
  for (std::int64_t k = 23800; k <= 24800; k += 100) {
    const double strike = static_cast<double>(k);
    sum += static_cast<double>(call_oi(strike)) *
           black76(true, level, ratio, strike, call_iv(strike)).gamma;
    if (k != kNoIvPut) {
      sum -= static_cast<double>(put_oi(strike)) *
             black76(false, level, ratio, strike, put_iv(strike)).gamma;
    }
  }
  return sum * level * level * 0.01;
}

// Checks every figure of `s` against Black-76 on `forward` at `spot`, and the zero-gamma level
// against this file's grid walk and bisection on oracle_gex76.
void expect_black76(const ExposureSnapshot& s, double spot, double forward) {
  const double ratio = forward / spot;
  ASSERT_TRUE(s.totals);
  ASSERT_EQ(s.rows.size(), 11u);
  double gex = 0, dex = 0, vex = 0;
  for (const ExposureRow& row : s.rows) {
    const double k = row.strike.to_double();
    const std::string at = "strike " + std::to_string(k);
    const Bs c = black76(true, spot, ratio, k, call_iv(k));
    const double coi = static_cast<double>(call_oi(k));
    expect_relative(*row.call.gamma, c.gamma, at + " call gamma");
    expect_relative(*row.call.delta, c.delta, at + " call delta");
    expect_relative(*row.call.vega, c.vega, at + " call vega");
    expect_relative(*row.call.gex, c.gamma * coi * spot * spot * 0.01, at + " call gex");
    expect_relative(*row.call.dex, c.delta * coi * spot * 0.01, at + " call dex");
    expect_relative(*row.call.vex, c.vega * coi, at + " call vex");
    gex += c.gamma * coi * spot * spot * 0.01, dex += c.delta * coi * spot * 0.01;
    vex += c.vega * coi;
    if (k == kNoIvPut) continue;
    const Bs p = black76(false, spot, ratio, k, put_iv(k));
    const double poi = static_cast<double>(put_oi(k));
    expect_relative(*row.put.delta, p.delta, at + " put delta");
    expect_relative(*row.put.gex, -p.gamma * poi * spot * spot * 0.01, at + " put gex");
    expect_relative(*row.put.dex, p.delta * poi * spot * 0.01, at + " put dex");
    expect_relative(*row.put.vex, -p.vega * poi, at + " put vex");
    gex -= p.gamma * poi * spot * spot * 0.01, dex += p.delta * poi * spot * 0.01;
    vex -= p.vega * poi;
  }
  expect_relative(s.totals->gex, gex, "total gex");
  expect_relative(s.totals->dex, dex, "total dex");
  expect_relative(s.totals->vex, vex, "total vex");
  expect_relative(s.totals->gex, oracle_gex76(spot, ratio), "total gex on the curve");

  // The zero-gamma level: the grid out from the spot, then bisection, with F' = F x S'/S.
  const auto f = [&](double level) { return oracle_gex76(level, ratio); };
  std::optional<Bracket> bracket;
  double up = spot, down = spot, f_up = f(spot), f_down = f_up;
  for (int k = 1; k <= 20 && !bracket; ++k) {
    const double next_up = spot * (1 + k * 0.005), next_down = spot * (1 - k * 0.005);
    const double g_up = f(next_up), g_down = f(next_down);
    if ((f_up < 0) != (g_up < 0)) bracket = Bracket{up, next_up};
    if ((f_down < 0) != (g_down < 0)) {
      ASSERT_FALSE(bracket) << "both sides change sign at step " << k;
      bracket = Bracket{next_down, down};
    }
    up = next_up, down = next_down, f_up = g_up, f_down = g_down;
  }
  ASSERT_TRUE(bracket);
  ASSERT_TRUE(s.zero_gamma);
  EXPECT_EQ(s.zero_gamma->low, bracket->low);
  EXPECT_EQ(s.zero_gamma->high, bracket->high);
  double lo = bracket->low, hi = bracket->high;
  const bool negative_low = f(lo) < 0;
  for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; ++i) {
    const double mid = 0.5 * (lo + hi);
    ((f(mid) < 0) == negative_low ? lo : hi) = mid;
  }
  expect_relative(s.zero_gamma->level, 0.5 * (lo + hi), "zero-gamma level");
}

TEST(Exposures, PricedOnTheFutureWithBlack76) {
  const double spot = 24310;
  const auto chain = market(spot);
  chain->add_future(future_bar(kFuture));
  ExposuresRequest r = request();
  r.pricing = PricingPolicy{ForwardSource::future};
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, r).snapshot;
  EXPECT_EQ(s.forward_source, ForwardSource::future);
  EXPECT_EQ(s.forward, kFuture);
  expect_black76(s, spot, kFuture);
  // Not the spot-with-the-rate figure: the future is above S exp(rT).
  EXPECT_GT(std::fabs(s.totals->gex - oracle_gex(spot)), 1e-3 * std::fabs(oracle_gex(spot)));
}

TEST(Exposures, SpotChoicePricesOnTheSpotWithTheRate) {
  // --forward spot: the future is ignored; Black-Scholes on the spot (Black-76 on S exp(rT)).
  const double spot = 24310;
  const auto chain = market(spot);
  chain->add_future(future_bar(kFuture));
  ExposuresRequest r = request();
  r.pricing = PricingPolicy{ForwardSource::spot};
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, r).snapshot;
  EXPECT_EQ(s.forward_source, ForwardSource::spot);
  expect_relative(*s.forward, spot * std::exp(kRate * oracle_years()), "the spot's forward");
  expect_relative(s.totals->gex, oracle_gex(spot), "total gex");
  expect_black76(s, spot, spot * std::exp(kRate * oracle_years()));
  // --forward future without a future: the same.
  const auto bare = market(spot);
  const ExposureSnapshot fallback = exposures(*bare, ContractSpecs{}, request()).snapshot;
  EXPECT_EQ(fallback.forward_source, ForwardSource::spot);
  EXPECT_EQ(fallback.totals->gex, s.totals->gex);
}

TEST(Exposures, SyntheticChoicePricesOnTheImpliedForward) {
  // Premiums priced from a known forward by parity, C - P = exp(-rT) (F - K): the implied forward
  // recovers it to 0.01, and the Greeks are Black-76's on the forward the answer reports.
  const double spot = 24310, forward = 24398.25;
  const auto chain = market(spot);
  const double discount = std::exp(-kRate * oracle_years());
  for (std::int64_t k = 24000; k <= 24600; k += 100) {
    StrikeBar bar = bar_at("NIFTY", kExpiry, k, Timeframe::m1, kAsOf - minutes{30}, spot);
    const double strike = static_cast<double>(k);
    const double put = 150 + std::fabs(strike - 24300) / 4;
    const double call = put + discount * (forward - strike);
    bar.call = with_oi(
        with_premium(with_greeks({}, call_iv(strike), 0.5, 0.001, -5, 10), call, call, call, call),
        call_oi(strike));
    bar.put = with_oi(
        with_premium(with_greeks({}, put_iv(strike), -0.5, 0.001, -5, 10), put, put, put, put),
        put_oi(strike));
    chain->add(bar);
  }
  chain->add_future(future_bar(kFuture));
  ExposuresRequest r = request();
  r.pricing = PricingPolicy{ForwardSource::synthetic};
  const ExposureSnapshot s = exposures(*chain, ContractSpecs{}, r).snapshot;
  EXPECT_EQ(s.forward_source, ForwardSource::synthetic);
  ASSERT_TRUE(s.forward);
  EXPECT_NEAR(*s.forward, forward, 0.01);
  expect_black76(s, spot, *s.forward);
}

TEST(Exposures, SeriesPricesEachBucketOnItsForward) {
  // Buckets 10:30 (its end 10:35: the future's 10:40 minute not seen yet) and 11:00 (until 11:02).
  const auto chain = market(24310);
  chain->add_future(future_bar(kFuture));
  StrikeBar later = bar_at("NIFTY", kExpiry, 24300, Timeframe::m1, kAsOf, 24310.0);
  later.call = with_oi(with_greeks({}, call_iv(24300), 0.5, 0.001, -5, 10), call_oi(24300));
  chain->add(later);
  ExposuresRequest r = request();
  r.pricing = PricingPolicy{ForwardSource::future};
  r.series = true;
  r.window = TimeWindow{kAsOf - hours{1}, kAsOf + minutes{5}};
  r.until = kAsOf + minutes{2};
  const ExposureSeries series = exposure_series(*chain, r);
  ASSERT_EQ(series.points.size(), 2u);
  EXPECT_EQ(series.points[0].snapshot.forward_source, ForwardSource::spot);
  EXPECT_EQ(series.points[1].snapshot.forward_source, ForwardSource::future);
  EXPECT_EQ(series.points[1].snapshot.forward, kFuture);
  const UtcSeconds ends[] = {kAsOf - minutes{25}, kAsOf + minutes{2}};
  for (int i = 0; i < 2; ++i) {
    ExposuresRequest moment = request();
    moment.pricing = r.pricing;
    moment.as_of = ends[i];
    const ExposureSnapshot want = exposures(*chain, ContractSpecs{}, moment).snapshot;
    EXPECT_EQ(series.points[i].snapshot.forward, want.forward);
    EXPECT_EQ(series.points[i].snapshot.totals->gex, want.totals->gex);
    EXPECT_EQ(series.points[i].snapshot.zero_gamma->level, want.zero_gamma->level);
  }
}

TEST(BrentRoot, FindsBracketedRootsFasterThanBisection) {
  int calls = 0;
  const auto cubic = [&](double x) {
    ++calls;
    return x * x * x - 2;
  };
  const BracketedRoot r = brent_root(cubic, 0.0, 2.0, -2.0, 6.0, 1e-15);
  EXPECT_NEAR(r.root, std::cbrt(2.0), 4e-15);
  EXPECT_EQ(r.evaluations, calls);
  EXPECT_LT(calls, 20);  // bisection needs 51 halvings of 2 to reach 1e-15
  // A root at an end; a decreasing function; a kink where interpolation is poor.
  EXPECT_EQ(brent_root(cubic, std::cbrt(2.0), 3.0, 0.0, 25.0, 1e-12).root, std::cbrt(2.0));
  const auto falling = [](double x) { return std::exp(-x) - 0.5; };
  EXPECT_NEAR(brent_root(falling, 0.0, 5.0, 0.5, std::exp(-5.0) - 0.5, 1e-14).root, std::log(2.0),
              1e-13);
  const auto kink = [](double x) { return x < 0.3 ? -1e-3 : x - 0.3; };
  const double k = brent_root(kink, 0.0, 1.0, -1e-3, 0.7, 1e-12).root;
  EXPECT_NEAR(k, 0.3, 1e-11);
}

}  // namespace exposures_test
