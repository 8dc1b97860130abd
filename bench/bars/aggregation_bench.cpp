// Tick -> 1-minute bar aggregation throughput on one core, over one generated session
// (2 expiries x 101 strikes x 2 sides, 2 ticks a contract-minute), draining the changed bars after
// every minute of ticks as an ingest loop would (one batch add per minute). items/s is option ticks
// per second.
#include <benchmark/benchmark.h>

#include <span>

#include "bars/bar_aggregator.h"
#include "feed/bar_generator.h"

using namespace strikeline;

namespace {

struct Session {
  std::vector<MarketEvent> events;
  std::vector<std::size_t> minute_ends;  // drain points
  std::size_t option_ticks = 0;
};

Session make_session(bool supply_analytics, bool with_futures) {
  GeneratorOptions o;
  o.trading_days = 1;
  o.expiries = 2;
  o.strikes = 101;
  o.ticks_per_minute = 2;
  o.supply_analytics = supply_analytics;
  o.with_futures = with_futures;
  Session s;
  s.events = generate_seed_ticks(o);
  std::int64_t minute = -1;
  for (std::size_t i = 0; i < s.events.size(); ++i) {
    const Timestamp ts = std::visit([](const auto& t) { return t.ts; }, s.events[i]);
    const auto m = std::chrono::floor<std::chrono::minutes>(ts).time_since_epoch().count();
    if (minute >= 0 && m != minute) s.minute_ends.push_back(i);
    minute = m;
    s.option_ticks += std::holds_alternative<OptionTick>(s.events[i]);
  }
  s.minute_ends.push_back(s.events.size());
  return s;
}

void run(benchmark::State& state, const Session& session) {
  std::vector<StrikeBar> out;
  std::size_t bars = 0;
  for (auto _ : state) {
    BarAggregator agg;
    std::size_t i = 0;
    for (std::size_t end : session.minute_ends) {
      agg.add(std::span<const MarketEvent>(session.events.data() + i, end - i));
      i = end;
      out.clear();
      agg.drain(out);
      bars += out.size();
    }
    benchmark::DoNotOptimize(bars);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * session.option_ticks));
  state.counters["bars_per_session"] =
      static_cast<double>(bars) / static_cast<double>(state.iterations());
}

void BM_AggregateSuppliedAnalytics(benchmark::State& state) {
  static const Session session = make_session(true, true);
  run(state, session);
}
BENCHMARK(BM_AggregateSuppliedAnalytics)->Unit(benchmark::kMillisecond);

void BM_AggregateComputedIvFromFutures(benchmark::State& state) {
  static const Session session = make_session(false, true);
  run(state, session);
}
BENCHMARK(BM_AggregateComputedIvFromFutures)->Unit(benchmark::kMillisecond);

void BM_AggregateComputedIvFromSpot(benchmark::State& state) {
  static const Session session = make_session(false, false);
  run(state, session);
}
BENCHMARK(BM_AggregateComputedIvFromSpot)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
