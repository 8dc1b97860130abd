// GET /fo/futures: a symbol's futures over time (query/futures_series.h): per expiry and bucket
// the price, spot, basis (absolute and annualised %), OI with its change against the previous
// day's close, volume and the observation time, and per bucket the rollover (near, next and far
// futures' OI, rollover %, days to the near expiry).
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/futures_series.h"

namespace strikeline {

namespace {

void write_optional_date(JsonWriter& json, const std::optional<Expiry>& date) {
  if (date) {
    write_date(json, *date);
  } else {
    json.null();
  }
}

void write_point(JsonWriter& json, const FuturePoint& p) {
  json.begin_object().key("time");
  write_time(json, p.time);
  json.field("price", p.price)
      .field("spot", p.spot)
      .field("basis", p.basis)
      .field("basis_annualised_pct", p.basis_annualised_pct)
      .field("oi", p.oi)
      .field("oi_change", p.oi_change)
      .field("volume", p.volume)
      .key("observed_at");
  write_time(json, p.observed_at);
  json.end_object();
}

void write_rollover(JsonWriter& json, const RolloverPoint& r) {
  json.begin_object().key("time");
  write_time(json, r.time);
  json.key("near_expiry");
  write_optional_date(json, r.near);
  json.key("next_expiry");
  write_optional_date(json, r.next);
  json.key("far_expiry");
  write_optional_date(json, r.far);
  json.field("near_oi", r.near_oi)
      .field("next_oi", r.next_oi)
      .field("far_oi", r.far_oi)
      .field("rollover_pct", r.rollover_pct)
      .key("days_to_near_expiry");
  if (r.days_to_near_expiry) {
    json.number(static_cast<std::int64_t>(*r.days_to_near_expiry));
  } else {
    json.null();
  }
  json.end_object();
}

}  // namespace

FoResponder futures_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_futures(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const FuturesRequest& request = parsed.value();
    const FuturesAnswer answer = futures_series(chain, request);
    std::size_t points = answer.rollover.size();
    for (const FutureSeriesOfExpiry& s : answer.series) points += s.points.size();
    JsonWriter json = start_json(res, 512 + 260 * points);
    json.begin_object()
        .field("status", "ok")
        .field("symbol", request.symbol)
        .field("timeframe", timeframe_name(request.timeframe));
    write_window(json, request.window);
    json.key("series").begin_array();
    for (const FutureSeriesOfExpiry& s : answer.series) {
      json.begin_object().key("expiry");
      write_date(json, s.expiry);
      json.key("points").begin_array();
      for (const FuturePoint& p : s.points) write_point(json, p);
      json.end_array().end_object();
    }
    json.end_array().key("rollover").begin_array();
    for (const RolloverPoint& r : answer.rollover) write_rollover(json, r);
    json.end_array().end_object();
    return 0;
  };
}

}  // namespace strikeline
