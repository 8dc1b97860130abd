// Bar import/export throughput: parsing the seed data as CSV and NDJSON (rows/s), and writing it.
// 60,000 generated 1-minute bars (1 day x 2 expiries x 80 strikes x 375 minutes).
#include <benchmark/benchmark.h>

#include "feed/bar_generator.h"
#include "feed/bar_reader.h"
#include "feed/bar_writer.h"
#include "feed/tick_reader.h"
#include "feed/tick_writer.h"

using namespace strikeline;

namespace {

const std::vector<StrikeBar>& bars() {
  static const std::vector<StrikeBar> b = [] {
    GeneratorOptions o;
    o.trading_days = 1;
    o.expiries = 2;
    o.strikes = 80;
    return generate_seed_bars(o);
  }();
  return b;
}

void BM_ReadBarsCsv(benchmark::State& state) {
  static const std::string text = write_bars_csv(bars());
  for (auto _ : state) {
    auto r = read_bars(text, BarFormat::csv);
    if (r.bars.size() != bars().size()) state.SkipWithError("rows lost");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars().size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadBarsCsv)->Unit(benchmark::kMillisecond);

void BM_ReadBarsNdjson(benchmark::State& state) {
  static const std::string text = write_bars_ndjson(bars());
  for (auto _ : state) {
    auto r = read_bars(text, BarFormat::ndjson);
    if (r.bars.size() != bars().size()) state.SkipWithError("rows lost");
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars().size()));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadBarsNdjson)->Unit(benchmark::kMillisecond);

void BM_WriteBarsCsv(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(write_bars_csv(bars()));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * bars().size()));
}
BENCHMARK(BM_WriteBarsCsv)->Unit(benchmark::kMillisecond);

void BM_ReadTicksNdjson(benchmark::State& state) {
  static const std::string text = [] {
    GeneratorOptions o;
    o.trading_days = 1;
    o.expiries = 1;
    o.strikes = 41;
    return write_ticks_ndjson(generate_seed_ticks(o));
  }();
  std::size_t lines = 0;
  for (auto _ : state) {
    auto r = read_ticks_ndjson(text);
    lines = r.events.size();
    benchmark::DoNotOptimize(r);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * lines));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_ReadTicksNdjson)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
