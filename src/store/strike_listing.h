// StrikeListings: the strikes each expiry lists according to the instrument source (a broker's
// instrument dump, the simulator's grid), beside those the data shows (DESIGN.md "The chain as of
// a moment": the listed strike grid is learned from both). Each strike carries the IST day it was
// first known to be listed; the chain as of a moment on or after that day (and not after the
// expiry) lists it even when nothing of it was ever observed: its state is then empty (no open
// interest, no price, no age), and it counts in ATM and in the positions of strike_range and
// moneyness. A listing is learned while running and not stored: on a server without an
// instrument source (a replica, an import) the grid is the data's. Immutable once published.
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/expiry.h"
#include "core/strike.h"
#include "store/chain_state.h"

namespace strikeline {

struct ListedStrike {
  Strike strike;
  Date since;  // the IST day it was first known listed
  friend bool operator==(const ListedStrike&, const ListedStrike&) = default;
};

class StrikeListings {
 public:
  // This listing with `strikes` of the expiry known listed from `since` on (a strike already
  // listed keeps its earlier day).
  StrikeListings with(std::string_view symbol, Expiry expiry, std::span<const Strike> strikes,
                      Date since) const;
  // Ascending by strike; empty when the source lists nothing for the expiry.
  std::span<const ListedStrike> of(std::string_view symbol, Expiry expiry) const;
  bool empty() const { return by_symbol_.empty(); }

 private:
  std::map<std::string, std::map<Expiry, std::vector<ListedStrike>>, std::less<>> by_symbol_;
};

// Adds to `state` (ascending strikes) an empty entry for every strike of `listed` known listed on
// `day` that the state does not have, keeping the order. Nothing is added after the expiry.
void add_listed_strikes(std::span<const ListedStrike> listed, Date day, ChainState& state);

}  // namespace strikeline
