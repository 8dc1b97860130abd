// Implied volatility and Greeks throughput of strikeline::pricing (a tabulated initial guess and one
// Householder step, Jaeckel's "Let's Be Rational" bracketed scheme outside the tables) against the
// textbook Newton-Raphson baseline (baseline_newton.h), side by side:
//   IvSolve/*      one implied volatility per item over a mixed grid (moneyness |ln K/F| <= 1,
//                  vols 5 %..150 %, expiries 1 day..2 years, calls and puts); premiums are
//                  precomputed outside the timed loop; points whose premium does not pin sigma
//                  down to 1e-15 relative (ulp(premium)/vega) are left out.
//   Chain/*        IV and all five Greeks for a chain of 4 expiries x 101 strikes x call and put
//                  (808 options) on one core: Chain_Strikeline prices it with analyse_options (the
//                  chain at once), Chain_StrikelineOneByOne with one analyse_option call per option.
// Counters: ns_per_solve / us_per_chain (time per item / per chain), max_abs_sigma_err and
// max_rel_sigma_err (over the solve grid, against the sigma the premium was priced with; the
// premiums come from the library's price function, accurate to a few ulps as the tests show),
// share_rel_err_le_1e-12 (fraction of grid points solved to 1e-12 relative or better),
// mean_evaluations (price evaluations per solve for the baseline).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <vector>

#include "baseline_newton.h"
#include "pricing/black_scholes.h"
#include "pricing/greeks.h"
#include "pricing/implied_volatility.h"
#include "pricing/option_analytics.h"

namespace strikeline {
namespace {

using pricing::PricingStatus;

struct SolvePoint {
  Side side;
  double premium, forward, strike, years, discount, sigma;
};

const std::vector<SolvePoint>& solve_grid() {
  static const std::vector<SolvePoint> grid = [] {
    std::vector<SolvePoint> points;
    const double forward = 22000.0, rate = 0.10;
    for (int i = 0; i <= 20; ++i) {
      const double m = -1.0 + 0.1 * i;
      for (double sigma : {0.05, 0.1, 0.2, 0.35, 0.6, 1.0, 1.5}) {
        for (double years : {1.0 / 365, 7.0 / 365, 30.0 / 365, 0.25, 1.0, 2.0}) {
          for (Side side : kBothSides) {
            const double strike = forward * std::exp(m);
            const double discount = std::exp(-rate * years);
            const auto p = pricing::black76_price(side, forward, strike, sigma, years, discount);
            if (p.status != PricingStatus::ok) continue;
            const auto v = pricing::implied_volatility_black76(side, p.price, forward, strike,
                                                               years, discount);
            if (v.status != PricingStatus::ok) continue;  // no information in the premium
            // Keep points whose premium pins sigma down to 1e-15 relative (ulp/vega), so that
            // the sigma the premium was priced with is the true answer to that precision.
            const auto g = pricing::black76_greeks(side, forward, strike, sigma, years, rate);
            const double vega = 100.0 * g.greeks.vega;
            if (!(std::nextafter(p.price, 1e300) - p.price <= 1e-15 * sigma * vega)) continue;
            points.push_back({side, p.price, forward, strike, years, discount, sigma});
          }
        }
      }
    }
    return points;
  }();
  return grid;
}

struct Accuracy {
  double max_abs = 0.0, max_rel = 0.0, mean_evaluations = 0.0, share_within_1e12 = 0.0;
};

template <class Solver>
Accuracy measure(Solver solve) {
  Accuracy a;
  long evaluations = 0;
  for (const SolvePoint& p : solve_grid()) {
    int n = 0;
    const double sigma = solve(p, &n);
    evaluations += n;
    const double error = std::fabs(sigma - p.sigma);
    a.max_abs = std::max(a.max_abs, error);
    a.max_rel = std::max(a.max_rel, error / p.sigma);
    if (error <= 1e-12 * p.sigma) a.share_within_1e12 += 1.0;
  }
  a.share_within_1e12 /= static_cast<double>(solve_grid().size());
  a.mean_evaluations = static_cast<double>(evaluations) / solve_grid().size();
  return a;
}

double lbr_solve(const SolvePoint& p, int* evaluations) {
  *evaluations = 0;
  return pricing::implied_volatility_black76(p.side, p.premium, p.forward, p.strike, p.years,
                                             p.discount)
      .sigma;
}

double baseline_solve(const SolvePoint& p, int* evaluations) {
  return bench::baseline_implied_volatility(p.side, p.premium, p.forward, p.strike, p.years,
                                            p.discount, evaluations);
}

void set_accuracy(benchmark::State& state, const Accuracy& a) {
  state.counters["max_abs_sigma_err"] = a.max_abs;
  state.counters["max_rel_sigma_err"] = a.max_rel;
  state.counters["share_rel_err_le_1e-12"] = a.share_within_1e12;
  if (a.mean_evaluations > 0.0) state.counters["mean_evaluations"] = a.mean_evaluations;
}

void IvSolve_Strikeline(benchmark::State& state) {
  const auto& grid = solve_grid();
  static const Accuracy accuracy = measure(lbr_solve);
  for (auto _ : state) {
    for (const SolvePoint& p : grid) {
      benchmark::DoNotOptimize(pricing::implied_volatility_black76(p.side, p.premium, p.forward,
                                                                   p.strike, p.years, p.discount));
    }
  }
  state.counters["ns_per_solve"] = benchmark::Counter(
      static_cast<double>(grid.size()) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["grid_points"] = static_cast<double>(grid.size());
  set_accuracy(state, accuracy);
}
BENCHMARK(IvSolve_Strikeline);

void IvSolve_NewtonBaseline(benchmark::State& state) {
  const auto& grid = solve_grid();
  static const Accuracy accuracy = measure(baseline_solve);
  for (auto _ : state) {
    for (const SolvePoint& p : grid) {
      benchmark::DoNotOptimize(bench::baseline_implied_volatility(p.side, p.premium, p.forward,
                                                                  p.strike, p.years, p.discount));
    }
  }
  state.counters["ns_per_solve"] = benchmark::Counter(
      static_cast<double>(grid.size()) * 1e-9,
      benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["grid_points"] = static_cast<double>(grid.size());
  set_accuracy(state, accuracy);
}
BENCHMARK(IvSolve_NewtonBaseline);

// A NIFTY-like chain: forward 22000, strikes every 50 around it, expiries 2, 9, 30, 90 days,
// a smile sigma(K) = 0.13 + 0.4 ln(K/F)^2, premiums rounded to the 0.05 tick.
std::vector<pricing::MarketInputs> make_chain(bool forward_model) {
  std::vector<pricing::MarketInputs> chain;
  const double forward = 22000.0, rate = 0.10;
  for (double days : {2.0, 9.0, 30.0, 90.0}) {
    const double years = days / 365.0;
    for (int i = -50; i <= 50; ++i) {
      const double strike = forward + 50.0 * i;
      const double m = std::log(strike / forward);
      const double sigma = 0.13 + 0.4 * m * m;
      for (Side side : kBothSides) {
        pricing::MarketInputs in{};
        in.side = side;
        in.strike = strike;
        in.years = years;
        in.rate = rate;
        in.underlying_is_forward = forward_model;
        in.underlying = forward_model ? forward : forward * std::exp(-rate * years);
        const double price = forward_model ? pricing::black76_price(side, forward, strike, sigma,
                                                                    years, std::exp(-rate * years))
                                                 .price
                                           : pricing::black_scholes_price(
                                                 side, in.underlying, strike, sigma, years, rate)
                                                 .price;
        in.premium = std::max(0.05, std::round(price / 0.05) * 0.05);
        chain.push_back(in);
      }
    }
  }
  return chain;
}

void set_chain_counters(benchmark::State& state, std::size_t options, long ok) {
  state.counters["us_per_chain"] = benchmark::Counter(
      1e-6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
  state.counters["options"] = static_cast<double>(options);
  state.counters["ok"] = static_cast<double>(ok);
}

void Chain_Strikeline(benchmark::State& state) {
  const auto chain = make_chain(state.range(0) != 0);
  std::vector<pricing::OptionAnalytics> out(chain.size());
  for (auto _ : state) {
    pricing::analyse_options(chain, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const long ok = std::count_if(out.begin(), out.end(), [](const pricing::OptionAnalytics& a) {
    return a.status == PricingStatus::ok;
  });
  set_chain_counters(state, chain.size(), ok);
}
BENCHMARK(Chain_Strikeline)->ArgName("forward")->Arg(1)->Arg(0);

void Chain_StrikelineOneByOne(benchmark::State& state) {
  const auto chain = make_chain(state.range(0) != 0);
  long ok = 0;
  for (const auto& in : chain) ok += pricing::analyse_option(in).status == PricingStatus::ok;
  for (auto _ : state) {
    for (const auto& in : chain) benchmark::DoNotOptimize(pricing::analyse_option(in));
  }
  set_chain_counters(state, chain.size(), ok);
}
BENCHMARK(Chain_StrikelineOneByOne)->ArgName("forward")->Arg(1)->Arg(0);

void Chain_NewtonBaseline(benchmark::State& state) {
  const auto chain = make_chain(true);
  long ok = 0;
  for (auto _ : state) {
    ok = 0;
    for (const auto& in : chain) {
      const double discount = std::exp(-in.rate * in.years);
      const double sigma = bench::baseline_implied_volatility(in.side, in.premium, in.underlying,
                                                              in.strike, in.years, discount);
      const auto g =
          pricing::black76_greeks(in.side, in.underlying, in.strike, sigma, in.years, in.rate);
      ok += g.status == PricingStatus::ok;
      benchmark::DoNotOptimize(g);
    }
  }
  set_chain_counters(state, chain.size(), ok);
}
BENCHMARK(Chain_NewtonBaseline);

}  // namespace
}  // namespace strikeline

BENCHMARK_MAIN();
