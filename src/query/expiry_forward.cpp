#include "query/expiry_forward.h"

#include <algorithm>
#include <cassert>
#include <cmath>

#include "core/iv_convention.h"
#include "pricing/implied_forward.h"
#include "query/indicator.h"

namespace strikeline {

std::optional<double> parity_premium(const SideState& side) {
  if (side.bid && side.ask && *side.bid > 0 && *side.ask >= *side.bid && std::isfinite(*side.ask)) {
    return (*side.bid + *side.ask) / 2;
  }
  if (side.last_price && *side.last_price > 0 && std::isfinite(*side.last_price)) {
    return side.last_price;
  }
  return std::nullopt;
}

namespace {

double policy_years(Expiry expiry, UtcSeconds at, const PricingPolicy& policy) {
  return convention_years(policy.whole_days ? IvConvention::nse : IvConvention::strikeline, expiry,
                          Timestamp{at});
}

// Put-call parity over the state's strikes (pricing/implied_forward.h); `priced_pairs` counts the
// strikes with both sides priced.
pricing::ImpliedForward parity_forward(const ChainState& state, double years, double rate,
                                       std::size_t& priced_pairs) {
  std::vector<pricing::ParityQuote> quotes;
  quotes.reserve(state.strikes.size());
  for (const StrikeState& s : state.strikes) {
    const std::optional<double> call = parity_premium(s.call);
    const std::optional<double> put = parity_premium(s.put);
    if (call && put) ++priced_pairs;
    quotes.push_back({s.strike.to_double(), call.value_or(0), put.value_or(0)});
  }
  return pricing::implied_forward(quotes, state.underlying.value_or(0), std::max(years, 0.0), rate);
}

}  // namespace

ExpiryForward expiry_forward(const ChainState& state, const PricingPolicy& policy,
                             std::optional<double> future) {
  ExpiryForward out;
  out.expiry = state.expiry;
  out.as_of = state.as_of;
  out.years = policy_years(state.expiry, state.as_of, policy);
  out.spot = state.underlying;
  out.future = future;

  const pricing::ImpliedForward implied =
      parity_forward(state, out.years, policy.rate, out.priced_pairs);
  if (implied.found && out.years >= 0) {
    out.implied = implied.forward;
    out.implied_low = round_to(implied.low, 2);
    out.implied_high = round_to(implied.high, 2);
    for (std::size_t i = 0; i < implied.used; ++i) {
      out.parity_strikes.push_back(state.strikes[implied.indices[i]].strike);
    }
    if (out.spot) out.basis_spot = round_to(*out.implied - *out.spot, 2);
    if (out.future) out.basis_future = round_to(*out.implied - *out.future, 2);
  }
  const pricing::ChosenForward chosen = pricing::choose_forward(
      policy, std::max(out.years, 0.0), {out.spot, out.future, out.implied});
  if (chosen.found) {
    out.forward = round_to(chosen.forward, 2);
    out.forward_source = chosen.source;
  }
  if (out.implied) out.implied = round_to(*out.implied, 2);
  assert(out.parity_strikes.size() <= out.priced_pairs);
  return out;
}

std::optional<double> pricing_forward(const ChainState& state, const PricingPolicy& policy,
                                      std::optional<double> future) {
  // The choice alone: the implied forward only under --forward synthetic (the option chain asks
  // for this on every answer; expiry_forward() would run put-call parity whatever the choice).
  const pricing::ChosenForward chosen = chosen_forward(state, state.as_of, policy, future);
  if (!chosen.found) return std::nullopt;
  return round_to(chosen.forward, 2);
}

pricing::ChosenForward chosen_forward(const ChainState& state, UtcSeconds at,
                                      const PricingPolicy& policy, std::optional<double> future) {
  const double years = policy_years(state.expiry, at, policy);
  std::optional<double> implied;
  if (policy.forward == ForwardSource::synthetic && years >= 0) {
    std::size_t priced_pairs = 0;
    const pricing::ImpliedForward parity = parity_forward(state, years, policy.rate, priced_pairs);
    if (parity.found) implied = parity.forward;
  }
  return pricing::choose_forward(policy, std::max(years, 0.0), {state.underlying, future, implied});
}

std::vector<ExpiryForward> implied_forwards(const ChainReader& chain, const PricingPolicy& policy,
                                            const ExpiriesAtRequest& request) {
  std::vector<ExpiryForward> out;
  for (Expiry e : request.expiries) {
    if (const std::optional<ChainState> state = chain.chain_at(request.symbol, e, request.as_of)) {
      out.push_back(
          expiry_forward(*state, policy, future_as_of(chain, request.symbol, e, request.as_of)));
    }
  }
  return out;
}

std::optional<double> future_as_of(const ChainReader& chain, std::string_view symbol, Expiry expiry,
                                   UtcSeconds at) {
  const FuturesBook* futures = chain.futures();
  if (!futures) return std::nullopt;
  const std::optional<FutureState> state = futures->state_at(symbol, expiry, at);
  return state ? state->price : std::nullopt;
}

}  // namespace strikeline
