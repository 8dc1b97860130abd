#include "api/stream/bucket_message.h"

#include "api/json_writer.h"
#include "query/atm.h"
#include "query/indicator.h"
#include "query/max_pain.h"
#include "query/strike_distribution.h"

namespace strikeline {

namespace {

std::optional<double> analytic(const SideState& side, double value) {
  if (!side.has_analytics) return std::nullopt;
  return value;
}

std::optional<double> rounded(std::optional<double> v, int decimals) {
  if (!v) return v;
  return round_to(*v, decimals);
}

std::optional<std::int64_t> epoch(const std::optional<UtcSeconds>& t) {
  if (!t) return std::nullopt;
  return epoch_seconds(*t);
}

void write_side(JsonWriter& w, const SideState& s, const SideBar* flow) {
  w.begin_object();
  w.field("iv", rounded(analytic(s, s.iv), 4));
  w.field("delta", rounded(analytic(s, s.delta), 4));
  w.field("gamma", rounded(analytic(s, s.gamma), 6));
  w.field("theta", rounded(analytic(s, s.theta), 4));
  w.field("vega", rounded(analytic(s, s.vega), 4));
  w.field("volume", flow ? flow->volume : std::int64_t{0});
  w.field("oi", s.oi);
  w.field("oi_change", s.oi_change);
  w.field("last_price", rounded(s.last_price, 4));
  w.field("count", static_cast<std::int64_t>(flow ? flow->count : 0));
  w.field("observed_at", epoch(s.observed_at));
  w.end_object();
}

std::string encode(std::string_view symbol, Expiry expiry, Timeframe tf, UtcSeconds bucket,
                   const ChainState& state, std::span<const StrikeBar> flows) {
  std::int64_t call_volume = 0, put_volume = 0, call_oi = 0, put_oi = 0;
  for (const StrikeBar& b : flows) {
    call_volume += b.call.volume;
    put_volume += b.put.volume;
  }
  for (const StrikeState& s : state.strikes) {
    call_oi += s.call.oi.value_or(0);
    put_oi += s.put.oi.value_or(0);
  }
  std::string out;
  out.reserve(320 + state.strikes.size() * 420);
  JsonWriter w(out);
  w.begin_object();
  w.field("type", "fo_bucket");
  w.field("timeframe", timeframe_name(tf));
  w.field("symbol", symbol);
  w.field("expiry", format_date(expiry));
  w.field("bucket_time", epoch_seconds(bucket));
  w.field("as_of", epoch_seconds(state.as_of));
  w.field("oldest_observation", epoch(state.oldest_observation()));
  w.key("strikes").begin_array();
  for (const StrikeState& s : state.strikes) {
    const StrikeBar* flow = find_bar(flows, s.strike);
    w.begin_object();
    w.field("strike", s.strike.to_double());
    w.key("call");
    write_side(w, s.call, flow ? &flow->call : nullptr);
    w.key("put");
    write_side(w, s.put, flow ? &flow->put : nullptr);
    w.field("underlying", flow ? flow->underlying_close : std::nullopt);
    w.end_object();
  }
  w.end_array();
  w.key("metrics").begin_object();
  w.field("underlying_close", rounded(state.underlying, 4));
  const std::optional<std::size_t> atm = atm_index(state);
  w.field("atm_strike", atm ? std::optional(state.strikes[*atm].strike.to_double()) : std::nullopt);
  w.field("total_call_volume", call_volume);
  w.field("total_put_volume", put_volume);
  w.field("total_call_oi", call_oi);
  w.field("total_put_oi", put_oi);
  w.field("pcr", call_oi > 0 ? std::optional(round_to(
                                   static_cast<double>(put_oi) / static_cast<double>(call_oi), 4))
                             : std::nullopt);
  const std::optional<Strike> pain = max_pain(state.strikes);
  w.field("max_pain_strike", pain ? std::optional(pain->to_double()) : std::nullopt);
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace

std::optional<std::string> encode_bucket_message(const ChainReader& chain, std::string_view symbol,
                                                 Expiry expiry, Timeframe tf, UtcSeconds bucket) {
  std::optional<std::string> out;
  chain.for_each_bucket_state(
      symbol, expiry, tf, bucket, bucket, std::nullopt, true, StateFields::all(),
      [&](UtcSeconds b, std::vector<StrikeBar>& flows, const ChainState& state) {
        out = encode(symbol, expiry, tf, b, state, flows);
      });
  return out;
}

}  // namespace strikeline
