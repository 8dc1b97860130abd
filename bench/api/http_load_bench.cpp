// Load benchmark of the HTTP server over loopback, in one process: the real chain store holding the
// seed-sized data set (feed/bar_generator.h: 5 trading days x 4 expiries x 101 strikes of 1-minute
// bars, rolled up by the store), the server, and the load generator (load_generator.h) with 16
// keep-alive connections, each endpoint for a bounded time. Reports per endpoint: rps, p50 and p99
// latency (microseconds), errors. /health is the ceiling (no analytics). Targets:
// strike-distribution (1 expiry, strike_range 10) >= 20,000 rps, p99 <= 2 ms and >= half of
// /health's rps; moneyness-series (6 hours, 5min, 1 expiry) p99 <= 5 ms.
// The data is live, as under a feed: a writer thread re-applies the newest minute's bars of every
// expiry (404 bars, their premiums moved by a tick) once a second, so every second publishes a new
// snapshot and the forming bucket changes, as the aggregator's flushes do (counter `batches`).
// Every /fo endpoint runs twice: "cached" with the server's default response cache (identical
// requests against one snapshot, as polling dashboards send them, are answered from it, and each
// new snapshot makes the next request compute again) and "computed" on a second server with the
// cache off, so every request runs the query. The "moments" runs ask each request about another
// moment (`at`, or a window ending at it), so even the cached server computes every answer.
// Targets for those (issue 17): strike-distribution >= 10,000 rps, moneyness-series (6 h, 5min)
// >= 5,000 rps; the option chain (issue 18, 101 strikes, computed) >= 5,000 rps.
// Threads: the generator shares the machine, so by default each side gets half of its cores (on
// 2 cores: 1 server worker, 1 client thread); a server with a worker per core competing with the
// generator's threads measures the scheduler more than the server.
// Environment: STRIKELINE_LOAD_SECONDS (measured seconds per endpoint, default 5),
// STRIKELINE_LOAD_CONNECTIONS (default 16), STRIKELINE_LOAD_SERVER_THREADS and
// STRIKELINE_LOAD_CLIENT_THREADS (default half the cores each, at least 1),
// STRIKELINE_LOAD_UPDATE_MS (interval of the live batches, default 1000; 0: a static store).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <memory>
#include <thread>

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

// The same where 0 is meaningful (a negative or unparsable value gives the fallback).
int env_int_or_zero(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (!value || *value == '\0') return fallback;
  char* end = nullptr;
  const long n = std::strtol(value, &end, 10);
  return *end == '\0' && n >= 0 ? static_cast<int>(n) : fallback;
}

int half_the_cores() {
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()) / 2);
}

// The live feed's stand-in: re-applies the newest minute's bars, their premium close moved up and
// down by one tick in turn, every `interval`.
class LiveWriter {
 public:
  LiveWriter(ChainStore& store, std::vector<StrikeBar> newest_minute,
             std::chrono::milliseconds interval)
      : store_(store), bars_(std::move(newest_minute)), interval_(interval) {
    if (interval_.count() > 0) thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
  }
  long batches() const { return batches_.load(); }

 private:
  void run(std::stop_token stop) {
    for (int turn = 0; !stop.stop_requested(); ++turn) {
      std::this_thread::sleep_for(interval_);
      const double tick = turn % 2 == 0 ? 0.05 : -0.05;
      for (StrikeBar& bar : bars_) {
        for (SideBar* side : {&bar.call, &bar.put}) {
          if (side->has_premium) side->close = std::max(0.05, side->close + tick);
        }
      }
      store_.apply(bars_);
      ++batches_;
    }
  }
  ChainStore& store_;
  std::vector<StrikeBar> bars_;
  std::chrono::milliseconds interval_;
  std::atomic<long> batches_{0};
  std::jthread thread_;
};

// The store, loaded once, and two servers on it: with and without the response cache.
struct LoadFixture {
  LoadFixture() {
    const GeneratorOptions options;
    const std::vector<StrikeBar> bars = generate_seed_bars(options);
    const std::size_t per_day = bars.size() / static_cast<std::size_t>(options.trading_days);
    for (std::size_t i = 0; i < bars.size(); i += per_day) {
      store.apply(std::span(bars).subspan(i, std::min(per_day, bars.size() - i)));
    }
    std::vector<StrikeBar> newest_minute;
    for (const StrikeBar& bar : bars) {
      if (bar.key.bucket == bars.back().key.bucket) newest_minute.push_back(bar);
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
    config.threads =
        static_cast<unsigned>(env_int("STRIKELINE_LOAD_SERVER_THREADS", half_the_cores()));
    config.access_log = false;
    cached = std::make_unique<HttpServer>(config, context);
    cached->start();
    config.response_cache_entries = 0;
    computed = std::make_unique<HttpServer>(config, context);
    computed->start();
    writer = std::make_unique<LiveWriter>(
        store, std::move(newest_minute),
        std::chrono::milliseconds{env_int_or_zero("STRIKELINE_LOAD_UPDATE_MS", 1000)});
  }
  ~LoadFixture() { writer.reset(); }  // stop writing before the servers and the store go
  ChainStore store;
  ServiceContext context;
  std::unique_ptr<HttpServer> cached, computed;
  std::string expiry;
  std::unique_ptr<LiveWriter> writer;
};

LoadFixture& fixture() {
  static LoadFixture f;
  return f;
}

std::string expand(std::string text, std::string_view name, const std::string& value) {
  if (auto pos = text.find(name); pos != std::string::npos) text.replace(pos, name.size(), value);
  return text;
}

void BM_Http(benchmark::State& state, bool use_cache, const std::string& target_template) {
  LoadFixture& f = fixture();
  const std::string target = expand(target_template, "{expiry}", f.expiry);
  bench::LoadOptions options;
  options.port = (use_cache ? f.cached : f.computed)->port();
  options.target = target;
  // {moment}: a different moment per request, one second apart through the last 6 hours of data,
  // so the response cache (on) cannot answer: every answer is the chain as of its own moment.
  // {from}: 6 hours before it.
  if (target.find("{moment}") != std::string::npos) {
    const std::int64_t newest = epoch_seconds(floor_seconds(f.context.now()));
    for (std::int64_t k = 0; k < 6 * 3600; ++k) {
      options.targets.push_back(expand(expand(target, "{moment}", std::to_string(newest - k)),
                                       "{from}", std::to_string(newest - k - 6 * 3600)));
    }
  }
  options.connections = env_int("STRIKELINE_LOAD_CONNECTIONS", 16);
  options.threads = env_int("STRIKELINE_LOAD_CLIENT_THREADS", half_the_cores());
  options.duration = std::chrono::seconds{env_int("STRIKELINE_LOAD_SECONDS", 5)};
  bench::LoadResult result;
  long batches = 0;
  for (auto _ : state) {
    const long before = f.writer->batches();
    result = bench::run_load(options);
    batches = f.writer->batches() - before;
    state.SetIterationTime(result.seconds);
  }
  state.counters["batches"] = static_cast<double>(batches);
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
// The chain as of a moment, each request another moment (the cache is on and cannot answer).
STRIKELINE_LOAD(strike_distribution_moments, true,
                "/fo/strike-distribution?expiry={expiry}&strike_range=10&at={moment}");
STRIKELINE_LOAD(moneyness_series_moments, true,
                "/fo/moneyness-series?expiry={expiry}&timeframe=5min&from={from}&to={moment}");
STRIKELINE_LOAD(expiry_metrics_moments, true,
                "/fo/expiry-metrics?expiry={expiry}&from={from}&to={moment}");
// The option chain of a 101-strike expiry, every listed strike (issue 18: >= 5,000 rps computed):
// with the cache off, and each request another moment (OI change since 30 minutes before it).
STRIKELINE_LOAD(option_chain_computed, false, "/fo/option-chain?expiry={expiry}");
STRIKELINE_LOAD(option_chain_moments, true,
                "/fo/option-chain?expiry={expiry}&at={moment}&since=30m");

}  // namespace

BENCHMARK_MAIN();
