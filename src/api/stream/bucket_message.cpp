#include "api/stream/bucket_message.h"

#include "api/json_writer.h"
#include "query/atm.h"
#include "query/indicator.h"
#include "query/max_pain.h"
#include "query/open_interest_carry.h"

namespace strikeline {

namespace {

constexpr std::chrono::seconds kOpenInterestLookback{24 * 3600};

std::optional<double> analytic(const SideBar& side, double value) {
  if (!side.has_analytics()) return std::nullopt;
  return value;
}

std::optional<double> rounded(std::optional<double> v, int decimals) {
  if (!v) return v;
  return round_to(*v, decimals);
}

void write_side(JsonWriter& w, const SideBar& s) {
  w.begin_object();
  w.field("iv", rounded(analytic(s, s.iv), 4));
  w.field("delta", rounded(analytic(s, s.delta), 4));
  w.field("gamma", rounded(analytic(s, s.gamma), 6));
  w.field("theta", rounded(analytic(s, s.theta), 4));
  w.field("vega", rounded(analytic(s, s.vega), 4));
  w.field("volume", s.volume);
  w.field("oi", s.oi);
  w.field("count", static_cast<std::int64_t>(s.count));
  w.end_object();
}

}  // namespace

std::optional<std::string> encode_bucket_message(const ChainReader& chain, std::string_view symbol,
                                                 Expiry expiry, Timeframe tf, UtcSeconds bucket) {
  std::vector<StrikeBar> bars = chain.bucket(symbol, expiry, tf, bucket);
  if (bars.empty()) return std::nullopt;
  OpenInterestCarry::fill_from_history(chain, symbol, expiry, tf, bucket, kOpenInterestLookback,
                                       bars);
  std::int64_t call_volume = 0, put_volume = 0, call_oi = 0, put_oi = 0;
  for (const StrikeBar& b : bars) {
    call_volume += b.call.volume;
    put_volume += b.put.volume;
    call_oi += b.call.oi.value_or(0);
    put_oi += b.put.oi.value_or(0);
  }
  std::string out;
  out.reserve(256 + bars.size() * 320);
  JsonWriter w(out);
  w.begin_object();
  w.field("type", "fo_bucket");
  w.field("timeframe", timeframe_name(tf));
  w.field("symbol", symbol);
  w.field("expiry", format_date(expiry));
  w.field("bucket_time", epoch_seconds(bucket));
  w.key("strikes").begin_array();
  for (const StrikeBar& b : bars) {
    w.begin_object();
    w.field("strike", b.key.strike.to_double());
    w.key("call");
    write_side(w, b.call);
    w.key("put");
    write_side(w, b.put);
    w.field("underlying", b.underlying_close);
    w.end_object();
  }
  w.end_array();
  w.key("metrics").begin_object();
  w.field("underlying_close", rounded(bucket_underlying(bars), 4));
  w.field("total_call_volume", call_volume);
  w.field("total_put_volume", put_volume);
  w.field("total_call_oi", call_oi);
  w.field("total_put_oi", put_oi);
  w.field("pcr", call_oi > 0 ? std::optional(round_to(
                                   static_cast<double>(put_oi) / static_cast<double>(call_oi), 4))
                             : std::nullopt);
  const std::optional<Strike> pain = max_pain(bars);
  w.field("max_pain_strike", pain ? std::optional(pain->to_double()) : std::nullopt);
  w.end_object();
  w.end_object();
  return out;
}

}  // namespace strikeline
