// GET /fo/strike-distribution (API.md): one series per expiry, from the chain as of the moment.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/moneyness.h"
#include "query/request_normalisation.h"
#include "query/strike_distribution.h"

namespace strikeline {

FoResponder strike_distribution_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_strike_distribution(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const StrikeDistributionRequest& request = parsed.value();
    const StrikeDistribution result =
        strike_distribution(chain, fo->service.contract_specs, request);
    for (Expiry e : result.expiries_without_oi) fo->missing_oi.report(request.symbol, e);

    JsonWriter json =
        start_json(res, 512 + 256 * (2 * request.strike_range + 1) * result.series.size());
    json.begin_object()
        .field("status", "ok")
        .field("symbol", request.symbol)
        .field("timeframe", timeframe_name(request.timeframe))
        .field("indicator", indicator_name(request.indicator))
        .field("option_side", side_selection_name(request.side))
        .field("strike_range", request.strike_range);
    json.key("bucket_time");
    write_time(json, request.as_of_given ? std::optional(request.as_of) : std::nullopt);
    json.key("as_of");
    write_time(json, request.as_of);
    json.key("expiries");
    write_expiry_array(json, request.expiries);
    json.key("series").begin_array();
    for (const DistributionSeries& s : result.series) {
      json.begin_object().key("expiry");
      write_date(json, s.expiry);
      json.key("bucket_time");
      write_time(json, s.bucket_time);
      json.key("as_of");
      write_time(json, s.as_of);
      json.key("oldest_observation");
      write_time(json, s.oldest_observation);
      json.field("underlying", s.underlying);
      json.key("atm_strike");
      write_strike(json, s.atm_strike);
      json.key("points").begin_array();
      for (const DistributionPoint& p : s.points) {
        json.begin_object()
            .field("strike", p.strike.to_double())
            .field("value", p.value)
            .field("call", p.call)
            .field("put", p.put)
            .field("call_oi", p.call_oi)
            .field("put_oi", p.put_oi);
        json.key("moneyness");
        if (p.moneyness_rank) {
          json.string(moneyness_label(*p.moneyness_rank));
        } else {
          json.null();
        }
        json.key("bucket_time");
        write_time(json, s.bucket_time);
        json.key("call_observed_at");
        write_time(json, p.call_observed_at);
        json.key("put_observed_at");
        write_time(json, p.put_observed_at);
        json.field("underlying", s.underlying).end_object();
      }
      json.end_array().end_object();
    }
    json.end_array().end_object();
    return static_cast<std::uint64_t>(result.oi_zero_points);
  };
}

}  // namespace strikeline
