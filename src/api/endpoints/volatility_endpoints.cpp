// GET /fo/implied-forward, /fo/term-structure, /fo/skew-series and /fo/iv-rank (issue 21 items 3
// and 4): the implied forward per expiry with its bases and the forward pricing uses, the ATM IV
// term structure with the 30-day constant-maturity IV, RR25/BF25 over time, and the IV rank and
// percentile of the 30-day IV over its daily history. Each reads the chain as of its moment
// through the query stage; the server's pricing policy (--forward, the rate) is the context's.
#include "api/endpoints/endpoint_support.h"
#include "api/endpoints/endpoints.h"
#include "query/expiry_forward.h"
#include "query/indicator.h"
#include "query/iv_rank.h"
#include "query/skew_series.h"
#include "query/term_structure.h"
#include "query/volatility_params.h"

namespace strikeline {

namespace {

void write_optional_date(JsonWriter& json, const std::optional<Expiry>& date) {
  if (date) {
    write_date(json, *date);
  } else {
    json.null();
  }
}

void write_source(JsonWriter& json, const std::optional<ForwardSource>& source) {
  if (source) {
    json.string(forward_source_name(*source));
  } else {
    json.null();
  }
}

// The pricing policy every answer states: which forward prices, at which rate.
void write_policy(JsonWriter& json, const PricingPolicy& policy) {
  json.field("pricing_forward", forward_source_name(policy.forward)).field("rate", policy.rate);
}

void write_cm(JsonWriter& json, const ConstantMaturityIv& cm) {
  json.field("iv", cm.iv).key("near_expiry");
  write_optional_date(json, cm.near);
  json.key("far_expiry");
  write_optional_date(json, cm.far);
  json.field("extrapolated", cm.extrapolated);
}

}  // namespace

FoResponder implied_forward_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_expiries_at(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const ExpiriesAtRequest& request = parsed.value();
    const PricingPolicy& policy = fo->service.pricing;
    const std::vector<ExpiryForward> forwards = implied_forwards(chain, policy, request);
    JsonWriter json = start_json(res, 512 + 600 * forwards.size());
    json.begin_object().field("status", "ok").field("symbol", request.symbol).key("as_of");
    write_time(json, request.as_of);
    write_policy(json, policy);
    json.key("expiries").begin_array();
    for (const ExpiryForward& f : forwards) {
      json.begin_object().key("expiry");
      write_date(json, f.expiry);
      json.field("years", round_to(f.years, 6))
          .field("spot", f.spot ? std::optional<double>(round_to(*f.spot, 2)) : std::nullopt)
          .field("implied_forward", f.implied)
          .key("parity_strikes")
          .begin_array();
      for (Strike k : f.parity_strikes) json.number(k.to_double());
      json.end_array()
          .field("parity_count", static_cast<std::int64_t>(f.parity_strikes.size()))
          .field("priced_pairs", static_cast<std::int64_t>(f.priced_pairs))
          .field("implied_low", f.implied_low)
          .field("implied_high", f.implied_high)
          .field("basis_spot", f.basis_spot)
          .field("future", f.future)
          .field("basis_future", f.basis_future)
          .field("forward", f.forward)
          .key("forward_source");
      write_source(json, f.forward_source);
      json.end_object();
    }
    json.end_array().end_object();
    return 0;
  };
}

FoResponder term_structure_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_expiries_at(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const ExpiriesAtRequest& request = parsed.value();
    const PricingPolicy& policy = fo->service.pricing;
    const TermStructure ts = term_structure(chain, policy, request);
    JsonWriter json = start_json(res, 512 + 300 * ts.expiries.size());
    json.begin_object().field("status", "ok").field("symbol", request.symbol).key("as_of");
    write_time(json, ts.as_of);
    write_policy(json, policy);
    json.key("expiries").begin_array();
    for (const TermStructurePoint& p : ts.expiries) {
      json.begin_object().key("expiry");
      write_date(json, p.expiry);
      json.field("label", p.label)
          .field("days_to_expiry", p.days_to_expiry)
          .field("years", p.years)
          .field("underlying", p.underlying)
          .key("atm_strike");
      write_strike(json, p.atm_strike);
      json.field("atm_iv", p.atm_iv).field("forward", p.forward).key("forward_source");
      write_source(json, p.forward_source);
      json.end_object();
    }
    json.end_array().key("cm30").begin_object().field("days", kConstantMaturityDays);
    write_cm(json, ts.cm30);
    json.end_object().end_object();
    return 0;
  };
}

FoResponder skew_series_responder(std::shared_ptr<FoContext>) {
  return
      [](const ChainReader& chain, const RequestContext& ctx, HttpResponse& res) -> std::uint64_t {
        auto parsed = normalise_skew_series(ctx.params, chain, ctx.received);
        if (!parsed) {
          write_bad_request(res, parsed.error());
          return 0;
        }
        const SkewSeriesRequest& request = parsed.value();
        const SkewSeries series = skew_series(chain, request);
        JsonWriter json = start_json(res, 512 + 200 * series.points.size());
        json.begin_object().field("status", "ok").field("symbol", request.symbol).key("expiry");
        write_optional_date(json, series.expiry);
        json.field("timeframe", timeframe_name(request.timeframe));
        write_window(json, request.window);
        json.field("delta", kSkewDelta).key("points").begin_array();
        for (const SkewPoint& p : series.points) {
          json.begin_object().key("time");
          write_time(json, p.time);
          json.field("underlying", p.underlying).key("atm_strike");
          write_strike(json, p.skew.atm_strike);
          json.field("atm_iv", p.skew.atm_iv)
              .field("call25_iv", p.skew.call25_iv)
              .field("put25_iv", p.skew.put25_iv)
              .field("rr25", p.skew.rr25)
              .field("bf25", p.skew.bf25)
              .end_object();
        }
        json.end_array().end_object();
        return 0;
      };
}

FoResponder iv_rank_responder(std::shared_ptr<FoContext>) {
  return
      [](const ChainReader& chain, const RequestContext& ctx, HttpResponse& res) -> std::uint64_t {
        auto parsed = normalise_iv_rank(ctx.params, ctx.received);
        if (!parsed) {
          write_bad_request(res, parsed.error());
          return 0;
        }
        const IvRankRequest& request = parsed.value();
        const IvRank rank = iv_rank(chain, request);
        JsonWriter json = start_json(res, 1024 + 64 * rank.history.size());
        json.begin_object().field("status", "ok").field("symbol", request.symbol).key("as_of");
        write_time(json, rank.as_of);
        json.field("maturity_days", kConstantMaturityDays)
            .field("window_days", static_cast<std::int64_t>(kRankWindowDays))
            .field("min_days", static_cast<std::int64_t>(kMinRankDays))
            .key("date");
        write_optional_date(json, rank.day);
        write_cm(json, rank.current);
        json.field("days_used", static_cast<std::int64_t>(rank.stats.days_used)).key("first_day");
        write_optional_date(json, rank.history.empty()
                                      ? std::nullopt
                                      : std::optional<Expiry>(rank.history.front().day));
        json.field("min", rank.stats.min)
            .field("max", rank.stats.max)
            .field("iv_rank", rank.stats.iv_rank)
            .field("iv_percentile", rank.stats.iv_percentile)
            .key("history")
            .begin_array();
        for (const IvRankDay& d : rank.history) {
          json.begin_object().key("date");
          write_date(json, d.day);
          json.key("time");
          write_time(json, d.at);
          json.field("iv", d.iv).end_object();
        }
        json.end_array().end_object();
        return 0;
      };
}

}  // namespace strikeline
