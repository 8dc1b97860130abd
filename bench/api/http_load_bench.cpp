// Load benchmark of the HTTP server over loopback, in one process: the real chain store holding the
// seed-sized data set (feed/bar_generator.h: 5 trading days x 4 expiries x 101 strikes of 1-minute
// bars, rolled up by the store), the server on 2 worker threads, and the load generator
// (load_generator.h) with 16 keep-alive connections on 2 client threads, each endpoint for a
// bounded time. Reports per endpoint: rps, p50 and p99 latency (microseconds), errors. /health is
// the ceiling (no analytics). Targets: strike-distribution (1 expiry, strike_range 10)
// >= 20,000 rps, p99 <= 2 ms and >= half of /health's rps; moneyness-series (6 hours, 5min,
// 1 expiry) p99 <= 5 ms.
// Every /fo endpoint runs twice: "cached" with the server's default response cache (identical
// requests against one snapshot, as polling dashboards send them, are answered from it) and
// "computed" on a second server with the cache off, so every request runs the query.
// Environment: STRIKELINE_LOAD_SECONDS (measured seconds per endpoint, default 5),
// STRIKELINE_LOAD_CONNECTIONS (default 16), STRIKELINE_LOAD_CLIENT_THREADS (default 2),
// STRIKELINE_LOAD_SERVER_THREADS (default 2).
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>

#include "api/http_server.h"
#include "feed/bar_generator.h"
#include "load_generator.h"
#include "store/chain_store.h"

using namespace strikeline;

namespace {

int env_int(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (!value) return fallback;
  const int n = std::atoi(value);
  return n > 0 ? n : fallback;
}

// The store, loaded once, and two servers on it: with and without the response cache.
struct LoadFixture {
  LoadFixture() {
    const GeneratorOptions options;
    const std::vector<StrikeBar> bars = generate_seed_bars(options);
    const std::size_t per_day = bars.size() / static_cast<std::size_t>(options.trading_days);
    for (std::size_t i = 0; i < bars.size(); i += per_day) {
      store.apply(std::span(bars).subspan(i, std::min(per_day, bars.size() - i)));
    }
    const std::vector<Date> days = seed_trading_days(options);
    expiry = format_date(seed_expiries(options).front());
    // "Now" is the last minute of the last session, so the data is live.
    const Timestamp now{
        ist_time_on(days.back(), std::chrono::hours{15} + std::chrono::minutes{29})};
    context.snapshot = [this] { return store.snapshot(); };
    context.now = [now] { return now; };
    ServerConfig config;
    config.address = "127.0.0.1";
    config.port = 0;
    config.threads = static_cast<unsigned>(env_int("STRIKELINE_LOAD_SERVER_THREADS", 2));
    config.access_log = false;
    cached = std::make_unique<HttpServer>(config, context);
    cached->start();
    config.response_cache_entries = 0;
    computed = std::make_unique<HttpServer>(config, context);
    computed->start();
  }
  ChainStore store;
  ServiceContext context;
  std::unique_ptr<HttpServer> cached, computed;
  std::string expiry;
};

LoadFixture& fixture() {
  static LoadFixture f;
  return f;
}

void BM_Http(benchmark::State& state, bool use_cache, const std::string& target_template) {
  LoadFixture& f = fixture();
  std::string target = target_template;
  if (auto pos = target.find("{expiry}"); pos != std::string::npos) {
    target.replace(pos, 8, f.expiry);
  }
  bench::LoadOptions options;
  options.port = (use_cache ? f.cached : f.computed)->port();
  options.target = target;
  options.connections = env_int("STRIKELINE_LOAD_CONNECTIONS", 16);
  options.threads = env_int("STRIKELINE_LOAD_CLIENT_THREADS", 2);
  options.duration = std::chrono::seconds{env_int("STRIKELINE_LOAD_SECONDS", 5)};
  bench::LoadResult result;
  for (auto _ : state) {
    result = bench::run_load(options);
    state.SetIterationTime(result.seconds);
  }
  state.counters["rps"] = result.requests_per_second();
  state.counters["p50_us"] = result.percentile_us(50);
  state.counters["p99_us"] = result.percentile_us(99);
  state.counters["errors"] = static_cast<double>(result.errors);
  state.counters["requests"] = static_cast<double>(result.requests);
  state.SetLabel(target);
}

#define STRIKELINE_LOAD(name, cache, target)                   \
  BENCHMARK_CAPTURE(BM_Http, name, cache, std::string(target)) \
      ->Iterations(1)                                          \
      ->UseManualTime()                                        \
      ->Unit(benchmark::kSecond)

STRIKELINE_LOAD(health, false, "/health");
STRIKELINE_LOAD(strike_distribution_cached, true,
                "/fo/strike-distribution?expiry={expiry}&strike_range=10");
STRIKELINE_LOAD(strike_distribution_computed, false,
                "/fo/strike-distribution?expiry={expiry}&strike_range=10");
STRIKELINE_LOAD(moneyness_series_cached, true,
                "/fo/moneyness-series?expiry={expiry}&timeframe=5min");
STRIKELINE_LOAD(moneyness_series_computed, false,
                "/fo/moneyness-series?expiry={expiry}&timeframe=5min");
STRIKELINE_LOAD(strike_distribution_2_expiries_oi_computed, false,
                "/fo/strike-distribution?indicator=oi");
STRIKELINE_LOAD(expiry_metrics_computed, false, "/fo/expiry-metrics?expiry={expiry}");
STRIKELINE_LOAD(strike_history_computed, false, "/fo/strike-history?strike=24350&expiry={expiry}");
STRIKELINE_LOAD(expiries_computed, false, "/fo/expiries");

}  // namespace

BENCHMARK_MAIN();
