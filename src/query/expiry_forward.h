// The forward of one expiry as of a moment (issue 21 item 3), from the chain's state
// (store/chain_state.h):
//  - implied: put-call parity over the listed strikes nearest the money where both sides have a
//    price (pricing/implied_forward.h: the median of F = K + exp(r T) (C - P) over at most
//    kDefaultParityPairs strikes), each side's price its quote's mid when the last quote has both a
//    bid and an ask (ask >= bid), else its last traded price; r the pricing policy's rate, T the
//    calendar time to 15:30 IST on the expiry / 365 days (the policy's whole days under the nse
//    convention); with the strikes used and the spread
//    (least and greatest) of their forwards;
//  - its basis to the spot (implied - spot) and to the future (implied - future; the future is
//    the caller's: future_as_of, the expiry's future as of the moment, null when none was seen);
//  - the forward pricing uses under the policy (pricing/forward_choice.h), with its source, so
//    what an answer reports is what priced the IVs.
// Forwards and bases rounded to 2 decimals, years to 6.
#pragma once

#include <optional>
#include <vector>

#include "core/forward_source.h"
#include "core/strike.h"
#include "pricing/forward_choice.h"
#include "query/volatility_requests.h"
#include "store/chain_reader.h"

namespace strikeline {

// A side's price for put-call parity: the mid of its last quote when it has a bid and an ask
// (both positive, ask >= bid), else its last traded price; nullopt when neither.
std::optional<double> parity_premium(const SideState& side);

struct ExpiryForward {
  Expiry expiry;
  UtcSeconds as_of;
  double years = 0;  // to the 15:30 IST close, as the policy counts it (negative: expired)
  std::optional<double> spot;
  std::optional<double> implied;       // the parity median; nullopt: no strike with both prices
  std::vector<Strike> parity_strikes;  // the strikes the median took, ascending
  std::size_t priced_pairs = 0;        // listed strikes with both sides priced
  std::optional<double> implied_low, implied_high;  // the spread of their forwards
  std::optional<double> future;
  std::optional<double> basis_spot, basis_future;  // implied - spot, implied - future
  std::optional<double> forward;                   // what pricing uses under the policy
  std::optional<ForwardSource> forward_source;     // where it comes from
};

// `future`: the expiry's future as of the state's moment, when known.
ExpiryForward expiry_forward(const ChainState& state, const PricingPolicy& policy,
                             std::optional<double> future = std::nullopt);

// The forward pricing uses for the chain (the policy's choice among the future, the implied
// forward and the spot with the rate); nullopt when none is known. The option chain's `forward`.
std::optional<double> pricing_forward(const ChainState& state, const PricingPolicy& policy,
                                      std::optional<double> future = std::nullopt);

// The same choice unrounded, with what it prices on (pricing/forward_choice.h's ChosenForward:
// the forward for Black-76, or the spot with the rate), for queries that reprice options (the Greek
// exposures), the time to expiry counted from `at` (the moment the state stands for);
// pricing_forward() is its forward, from the state's as_of, rounded to 2 decimals. The implied
// forward is computed only when the policy asks for it (synthetic).
pricing::ChosenForward chosen_forward(const ChainState& state, UtcSeconds at,
                                      const PricingPolicy& policy,
                                      std::optional<double> future = std::nullopt);

// The expiry's future's last traded price as of `at` (store/futures_book.h: nothing observed after
// it, carried across minutes and days), nullopt when none was seen.
std::optional<double> future_as_of(const ChainReader& chain, std::string_view symbol, Expiry expiry,
                                   UtcSeconds at);

// GET /fo/implied-forward: expiry_forward of each requested expiry listed at the moment
// (ascending; an expiry with nothing listed then is left out), with the expiry's future as of
// the moment (future_as_of).
std::vector<ExpiryForward> implied_forwards(const ChainReader& chain, const PricingPolicy& policy,
                                            const ExpiriesAtRequest& request);

}  // namespace strikeline
