// The simulated universes: `indices` (the configured index underlyings, the default) and `nse-fo`,
// the whole NSE F&O market: the five index underlyings with their weeklies and monthlies, and 214
// stock underlyings (real NSE F&O symbols, prices from about Rs 7 to Rs 45,000 jittered per seed)
// with three monthly expiries, ATM +- 11 strikes at NSE-like steps by price band, lots from the
// SEBI contract-value rule, liquidity falling away from the money and from the near month, and the
// open-heavy intraday trade rate. At option_tick_interval 1 s a session holds about 60 million
// trades; README.md ("The whole market") has the tables and their sources.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "core/strike.h"
#include "feed/simulator/simulator_config.h"

namespace strikeline::sim {

enum class SimulatedUniverse { indices, nse_fo };

// "indices" or "nse-fo"; nullopt for anything else.
[[nodiscard]] std::optional<SimulatedUniverse> parse_simulated_universe(std::string_view name);

// The default mean seconds between trades of an ATM option (SimulatorConfig::option_tick_interval):
// 60 for indices (a light demo market), 1 for nse-fo (the whole market's rate).
[[nodiscard]] double default_option_tick_interval(SimulatedUniverse universe);

// The strike step NSE-like for a stock at `price` (Rs 1 up to Rs 500 by price band).
[[nodiscard]] Strike nse_stock_strike_step(double price);

// Lot size of a stock at `price`: the smallest multiple of 25 worth at least Rs 5 lakh, or, when
// that is worth more than Rs 10 lakh, the smallest multiple of 5 (at least 10) worth Rs 5 lakh.
[[nodiscard]] int nse_stock_lot_size(double price);

// Live option expiries listed per stock underlying: near, next and far month.
inline constexpr int kStockExpiries = 3;
// Strikes listed each side of the ATM per stock expiry (23 strikes a chain).
inline constexpr int kStockStrikesEachSide = 11;

// The nse-fo universe's underlyings for a seed: the five indices first, then the 214 stocks.
// Equal seeds give equal lists.
[[nodiscard]] std::vector<SimulatedSymbol> nse_fo_symbols(std::uint64_t seed);

// Makes `config` the nse-fo market: its symbols (from config.seed), the open-heavy intraday trade
// rate and far strikes trading down to once an hour at option_tick_interval 1 s.
void use_nse_fo_universe(SimulatorConfig& config);

}  // namespace strikeline::sim
