#include "feed/simulator/simulator_config.h"

#include "core/symbol.h"
#include "core/text.h"

namespace strikeline::sim {

std::optional<SimulatedSymbol> default_simulated_symbol(std::string_view canonical) {
  auto make = [&](double spot, double vol, int step, int round, int lot, bool weekly,
                  double oi_lots) {
    return SimulatedSymbol{std::string(canonical), spot, vol,    strike_rupees(step),
                           strike_rupees(round),   lot,  weekly, oi_lots};
  };
  if (canonical == "NIFTY") return make(24350, 0.13, 50, 500, 65, true, 120000);
  if (canonical == "BANKNIFTY") return make(52400, 0.16, 100, 1000, 30, false, 60000);
  if (canonical == "FINNIFTY") return make(23600, 0.15, 50, 500, 60, false, 20000);
  if (canonical == "MIDCPNIFTY") return make(12800, 0.18, 25, 250, 120, false, 15000);
  if (canonical == "SENSEX") return make(80100, 0.13, 100, 1000, 20, true, 50000);
  return std::nullopt;
}

std::optional<std::vector<SimulatedSymbol>> parse_simulated_symbols(std::string_view list,
                                                                    std::string* error) {
  std::vector<SimulatedSymbol> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const std::string_view item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    auto canonical = canonical_symbol(item);
    auto symbol = canonical ? default_simulated_symbol(*canonical) : std::nullopt;
    if (!symbol) {
      if (error) {
        *error = "'" + std::string(item) +
                 "' cannot be simulated; accepted: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX";
      }
      return std::nullopt;
    }
    out.push_back(*symbol);
  }
  if (out.empty()) {
    if (error) *error = "names no symbol; accepted: NIFTY, BANKNIFTY, FINNIFTY, MIDCPNIFTY, SENSEX";
    return std::nullopt;
  }
  return out;
}

}  // namespace strikeline::sim
