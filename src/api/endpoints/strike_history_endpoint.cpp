// GET /fo/strike-history (API.md): one strike's candles over a window; format=csv gives one record
// per candle (time, underlying, the call_ and put_ fields, total_oi, total_volume, time_ist).
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/request_normalisation.h"
#include "query/strike_history.h"

namespace strikeline {

namespace {

void write_side(JsonWriter& json, const SideCandle& c) {
  json.begin_object()
      .field("open", c.open)
      .field("high", c.high)
      .field("low", c.low)
      .field("close", c.close)
      .field("volume", c.volume)
      .field("oi", c.oi)
      .field("oi_change", c.oi_change)
      .field("iv", c.iv)
      .field("delta", c.delta)
      .field("gamma", c.gamma)
      .field("theta", c.theta)
      .field("vega", c.vega)
      .field("last_price", c.last_price)
      .key("observed_at");
  write_time(json, c.observed_at);
  json.end_object();
}

constexpr std::string_view kSideColumns[] = {
    "open", "high",  "low",   "close", "volume", "oi",         "oi_change",
    "iv",   "delta", "gamma", "theta", "vega",   "last_price", "observed_at"};

void csv_side(CsvWriter& csv, const SideCandle& c) {
  csv.optional(c.open)
      .optional(c.high)
      .optional(c.low)
      .optional(c.close)
      .number(c.volume)
      .optional(c.oi)
      .optional(c.oi_change)
      .optional(c.iv)
      .optional(c.delta)
      .optional(c.gamma)
      .optional(c.theta)
      .optional(c.vega)
      .optional(c.last_price);
  if (c.observed_at) {
    csv.number(epoch_seconds(*c.observed_at));
  } else {
    csv.empty();
  }
}

// What computed the IVs served: the expiry's stored IVs up to the window's end.
StoredIvConvention convention_of(const ChainReader& chain, const StrikeHistoryRequest& request) {
  return chain.iv_convention(
      request.symbol, request.expiry,
      request.window ? std::optional<Date>(ist_date(request.window->to)) : std::nullopt);
}

void write_csv(HttpResponse& res, const ChainReader& chain, const StrikeHistoryRequest& request,
               const StrikeHistory& result) {
  CsvWriter csv = start_csv(res, 512 + 300 * result.candles.size());
  char strike[32];
  std::snprintf(strike, sizeof strike, "%g", request.strike.to_double());
  csv.comment("symbol", request.symbol)
      .comment("strike", strike)
      .comment("expiry", format_date(request.expiry))
      .comment("timeframe", timeframe_name(request.timeframe))
      .comment("iv_convention", stored_iv_convention_name(convention_of(chain, request)));
  comment_window(csv, request.window);
  csv.text("time").text("underlying");
  for (std::string_view side : {"call_", "put_"}) {
    for (std::string_view column : kSideColumns) csv.text(std::string(side) + std::string(column));
  }
  csv.text("total_oi").text("total_volume").text("time_ist").end_record();
  for (const HistoryCandle& c : result.candles) {
    csv.number(epoch_seconds(c.time)).optional(c.underlying);
    csv_side(csv, c.call);
    csv_side(csv, c.put);
    csv.number(c.total_oi).number(c.total_volume).text(ist_text(c.time)).end_record();
  }
}

}  // namespace

FoResponder strike_history_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_strike_history(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const std::optional<AnswerFormat> format = answer_format(ctx.params, res);
    if (!format) return 0;
    const StrikeHistoryRequest& request = parsed.value();
    const StrikeHistory result = strike_history(chain, request);
    if (*format == AnswerFormat::csv) {
      write_csv(res, chain, request, result);
      return static_cast<std::uint64_t>(result.oi_zero_points);
    }

    JsonWriter json = start_json(res, 512 + 900 * result.candles.size());
    json.begin_object()
        .field("status", "ok")
        .field("symbol", request.symbol)
        .field("strike", request.strike.to_double())
        .key("expiry");
    write_date(json, request.expiry);
    json.field("timeframe", timeframe_name(request.timeframe))
        .field("iv_convention", stored_iv_convention_name(convention_of(chain, request)));
    write_window(json, request.window);
    json.key("candles").begin_array();
    for (const HistoryCandle& c : result.candles) {
      json.begin_object().key("time");
      write_time(json, c.time);
      json.field("underlying", c.underlying);
      json.key("call");
      write_side(json, c.call);
      json.key("put");
      write_side(json, c.put);
      json.key("greeks")
          .begin_object()
          .field("call_iv", c.call.iv)
          .field("put_iv", c.put.iv)
          .field("call_delta", c.call.delta)
          .field("put_delta", c.put.delta)
          .field("call_gamma", c.call.gamma)
          .field("put_gamma", c.put.gamma)
          .field("call_theta", c.call.theta)
          .field("put_theta", c.put.theta)
          .field("call_vega", c.call.vega)
          .field("put_vega", c.put.vega)
          .end_object();
      json.key("oi")
          .begin_object()
          .field("call", c.call.oi.value_or(0))
          .field("put", c.put.oi.value_or(0))
          .field("total", c.total_oi)
          .end_object();
      json.key("volume")
          .begin_object()
          .field("call", c.call.volume)
          .field("put", c.put.volume)
          .field("total", c.total_volume)
          .end_object();
      json.end_object();
    }
    json.end_array().end_object();
    return static_cast<std::uint64_t>(result.oi_zero_points);
  };
}

}  // namespace strikeline
