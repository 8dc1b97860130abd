// `strikeline simulate`: writes the built-in market simulator's output to a file, as ticks (NDJSON,
// the format POST /fo/ingest/ticks and `import` take) or as 1-minute bars (CSV with the
// fo_option_strike_bars columns), for tests, benchmarks and demos. The same seed and dates give
// the same file.
#include <fstream>
#include <iostream>
#include <vector>

#include "app/commands.h"
#include "bars/bar_aggregator.h"
#include "core/symbol.h"
#include "core/text.h"
#include "feed/bar_writer.h"
#include "feed/simulator/market_simulator.h"
#include "feed/simulator/nse_fo_universe.h"
#include "feed/tick_writer.h"

namespace strikeline::app {

namespace {

using namespace std::chrono;

struct SimulateArgs {
  int days = 1;
  std::string universe = "indices";
  std::string symbols = "NIFTY,BANKNIFTY";
  std::uint64_t seed = 42;
  std::string format = "ticks";
  std::string out;
  std::string from;
  bool around_the_clock = false;
  double tick_interval = 0;  // 0: the universe's default
};

int fail(const std::string& message) {
  std::cerr << "strikeline simulate: " << message << "\n";
  return 2;
}

int run_simulate(const SimulateArgs& a) {
  sim::SimulatorConfig config;
  std::string error;
  const auto universe = sim::parse_simulated_universe(a.universe);
  if (!universe) return fail("--universe must be indices or nse-fo (got '" + a.universe + "')");
  config.seed = a.seed;
  if (*universe == sim::SimulatedUniverse::nse_fo) {
    if (a.symbols != SimulateArgs{}.symbols)
      return fail("--symbols is for --universe indices: nse-fo simulates its own underlyings");
    sim::use_nse_fo_universe(config);
  } else {
    auto symbols = sim::parse_simulated_symbols(a.symbols, &error);
    if (!symbols) return fail("--symbols: " + error);
    config.symbols = std::move(*symbols);
  }
  config.around_the_clock = a.around_the_clock;
  config.option_tick_interval =
      a.tick_interval > 0 ? a.tick_interval : sim::default_option_tick_interval(*universe);

  // The first day: --from, or `days` trading days back from today.
  Date first{};
  if (!a.from.empty()) {
    auto d = parse_date_text(a.from);
    if (!d) return fail("--from must be a date YYYY-MM-DD or DD-Mon-YYYY (got '" + a.from + "')");
    first = *d;
  } else {
    first = ist_date(time_point_cast<microseconds>(system_clock::now()));
    for (int i = 0; i < a.days; ++i) first = config.calendar.previous_trading_day(first);
  }
  Date last = first;
  for (int i = 1; i < a.days; ++i)
    last = a.around_the_clock ? last + days{1} : config.calendar.next_trading_day(last);
  const Timestamp from{a.around_the_clock ? ist_time_on(first, 0min)
                                          : config.calendar.session_open(
                                                config.calendar.is_trading_day(first)
                                                    ? first
                                                    : config.calendar.next_trading_day(first))};
  const Timestamp to{a.around_the_clock ? ist_time_on(last + days{1}, 0min)
                                        : config.calendar.session_close(last)};

  std::ofstream out(a.out, std::ios::binary | std::ios::trunc);
  if (!out) return fail("cannot write " + a.out);
  sim::MarketSimulator market(config);
  BarAggregator aggregator;
  std::string buffer;
  std::vector<MarketEvent> slice;  // as bars: the slice's events, aggregated as one batch
  std::size_t events = 0, bars = 0;
  const bool as_bars = a.format == "bars";
  if (as_bars) append_bar_csv_header(buffer);
  for (Timestamp t = from; t < to; t += 15min) {
    const Timestamp until = std::min(to, t + 15min);
    market.run(t, until, [&](const MarketEvent& e) {
      ++events;
      if (as_bars) {
        slice.push_back(e);
      } else {
        append_tick_ndjson(buffer, e);
      }
    });
    if (as_bars) {
      aggregator.add(slice);
      slice.clear();
      const std::vector<StrikeBar> drained = aggregator.drain();
      bars += drained.size();
      append_bars_csv(buffer, drained);
    }
    out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    buffer.clear();
  }
  out.close();
  if (!out) return fail("writing " + a.out + " failed");
  std::cout << a.out << ": " << events << " events";
  if (as_bars) std::cout << " -> " << bars << " bars";
  std::cout << " from " << format_iso_utc(floor<seconds>(from)) << " to "
            << format_iso_utc(floor<seconds>(to)) << "\n";
  return 0;
}

}  // namespace

void add_simulate_command(CLI::App& app) {
  auto a = std::make_shared<SimulateArgs>();
  CLI::App* cmd =
      app.add_subcommand("simulate", "Write simulated ticks (NDJSON) or bars (CSV) to a file");
  cmd->add_option("--days", a->days, "trading days to simulate")
      ->capture_default_str()
      ->check(CLI::Range(1, 60));
  cmd->add_option("--universe", a->universe,
                  "indices (the --symbols) | nse-fo (every NSE F&O underlying)")
      ->capture_default_str()
      ->check(CLI::IsMember({"indices", "nse-fo"}));
  cmd->add_option("--symbols", a->symbols, "underlyings, comma-separated (--universe indices)")
      ->capture_default_str();
  cmd->add_option("--seed", a->seed, "random seed")->capture_default_str();
  cmd->add_option("--format", a->format, "ticks | bars")
      ->capture_default_str()
      ->check(CLI::IsMember({"ticks", "bars"}));
  cmd->add_option("--out", a->out, "output file")->required();
  cmd->add_option("--from", a->from,
                  "first day YYYY-MM-DD or DD-Mon-YYYY (default: --days trading days ago)");
  cmd->add_flag("--around-the-clock", a->around_the_clock, "simulate whole days, not NSE hours");
  cmd->add_option("--tick-interval", a->tick_interval,
                  "mean seconds between trades of an ATM option (default: 60 for indices, 1 for "
                  "nse-fo)")
      ->check(CLI::Range(0.05, 3600.0));
  cmd->callback([a] { exit_code() = run_simulate(*a); });
}

}  // namespace strikeline::app
