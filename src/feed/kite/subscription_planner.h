// Which instrument tokens the ticker subscribes to: for each configured underlying its spot (the
// index, or a stock's NSE cash equity), and
// for each configured expiry (a date or a relative label such as NWeek+0 / NMonth+0, resolved
// against the catalogue's expiries of that underlying) its future when listed and the options of
// the listed strikes from N below to N above the at-the-money strike (the listed strike nearest to
// spot), both sides. The window re-centres as spot moves: when the nearest listed strike changes
// and spot has gone at least `hysteresis` of the way from the current centre to it (so spot
// hovering at a midpoint does not flap subscriptions). Pure logic, no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "core/expiry.h"
#include "feed/kite/instrument_catalogue.h"

namespace strikeline::kite {

struct SubscriptionConfig {
  std::vector<std::string> underlyings{"NIFTY", "BANKNIFTY"};  // canonical symbols
  std::vector<ExpirySpec> expiries{RelativeExpiry{RelativeExpiry::Kind::week, 0}};
  int strikes_each_side = 10;
  double hysteresis = 0.75;  // of the distance from the current centre to the new nearest strike
};

struct SubscriptionChange {
  std::vector<std::uint32_t> subscribe, unsubscribe;  // ascending
  bool empty() const { return subscribe.empty() && unsubscribe.empty(); }
};

class SubscriptionPlanner {
 public:
  SubscriptionPlanner(const InstrumentCatalogue& catalogue, SubscriptionConfig config);

  // Resolves the expiries as of `today` and subscribes the indices and futures (the option
  // windows follow the first spot of each underlying). Returns what to subscribe.
  SubscriptionChange start(Date today);
  // A new spot of an underlying: the change of subscriptions, empty when the window stays.
  SubscriptionChange on_spot(const std::string& symbol, double spot);

  // The most tokens the plan can hold today, wherever spot goes: the indices and futures plus, per
  // window, its widest span of 2N + 1 listed strikes (both sides). What the connections must
  // have room for (kite/ticker_connections.h). Valid after start().
  std::size_t most_tokens() const;
  // Every token currently planned, ascending.
  std::vector<std::uint32_t> tokens() const;
  // The centre strike of an underlying's window for an expiry; nullopt before its first spot.
  std::optional<Strike> centre(const std::string& symbol, Expiry expiry) const;
  std::vector<Expiry> expiries(const std::string& symbol) const;

 private:
  struct Window {
    std::vector<const KiteInstrument*> options;  // sorted by strike, then side
    std::vector<Strike> strikes;                 // listed strikes, ascending unique
    std::optional<std::size_t> centre;           // index into strikes
  };
  std::set<std::uint32_t> planned() const;
  SubscriptionChange change_to(const std::set<std::uint32_t>& next);

  const InstrumentCatalogue& catalogue_;
  SubscriptionConfig config_;
  std::set<std::uint32_t> fixed_;                                         // indices and futures
  std::map<std::string, std::map<Expiry, Window>, std::less<>> windows_;  // symbol -> expiry
  std::set<std::uint32_t> current_;
};

}  // namespace strikeline::kite
