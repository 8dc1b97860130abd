// GET /fo/expiry-metrics (API.md): per bucket of one expiry, totals, PCR, max pain and ATM figures.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/expiry_metrics.h"
#include "query/request_normalisation.h"

namespace strikeline {

FoResponder expiry_metrics_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_expiry_metrics(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const ExpiryMetricsRequest& request = parsed.value();
    const ExpiryMetrics result = expiry_metrics(chain, fo->service.contract_specs, request);

    JsonWriter json = start_json(res, 512 + 400 * result.points.size());
    json.begin_object().field("status", "ok").field("symbol", request.symbol).key("expiry");
    if (result.expiry) {
      write_date(json, *result.expiry);
    } else {
      json.null();
    }
    json.field("timeframe", timeframe_name(request.timeframe));
    write_window(json, request.window);
    json.key("points").begin_array();
    for (const ExpiryMetricsPoint& p : result.points) {
      json.begin_object().key("time");
      write_time(json, p.time);
      json.field("underlying", p.underlying)
          .field("total_call_oi", p.total_call_oi)
          .field("total_put_oi", p.total_put_oi)
          .field("total_call_volume", p.total_call_volume)
          .field("total_put_volume", p.total_put_volume)
          .field("pcr", p.pcr)
          .field("pcr_volume", p.pcr_volume)
          .key("max_pain");
      write_strike(json, p.max_pain);
      json.key("atm_strike");
      write_strike(json, p.atm_strike);
      json.field("atm_iv", p.atm_iv).field("atm_straddle", p.atm_straddle);
      json.key("oldest_observation");
      write_time(json, p.oldest_observation);
      json.end_object();
    }
    json.end_array().end_object();
    return 0;
  };
}

}  // namespace strikeline
