// GET /fo/exposures (README "Greek exposures"): one expiry's gamma, delta and vega exposure by
// strike and in total and the zero-gamma level at a moment, or with from/to the totals and the
// zero-gamma level per bucket. Rupee figures are rounded to the paisa, levels to 2 decimals.
#include "api/endpoints/analytics_fields.h"
#include "api/endpoints/endpoints.h"
#include "api/option_chain_fields.h"
#include "query/exposures.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

constexpr std::string_view kConvention =
    "dealers long the calls and short the puts open: calls count positive, puts negative; "
    "GEX = sign x gamma x OI (units) x spot^2 x 0.01 and DEX = delta x OI x spot x 0.01 (rupees "
    "per 1 % move of the spot), VEX = sign x vega x OI (rupees per vol point); Greeks recomputed "
    "from each side's last IV on the forward the server prices the expiry with (Black-76 on a "
    "future or synthetic forward, Black-Scholes on the spot with the rate), the forward moving "
    "with the spot (F' = F x S'/S), delta and gamma per rupee of the spot";

std::optional<double> rupees(const std::optional<double>& v) {
  return round_optional(v, 2);
}

void write_totals(JsonWriter& json, const ExposureSnapshot& s) {
  json.key("totals");
  if (!s.totals) {
    json.null();
    return;
  }
  const ExposureTotals& t = *s.totals;
  json.begin_object()
      .field("gex", round_to(t.gex, 2))
      .field("dex", round_to(t.dex, 2))
      .field("vex", round_to(t.vex, 2))
      .field("call_gex", round_to(t.call_gex, 2))
      .field("put_gex", round_to(t.put_gex, 2))
      .field("call_dex", round_to(t.call_dex, 2))
      .field("put_dex", round_to(t.put_dex, 2))
      .field("call_vex", round_to(t.call_vex, 2))
      .field("put_vex", round_to(t.put_vex, 2))
      .end_object();
}

void write_zero_gamma(JsonWriter& json, const ExposureSnapshot& s) {
  json.key("zero_gamma");
  if (s.zero_gamma) {
    json.number(round_to(s.zero_gamma->level, 2));
  } else {
    json.null();
  }
  json.key("zero_gamma_bracket");
  if (s.zero_gamma) {
    json.begin_array()
        .number(round_to(s.zero_gamma->low, 2))
        .number(round_to(s.zero_gamma->high, 2))
        .end_array();
  } else {
    json.null();
  }
}

// The forward the Greeks priced on and where it came from (null: none known).
void write_forward(JsonWriter& json, const ExposureSnapshot& s) {
  json.field("forward", round_optional(s.forward, 2)).key("forward_source");
  if (s.forward_source) {
    json.string(forward_source_name(*s.forward_source));
  } else {
    json.null();
  }
}

void write_side(JsonWriter& json, const SideExposure& s) {
  json.begin_object()
      .field("oi", s.oi)
      .field("iv", round_optional(s.iv, 4))
      .field("delta", round_optional(s.delta, 4))
      .field("gamma", round_optional(s.gamma, 6))
      .field("vega", round_optional(s.vega, 4))
      .field("gex", rupees(s.gex))
      .field("dex", rupees(s.dex))
      .field("vex", rupees(s.vex))
      .end_object();
}

void write_moment(const Exposures& e, const ExposuresRequest& request, HttpResponse& res) {
  const ExposureSnapshot& s = e.snapshot;
  JsonWriter json = start_json(res, 2048 + 420 * s.rows.size());
  json.begin_object().field("status", "ok").field("symbol", e.symbol);
  write_expiry_fields(json, e.expiry, &e.expiry_label);
  json.key("days_to_expiry")
      .optional(e.days_to_expiry)
      .field("lot_size", e.lot_size)
      .field("as_of", static_cast<std::int64_t>(epoch_seconds(e.as_of)))
      .field("as_of_ist", chain_ist_text(e.as_of))
      .field("spot", round_optional(s.spot, 2));
  write_forward(json, s);
  json.key("atm_strike");
  write_strike(json, s.atm_strike);
  json.field("years", round_to(s.years, 8))
      .field("rate", request.pricing.rate)
      .field("pricing_forward", forward_source_name(request.pricing.forward))
      .field("iv_convention", iv_convention_name(request.convention))
      .field("convention", kConvention);
  json.key("strike_range").optional(e.strike_range);
  json.field("listed_strikes", static_cast<std::int64_t>(e.listed_strikes))
      .key("oldest_observation");
  write_time(json, e.oldest_observation);
  json.field("priced", s.priced).field("unpriced", s.unpriced);
  write_totals(json, s);
  write_zero_gamma(json, s);
  json.key("rows").begin_array();
  for (const ExposureRow& row : s.rows) {
    json.begin_object()
        .field("strike", row.strike.to_double())
        .field("gex", round_to(row.gex, 2))
        .field("dex", round_to(row.dex, 2))
        .field("vex", round_to(row.vex, 2))
        .key("call");
    write_side(json, row.call);
    json.key("put");
    write_side(json, row.put);
    json.end_object();
  }
  json.end_array().end_object();
}

void write_series(const ExposureSeries& series, const ExposuresRequest& request,
                  HttpResponse& res) {
  JsonWriter json = start_json(res, 1024 + 260 * series.points.size());
  json.begin_object().field("status", "ok").field("symbol", request.symbol);
  write_expiry_fields(json, series.expiry);
  json.field("timeframe", timeframe_name(request.timeframe));
  write_window(json, request.window);
  json.field("rate", request.pricing.rate)
      .field("pricing_forward", forward_source_name(request.pricing.forward))
      .field("iv_convention", iv_convention_name(request.convention))
      .field("convention", kConvention);
  json.key("points").begin_array();
  for (const ExposurePoint& p : series.points) {
    const ExposureSnapshot& s = p.snapshot;
    json.begin_object().key("time");
    write_time(json, p.time);
    json.field("spot", round_optional(s.spot, 2));
    write_forward(json, s);
    json.field("gex", rupees(s.totals ? std::optional<double>(s.totals->gex) : std::nullopt))
        .field("dex", rupees(s.totals ? std::optional<double>(s.totals->dex) : std::nullopt))
        .field("vex", rupees(s.totals ? std::optional<double>(s.totals->vex) : std::nullopt));
    write_zero_gamma(json, s);
    json.field("priced", s.priced).field("unpriced", s.unpriced).end_object();
  }
  json.end_array().end_object();
}

}  // namespace

FoResponder exposures_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    const IvConvention convention =
        parse_iv_convention(fo->service.iv_convention).value_or(IvConvention::strikeline);
    auto parsed = normalise_exposures(ctx.params, chain, ctx.received, convention);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    ExposuresRequest& request = parsed.value();
    request.pricing = fo->service.pricing;  // the forward the Greeks price on: the server's
    if (request.series) {
      write_series(exposure_series(chain, request), request, res);
    } else {
      write_moment(exposures(chain, fo->service.contract_specs, request), request, res);
    }
    return 0;
  };
}

}  // namespace strikeline
