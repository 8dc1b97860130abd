// MarketSimulator: a deterministic, realistic option market for demos, tests and benchmarks.
// For each configured underlying it lists the live expiries (expiry_schedule.h) and a chain of
// ATM +- N strikes that follows the index, and emits, in time order: index ticks, and option trades
// whose premiums come from the evolving volatility surface, with bid/ask spreads, cumulative day
// volume and open interest that builds and unwinds, concentrated near the money and at round
// strikes. Some instruments are quiet. Each underlying also has its near, next and far monthly
// futures, ticking with the index: priced spot x e^(r T) times a small mean-reverting basis noise
// (a few hundredths of a percent), with cumulative day volume and an open interest that rolls from
// the near month to the next in the week before the near expiry. The same seed gives the same
// events, however a time range is split into run() calls: each day is simulated from its session
// start, and every contract draws from its own random stream. The simulator never computes IV for
// the pipeline: ticks carry only prices.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <queue>
#include <tuple>
#include <vector>

#include "core/market_event.h"
#include "feed/simulator/random_stream.h"
#include "feed/simulator/simulator_config.h"
#include "feed/simulator/underlying_process.h"

namespace strikeline::sim {

class MarketSimulator {
 public:
  using Sink = std::function<void(const MarketEvent&)>;

  explicit MarketSimulator(SimulatorConfig config);

  // Emits every event with from <= ts < to, in time order. Consecutive calls continue the market
  // (pass the previous `to` as `from`), also when `to` falls inside a second: the market moves a
  // whole second at a time, and the rest of that second's events waits for the next call, so
  // each event is emitted once however the calls split the time (a live feed asks up to "now").
  // Any other `from` re-simulates its day from the session start without emitting what lies
  // before `from`.
  void run(Timestamp from, Timestamp to, const Sink& sink);

  // The session (trading window) containing t, if t is in one: the whole IST day around the clock,
  // else 09:15-15:30 IST on trading days.
  std::optional<std::pair<UtcSeconds, UtcSeconds>> session_at(UtcSeconds t) const;
  // Start of the first session at or after t.
  UtcSeconds next_session_start(UtcSeconds t) const;

  // The model's own volatility for a contract at the simulator's current time (for tests).
  std::optional<double> model_volatility(std::string_view symbol, Expiry expiry,
                                         Strike strike) const;
  std::optional<double> spot(std::string_view symbol) const;
  // The option contracts listed at the simulator's current time (for tests).
  struct ListedOption {
    std::string symbol;
    Expiry expiry;
    Strike strike;
    Side side;
  };
  std::vector<ListedOption> listed_options() const;
  const SimulatorConfig& config() const { return config_; }

 private:
  struct Contract {
    std::size_t symbol_index;
    Expiry expiry;
    Strike strike;
    Side side;
    RandomStream random;
    double activity;
    std::int64_t oi = 0;
    std::int64_t cumulative_volume = 0;
    Timestamp last_trade;
  };
  struct SymbolState {
    std::unique_ptr<UnderlyingProcess> process;
    std::vector<Expiry> expiries;
    Strike atm;
  };
  struct Future {
    std::size_t symbol_index;
    Expiry expiry;
    std::size_t rank;  // 0 near, 1 next, 2 far
    RandomStream random;
    double basis = 0;  // relative to the carry forward
    std::int64_t oi = 0;
    std::int64_t cumulative_volume = 0;
  };
  struct Due {
    Timestamp at;
    std::size_t contract;
    bool operator>(const Due& o) const {
      return std::tie(at, contract) > std::tie(o.at, o.contract);
    }
  };

  void begin_session(UtcSeconds start);
  // Simulates the second at clock_; with a sink, emits its events in [emit_from, emit_to) and
  // holds those from emit_to on (held_).
  void step_second(const Sink* sink, Timestamp emit_from, Timestamp emit_to);
  void refresh_chain(std::size_t symbol_index);
  void add_contract(std::size_t symbol_index, Expiry expiry, std::size_t expiry_rank, Strike strike,
                    Side side);
  void schedule(std::size_t contract_index, Timestamp after);
  OptionTick trade(Contract& c, Timestamp at);
  void list_futures(std::size_t symbol_index);
  FutureTick future_tick(Future& f, Timestamp at);
  double years_left(Expiry e, Timestamp at) const;
  int strikes_each_side(const SimulatedSymbol& symbol) const;

  SimulatorConfig config_;
  std::vector<SymbolState> symbols_;
  std::vector<Contract> contracts_;
  std::vector<Future> futures_;
  std::map<std::tuple<std::size_t, Expiry, Strike, Side>, std::size_t> contract_index_;
  std::priority_queue<Due, std::vector<Due>, std::greater<>> due_;
  std::optional<UtcSeconds> clock_;  // the next second to simulate
  // The `to` of the last run() (a call from there continues) and the events of its last second
  // at or after it, in time order, not emitted yet.
  std::optional<Timestamp> handed_until_;
  std::vector<MarketEvent> held_;
  std::optional<std::pair<UtcSeconds, UtcSeconds>> session_;
  Date session_day_{};
};

}  // namespace strikeline::sim
