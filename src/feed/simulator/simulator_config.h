// Configuration of the built-in market simulator: which underlyings it simulates (with realistic
// per-symbol defaults), the seed, the option chain's shape, the tick rates and the trading hours.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/session_calendar.h"
#include "core/strike.h"

namespace strikeline::sim {

struct SimulatedSymbol {
  std::string symbol;          // canonical
  double reference_spot = 0;   // level the index mean-reverts to over days
  double base_volatility = 0;  // annualised ATM implied volatility around which the surface moves
  Strike strike_step;
  Strike round_strike;  // strikes where open interest concentrates (e.g. every 500 for NIFTY)
  int lot_size = 1;
  bool weekly_expiries = true;    // weekly Tuesdays plus the monthly; otherwise monthlies only
  double open_interest_lots = 0;  // typical open interest of an at-the-money strike, in lots
  // The chain's shape and liquidity; the defaults are the index universe's (0: the config's).
  int expiries = 0;           // live expiries listed (at least), 0: SimulatorConfig::expiries
  int strikes_each_side = 0;  // ATM +- this many steps, 0: SimulatorConfig::strikes_each_side
  // A contract's trade rate relative to the ATM option at option_tick_interval:
  // liquidity * (exp(-|strikes from ATM| / liquidity_decay) + liquidity_floor)
  //           * next_expiry_liquidity ^ (expiry rank).
  double liquidity = 1.0;
  double liquidity_decay = 12.0;
  double liquidity_floor = 0.03;
  double next_expiry_liquidity = 1.0;
};

// Defaults for NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY and SENSEX; nullopt for anything else.
[[nodiscard]] std::optional<SimulatedSymbol> default_simulated_symbol(std::string_view canonical);

// A comma-separated list of symbols (any spelling canonical_symbol accepts) with their defaults;
// nullopt with *error naming the offending item (or an empty list) and what is accepted.
[[nodiscard]] std::optional<std::vector<SimulatedSymbol>> parse_simulated_symbols(
    std::string_view list, std::string* error);

struct SimulatorConfig {
  std::vector<SimulatedSymbol> symbols;
  std::uint64_t seed = 42;
  int strikes_each_side = 50;    // the chain spans ATM +- this many strike steps, following spot
  int expiries = 4;              // live expiries per symbol (at least)
  bool around_the_clock = true;  // false: only NSE hours (09:15-15:30 IST on trading days)
  std::chrono::seconds underlying_interval{5};  // an index tick this often
  // Mean seconds between trades of an at-the-money option; farther strikes trade less often.
  double option_tick_interval = 60.0;
  // The highest such relative rate a contract has (0: no cap): with it the busiest contracts all
  // trade about once per option_tick_interval at midday.
  double highest_activity = 0;
  // The longest mean gap between an option's trades, in option_tick_intervals.
  double quietest_interval_factor = 40.0;
  // The trade rate's intraday shape: false intraday_activity() (the underlying's: the first 15
  // minutes about 1.8 times the session's average), true open_heavy_activity() (about 3 times).
  bool open_heavy = false;
  double rate = 0.10;  // the rate the forward is priced with (NSE convention)
  SessionCalendar calendar;
};

}  // namespace strikeline::sim
