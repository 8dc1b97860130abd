#include "query/exposures.h"

#include <cassert>
#include <cmath>

#include "query/atm.h"
#include "query/expiry_forward.h"
#include "query/expiry_header.h"

namespace strikeline {

namespace {

// What every option of the snapshot prices on: Black-76 on `forward` (with `ratio` = F / S, the
// forward moving with the spot) or Black-Scholes on the spot with the rate and dividend yield.
struct ExposurePricing {
  bool on_forward = false;
  double spot = 0, forward = 0, ratio = 1;
  double years = 0, rate = 0, dividend_yield = 0;
  // The dividend yield q that makes Black-Scholes' forward S exp((r - q) T) the priced one: the
  // zero-gamma curve's carry (on a forward: r - ln(F / S) / T).
  double curve_yield = 0;
};

// A side's exposures (its OI and IV filled in `out` already); whether it was priced.
bool price_side(SideExposure& out, Side side, double strike, const ExposurePricing& p) {
  if (!out.oi || !out.iv) return false;
  const double sigma = *out.iv / 100.0;
  const pricing::GreeksResult g =
      p.on_forward ? pricing::black76_greeks(side, p.forward, strike, sigma, p.years, p.rate)
                   : pricing::black_scholes_greeks(side, p.spot, strike, sigma, p.years, p.rate,
                                                   p.dividend_yield);
  if (g.status != pricing::PricingStatus::ok) return false;
  const double sign = side == Side::call ? 1.0 : -1.0;
  const double oi = static_cast<double>(*out.oi);
  // Per rupee of the spot: dF/dS = F / S (1 on the spot).
  const double ratio = p.on_forward ? p.ratio : 1.0;
  out.gamma = g.greeks.gamma * ratio * ratio;
  out.delta = g.greeks.delta * ratio;
  out.vega = g.greeks.vega;
  out.gex = sign * *out.gamma * oi * p.spot * p.spot * 0.01;
  out.dex = *out.delta * oi * p.spot * 0.01;
  out.vex = sign * g.greeks.vega * oi;
  return true;
}

SideExposure side_inputs(const SideState& s) {
  SideExposure out;
  out.oi = s.oi;
  if (s.has_analytics && s.iv > 0) out.iv = s.iv;
  return out;
}

void add(ExposureTotals& totals, const SideExposure& s, Side side) {
  if (!s.gex) return;
  (side == Side::call ? totals.call_gex : totals.put_gex) += *s.gex;
  (side == Side::call ? totals.call_dex : totals.put_dex) += *s.dex;
  (side == Side::call ? totals.call_vex : totals.put_vex) += *s.vex;
}

// What the exposures read from the state: OI and IV, and the prices and quotes the implied
// forward takes when the policy prices on it.
StateFields exposure_fields(const PricingPolicy& policy) {
  const bool parity = policy.forward == ForwardSource::synthetic;
  return {.oi = true, .price = parity, .analytics = true, .quote = parity, .volume = false};
}

}  // namespace

ExposureSnapshot exposures_of(const ChainState& state, UtcSeconds moment, IvConvention convention,
                              const PricingPolicy& policy, std::optional<double> future,
                              const std::optional<int>& range, bool with_rows) {
  ExposureSnapshot out;
  const std::optional<std::size_t> atm = atm_index(state);
  if (atm) out.atm_strike = state.strikes[*atm].strike;
  out.spot = state.underlying;
  out.years = convention_years(convention, state.expiry, Timestamp{moment});
  const pricing::ChosenForward chosen = chosen_forward(state, moment, policy, future);
  if (chosen.found) {
    out.forward = chosen.forward;
    out.forward_source = chosen.source;
  }
  if (!out.spot || !(*out.spot > 0) || !(out.years > 0) || !chosen.found) return out;
  ExposurePricing p;
  p.spot = *out.spot;
  p.years = out.years;
  p.rate = policy.rate;
  p.dividend_yield = policy.dividend_yield;
  p.curve_yield = policy.dividend_yield;
  if (chosen.underlying_is_forward) {
    p.on_forward = true;
    p.forward = chosen.forward;
    p.ratio = chosen.forward / p.spot;
    p.curve_yield = policy.rate - std::log(p.ratio) / p.years;
  }
  const double spot = p.spot;

  StrikeSpan span{0, state.strikes.size()};
  if (atm && range) span = strikes_around(*atm, state.strikes.size(), *range);
  if (with_rows) out.rows.reserve(span.last - span.first);
  ExposureTotals totals;
  std::vector<ExposureOption> options;
  options.reserve(2 * state.strikes.size());
  for (std::size_t i = 0; i < state.strikes.size(); ++i) {
    const StrikeState& s = state.strikes[i];
    const double strike = s.strike.to_double();
    ExposureRow row;
    row.strike = s.strike;
    row.call = side_inputs(s.call);
    row.put = side_inputs(s.put);
    for (Side side : kBothSides) {
      SideExposure& e = side == Side::call ? row.call : row.put;
      const bool priced = price_side(e, side, strike, p);
      if (e.oi && *e.oi != 0) ++(priced ? out.priced : out.unpriced);
      if (!priced) continue;
      add(totals, e, side);
      row.gex += *e.gex;
      row.dex += *e.dex;
      row.vex += *e.vex;
      if (*e.oi != 0) {
        const double oi = static_cast<double>(*e.oi);
        options.push_back({strike, *e.iv / 100.0, side == Side::call ? oi : -oi});
      }
    }
    if (with_rows && i >= span.first && i < span.last) out.rows.push_back(row);
  }
  if (out.priced == 0) return out;
  totals.gex = totals.call_gex + totals.put_gex;
  totals.dex = totals.call_dex + totals.put_dex;
  totals.vex = totals.call_vex + totals.put_vex;
  out.totals = totals;
  const GammaCurve curve(std::move(options), out.years, p.rate, p.curve_yield);
  out.zero_gamma = zero_gamma_level(curve, spot);
  return out;
}

Exposures exposures(const ChainReader& chain, const ContractSpecs& specs,
                    const ExposuresRequest& request) {
  Exposures out;
  out.symbol = request.symbol;
  out.expiry = request.expiry;
  out.as_of = request.as_of;
  out.strike_range = request.strike_range;
  if (!request.expiry) return out;
  const Expiry expiry = *request.expiry;
  ExpiryHeader header = expiry_header(chain, specs, request.symbol, expiry, request.as_of);
  out.expiry_label = std::move(header.label);
  out.days_to_expiry = header.days_to_expiry;
  out.lot_size = header.lot_size;
  const std::optional<ChainState> state = chain.chain_at(request.symbol, expiry, request.as_of);
  if (!state) return out;
  out.listed_strikes = state->strikes.size();
  out.oldest_observation = state->oldest_observation();
  out.snapshot = exposures_of(*state, request.as_of, request.convention, request.pricing,
                              future_as_of(chain, request.symbol, expiry, request.as_of),
                              request.strike_range, true);
  return out;
}

ExposureSeries exposure_series(const ChainReader& chain, const ExposuresRequest& request) {
  ExposureSeries out;
  out.expiry = request.expiry;
  if (!request.expiry || !request.window) return out;
  const std::chrono::seconds length = timeframe_length(request.timeframe);
  chain.for_each_bucket_state(
      request.symbol, *request.expiry, request.timeframe, request.window->from, request.window->to,
      request.until, false, exposure_fields(request.pricing),
      [&](UtcSeconds time, std::vector<StrikeBar>&, const ChainState& state) {
        UtcSeconds moment = time + length;
        if (request.until && *request.until < moment) moment = *request.until;
        const std::optional<double> future =
            future_as_of(chain, request.symbol, *request.expiry, moment);
        out.points.push_back({time, exposures_of(state, moment, request.convention, request.pricing,
                                                 future, request.strike_range, false)});
      });
  return out;
}

}  // namespace strikeline
