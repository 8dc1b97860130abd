// Query-stage benchmarks on the real chain store holding the seed-sized data set (5 trading days x
// 4 expiries x 101 strikes of 1-minute bars): each query function, and the store reads it makes
// on its own, so a slow endpoint can be attributed to the query or to the store.
// GexZeroGamma101: the exposures of one 101-strike expiry's chain state (202 options: Greeks at
// the spot, totals) with the zero-gamma search (query/gamma_curve.h), the state read beforehand;
// target <= 200 us. GexZeroGammaNoRoot101 is its worst case: calls only, so GEX never changes sign
// and the search walks the whole +-10 % grid (41 levels) and finds none.
#include <benchmark/benchmark.h>

#include "feed/bar_generator.h"
#include "query/buildup.h"
#include "query/expiry_metrics.h"
#include "query/exposures.h"
#include "query/moneyness_series.h"
#include "query/request_normalisation.h"
#include "query/strike_distribution.h"
#include "query/strike_history.h"
#include "store/chain_store.h"

using namespace strikeline;

namespace {

struct Seed {
  Seed() {
    const GeneratorOptions options;
    const std::vector<StrikeBar> bars = generate_seed_bars(options);
    const std::size_t per_day = bars.size() / static_cast<std::size_t>(options.trading_days);
    for (std::size_t i = 0; i < bars.size(); i += per_day) {
      store.apply(std::span(bars).subspan(i, std::min(per_day, bars.size() - i)));
    }
    expiry = seed_expiries(options).front();
    now = Timestamp{ist_time_on(seed_trading_days(options).back(),
                                std::chrono::hours{15} + std::chrono::minutes{29})};
    chain = store.snapshot();
  }
  ChainStore store;
  std::shared_ptr<const ChainReader> chain;
  Expiry expiry;
  Timestamp now;
};

Seed& seed() {
  static Seed s;
  return s;
}

QueryParams one_expiry(Seed& s, std::initializer_list<std::pair<std::string, std::string>> more) {
  QueryParams params(more);
  params.add("expiry", format_date(s.expiry));
  return params;
}

// The load bench's strike distribution: one expiry, strike_range 10.
StrikeDistributionRequest strike_distribution_request(Seed& s) {
  return normalise_strike_distribution(one_expiry(s, {{"strike_range", "10"}}), *s.chain, s.now)
      .value();
}

void BM_StrikeDistribution(benchmark::State& state) {
  Seed& s = seed();
  const auto request = strike_distribution_request(s);
  const ContractSpecs specs;
  for (auto _ : state) {
    benchmark::DoNotOptimize(strike_distribution(*s.chain, specs, request));
  }
}
BENCHMARK(BM_StrikeDistribution)->Unit(benchmark::kMicrosecond);

// The same with the CPU caches evicted before every run (16 MiB written, untimed), as a server
// meets a request after the network stack and other requests have been through them.
void BM_StrikeDistributionColdCache(benchmark::State& state) {
  Seed& s = seed();
  const auto request = strike_distribution_request(s);
  const ContractSpecs specs;
  std::vector<char> evict(16u << 20);
  for (auto _ : state) {
    state.PauseTiming();
    for (std::size_t i = 0; i < evict.size(); i += 64) evict[i] = static_cast<char>(i);
    benchmark::DoNotOptimize(evict.data());
    state.ResumeTiming();
    benchmark::DoNotOptimize(strike_distribution(*s.chain, specs, request));
  }
}
BENCHMARK(BM_StrikeDistributionColdCache)->Unit(benchmark::kMicrosecond);

void BM_StoreBucket5min(benchmark::State& state) {
  Seed& s = seed();
  const UtcSeconds bucket = *s.chain->latest_bucket("NIFTY", s.expiry, Timeframe::m5);
  for (auto _ : state) {
    benchmark::DoNotOptimize(s.chain->bucket("NIFTY", s.expiry, Timeframe::m5, bucket));
  }
}
BENCHMARK(BM_StoreBucket5min)->Unit(benchmark::kMicrosecond);

void BM_NormaliseStrikeDistribution(benchmark::State& state) {
  Seed& s = seed();
  const QueryParams params = one_expiry(s, {{"strike_range", "10"}, {"indicator", "oi"}});
  for (auto _ : state) {
    benchmark::DoNotOptimize(normalise_strike_distribution(params, *s.chain, s.now));
  }
}
BENCHMARK(BM_NormaliseStrikeDistribution)->Unit(benchmark::kMicrosecond);

void BM_MoneynessSeries6h(benchmark::State& state) {
  Seed& s = seed();
  const auto request =
      normalise_moneyness_series(one_expiry(s, {{"timeframe", "5min"}}), *s.chain, s.now).value();
  const ContractSpecs specs;
  for (auto _ : state) benchmark::DoNotOptimize(moneyness_series(*s.chain, specs, request));
}
BENCHMARK(BM_MoneynessSeries6h)->Unit(benchmark::kMicrosecond);

void BM_StoreForEachBucket6h(benchmark::State& state) {
  Seed& s = seed();
  const UtcSeconds to = *s.chain->newest_bucket("NIFTY");
  for (auto _ : state) {
    std::size_t bars = 0;
    s.chain->for_each_bucket(
        "NIFTY", s.expiry, Timeframe::m5, to - std::chrono::hours{6}, to,
        [&](UtcSeconds, const std::vector<StrikeBar>& b) { bars += b.size(); });
    benchmark::DoNotOptimize(bars);
  }
}
BENCHMARK(BM_StoreForEachBucket6h)->Unit(benchmark::kMicrosecond);

void BM_ExpiryMetrics6h(benchmark::State& state) {
  Seed& s = seed();
  const auto request = normalise_expiry_metrics(one_expiry(s, {}), *s.chain, s.now).value();
  const ContractSpecs specs;
  for (auto _ : state) benchmark::DoNotOptimize(expiry_metrics(*s.chain, specs, request));
}
BENCHMARK(BM_ExpiryMetrics6h)->Unit(benchmark::kMicrosecond);

void BM_StrikeHistory24h(benchmark::State& state) {
  Seed& s = seed();
  const auto request =
      normalise_strike_history(one_expiry(s, {{"strike", "24350"}}), *s.chain, s.now).value();
  for (auto _ : state) benchmark::DoNotOptimize(strike_history(*s.chain, request));
}
BENCHMARK(BM_StrikeHistory24h)->Unit(benchmark::kMicrosecond);

// --- the analytics: Greek exposures with the zero-gamma level, OI build-up
// -------------------------

// `future`: the expiry's future (priced on it with Black-76), else the spot with the rate.
void run_gex(benchmark::State& state, const ChainState& chain, UtcSeconds at,
             std::optional<double> future = std::nullopt) {
  int evaluations = 0;
  bool found = false;
  for (auto _ : state) {
    const ExposureSnapshot s = exposures_of(chain, at, IvConvention::strikeline, PricingPolicy{},
                                            future, std::nullopt, false);
    found = s.zero_gamma.has_value();
    evaluations = found ? s.zero_gamma->evaluations : 0;
    benchmark::DoNotOptimize(s);
  }
  state.counters["strikes"] = static_cast<double>(chain.strikes.size());
  state.counters["zero_gamma_found"] = found ? 1 : 0;
  state.counters["gex_evaluations"] = evaluations;
}

void BM_GexZeroGamma101(benchmark::State& state) {
  Seed& s = seed();
  const UtcSeconds at = floor_seconds(s.now);
  const ChainState chain = *s.chain->chain_at("NIFTY", s.expiry, at);
  run_gex(state, chain, at);
}
BENCHMARK(BM_GexZeroGamma101)->Unit(benchmark::kMicrosecond);

// The same on the expiry's future (Black-76, the forward moving with the spot): 0.4 % over spot.
void BM_GexZeroGammaOnFuture101(benchmark::State& state) {
  Seed& s = seed();
  const UtcSeconds at = floor_seconds(s.now);
  const ChainState chain = *s.chain->chain_at("NIFTY", s.expiry, at);
  run_gex(state, chain, at, chain.underlying.value_or(0) * 1.004);
}
BENCHMARK(BM_GexZeroGammaOnFuture101)->Unit(benchmark::kMicrosecond);

void BM_GexZeroGammaNoRoot101(benchmark::State& state) {
  Seed& s = seed();
  const UtcSeconds at = floor_seconds(s.now);
  ChainState chain = *s.chain->chain_at("NIFTY", s.expiry, at);
  for (StrikeState& k : chain.strikes) k.put.oi = 0;
  run_gex(state, chain, at);
}
BENCHMARK(BM_GexZeroGammaNoRoot101)->Unit(benchmark::kMicrosecond);

// The endpoint's query: the state read, every row, the totals and the zero-gamma level.
void BM_Exposures(benchmark::State& state) {
  Seed& s = seed();
  const auto request =
      normalise_exposures(one_expiry(s, {}), *s.chain, s.now, IvConvention::strikeline).value();
  const ContractSpecs specs;
  for (auto _ : state) benchmark::DoNotOptimize(exposures(*s.chain, specs, request));
}
BENCHMARK(BM_Exposures)->Unit(benchmark::kMicrosecond);

void BM_Buildup(benchmark::State& state) {
  Seed& s = seed();
  const auto request = normalise_buildup(one_expiry(s, {}), *s.chain, s.now).value();
  const ContractSpecs specs;
  for (auto _ : state) benchmark::DoNotOptimize(buildup(*s.chain, specs, request));
}
BENCHMARK(BM_Buildup)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
