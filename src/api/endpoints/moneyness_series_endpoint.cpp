// GET /fo/moneyness-series (API.md): one line per expiry and moneyness label; format=csv gives
// one record per point: expiry,bucket,time,value,time_ist.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/moneyness.h"
#include "query/moneyness_series.h"
#include "query/request_normalisation.h"

namespace strikeline {

FoResponder moneyness_series_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_moneyness_series(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const std::optional<AnswerFormat> format = answer_format(ctx.params, res);
    if (!format) return 0;
    const MoneynessSeriesRequest& request = parsed.value();
    const MoneynessSeries result = moneyness_series(chain, fo->service.contract_specs, request);
    for (Expiry e : result.expiries_without_oi) fo->missing_oi.report(request.symbol, e);

    // What computed the IVs (and Greeks) a series of them reads: each expiry's stored IVs up to
    // the window's end; over all the expiries for the CSV's header.
    const std::optional<Date> through =
        request.window ? std::optional<Date>(ist_date(request.window->to)) : std::nullopt;
    StoredIvConvention all = StoredIvConvention::unknown;
    for (Expiry e : request.expiries)
      all = combined(all, chain.iv_convention(request.symbol, e, through));
    if (*format == AnswerFormat::csv) {
      CsvWriter csv = start_csv(res);
      csv.comment("symbol", request.symbol)
          .comment("timeframe", timeframe_name(request.timeframe))
          .comment("indicator", indicator_name(request.indicator))
          .comment("option_side", side_selection_name(request.side))
          .comment("iv_convention", stored_iv_convention_name(all));
      comment_window(csv, request.window);
      csv.text("expiry").text("bucket").text("time").text("value").text("time_ist").end_record();
      for (const MoneynessLine& line : result.lines) {
        const std::string expiry = format_date(line.expiry);
        for (const MoneynessPoint& p : line.points) {
          csv.text(expiry)
              .text(moneyness_label(line.rank))
              .number(epoch_seconds(p.time))
              .number(p.value)
              .text(ist_text(p.time))
              .end_record();
        }
      }
      return static_cast<std::uint64_t>(result.oi_zero_points);
    }

    std::size_t points = 0;
    for (const MoneynessLine& line : result.lines) points += line.points.size();
    JsonWriter json = start_json(res, 512 + 40 * points + 64 * result.lines.size());
    json.begin_object()
        .field("status", "ok")
        .field("symbol", request.symbol)
        .field("timeframe", timeframe_name(request.timeframe))
        .field("indicator", indicator_name(request.indicator))
        .field("option_side", side_selection_name(request.side))
        .field("iv_convention", stored_iv_convention_name(all));
    write_window(json, request.window);
    json.key("expiries");
    write_expiry_array(json, request.expiries);
    json.key("series").begin_array();
    for (const MoneynessLine& line : result.lines) {
      json.begin_object().key("expiry");
      write_date(json, line.expiry);
      json.field("bucket", moneyness_label(line.rank))
          .field("iv_convention", stored_iv_convention_name(
                                      chain.iv_convention(request.symbol, line.expiry, through)))
          .key("oldest_observation");
      write_time(json, line.oldest_observation);
      json.key("points").begin_array();
      for (const MoneynessPoint& p : line.points) {
        json.begin_object().key("time");
        write_time(json, p.time);
        json.field("value", p.value).end_object();
      }
      json.end_array().end_object();
    }
    json.end_array().end_object();
    return static_cast<std::uint64_t>(result.oi_zero_points);
  };
}

}  // namespace strikeline
