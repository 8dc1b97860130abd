#include "query/option_chain.h"

#include <cassert>

#include "query/atm.h"
#include "query/expiry_forward.h"
#include "query/expiry_header.h"
#include "query/indicator.h"
#include "query/max_pain.h"
#include "query/moneyness.h"

namespace strikeline {

namespace {

std::optional<double> rounded(const std::optional<double>& v, int decimals) {
  if (v) return round_to(*v, decimals);
  return v;
}

std::optional<double> analytic(const SideState& s, double value, int decimals) {
  if (!s.has_analytics) return std::nullopt;
  return round_to(value, decimals);
}

OptionChainSide side_of(const SideState& s, const SideState* at_since) {
  OptionChainSide out;
  out.ltp = rounded(s.last_price, 4);
  if (s.last_price && s.previous_close) {
    out.change = round_to(*s.last_price - *s.previous_close, 4);
    if (*s.previous_close != 0) {
      out.change_pct = round_to((*s.last_price - *s.previous_close) / *s.previous_close * 100, 2);
    }
  }
  out.bid = rounded(s.bid, 4);
  out.ask = rounded(s.ask, 4);
  out.bid_qty = s.bid_qty;
  out.ask_qty = s.ask_qty;
  out.volume = s.day_volume;
  out.oi = s.oi;
  out.oi_change = s.oi_change;
  if (s.oi && at_since && at_since->oi) out.oi_change_since = *s.oi - *at_since->oi;
  out.iv = analytic(s, s.iv, 4);
  out.delta = analytic(s, s.delta, 4);
  out.gamma = analytic(s, s.gamma, 6);
  out.theta = analytic(s, s.theta, 4);
  out.vega = analytic(s, s.vega, 4);
  out.observed_at = s.observed_at;
  return out;
}

void add_totals(OptionChainSideTotals& totals, const SideState& s) {
  totals.oi += s.oi.value_or(0);
  totals.oi_change += s.oi_change.value_or(0);
  totals.volume += s.day_volume;
}

void note_oldest(std::optional<UtcSeconds>& oldest, const SideState& s) {
  if (s.observed_at && (!oldest || *s.observed_at < *oldest)) oldest = s.observed_at;
}

}  // namespace

OptionChain option_chain(const ChainReader& chain, const ContractSpecs& specs,
                         const OptionChainRequest& request) {
  OptionChain out;
  out.symbol = request.symbol;
  out.expiry = request.expiry;
  out.as_of = request.as_of;
  out.since = request.since;
  out.strike_range = request.strike_range;
  out.session_day = chain.session_day(request.symbol, request.as_of);
  if (!request.expiry) return out;
  const Expiry expiry = *request.expiry;
  ExpiryHeader header = expiry_header(chain, specs, request.symbol, expiry, request.as_of);
  out.expiry_label = std::move(header.label);
  out.days_to_expiry = header.days_to_expiry;
  out.lot_size = header.lot_size;
  out.iv_convention =
      chain.iv_convention(request.symbol, expiry, ist_date(Timestamp{request.as_of}));

  const std::optional<ChainState> state = chain.chain_at(request.symbol, expiry, request.as_of);
  const std::optional<double> future = future_as_of(chain, request.symbol, expiry, request.as_of);
  if (future) out.future = round_to(*future, 4);
  if (!state) return out;
  std::optional<ChainState> earlier;
  if (request.since < request.as_of) {
    earlier = chain.chain_at(request.symbol, expiry, request.since);
  }
  const ChainState* since_state =
      request.since < request.as_of ? (earlier ? &*earlier : nullptr) : &*state;

  out.listed_strikes = state->strikes.size();
  if (state->underlying) out.spot = round_to(*state->underlying, 2);
  out.forward = pricing_forward(*state, request.pricing, future);
  for (const StrikeState& s : state->strikes) {
    add_totals(out.call_totals, s.call);
    add_totals(out.put_totals, s.put);
  }
  if (out.call_totals.oi > 0) {
    out.pcr = round_to(
        static_cast<double>(out.put_totals.oi) / static_cast<double>(out.call_totals.oi), 4);
  }
  out.max_pain = max_pain(state->strikes);

  const std::optional<std::size_t> atm = atm_index(*state);
  StrikeSpan span{0, state->strikes.size()};
  if (atm) {
    out.atm_strike = state->strikes[*atm].strike;
    if (request.strike_range) {
      span = strikes_around(*atm, state->strikes.size(), *request.strike_range);
    }
  }
  out.rows.reserve(span.last - span.first);
  for (std::size_t i = span.first; i < span.last; ++i) {
    const StrikeState& s = state->strikes[i];
    const StrikeState* then = since_state ? since_state->find(s.strike) : nullptr;
    OptionChainRow& row = out.rows.emplace_back();
    row.strike = s.strike;
    row.call = side_of(s.call, then ? &then->call : nullptr);
    row.put = side_of(s.put, then ? &then->put : nullptr);
    if (atm) {
      const int level = moneyness_level(i, *atm);
      row.call.moneyness_rank = moneyness_rank(level, SideSelection::call);
      row.put.moneyness_rank = moneyness_rank(level, SideSelection::put);
    }
    note_oldest(out.oldest_observation, s.call);
    note_oldest(out.oldest_observation, s.put);
    if (oi_missing_or_zero(s.call) || oi_missing_or_zero(s.put)) ++out.oi_zero_points;
  }
  assert(out.rows.size() <= out.listed_strikes);
  return out;
}

}  // namespace strikeline
