// GET /fo/buildup (README "OI build-up"): one expiry's OI build-up at a moment (counts, OI change
// and the biggest movers per class and side, every served strike's class), or with from/to the
// counts per bucket; the same expiry's future classified over the same interval ("future", null
// when no future of the expiry is known at the interval's end).
#include "api/endpoints/analytics_fields.h"
#include "api/endpoints/endpoints.h"
#include "api/option_chain_fields.h"
#include "query/buildup.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

constexpr BuildupClass kClasses[] = {BuildupClass::long_buildup, BuildupClass::short_buildup,
                                     BuildupClass::short_covering, BuildupClass::long_unwinding,
                                     BuildupClass::neutral};

// The fields of a move (inside an open object).
void write_move(JsonWriter& json, const BuildupMove& m) {
  json.field("oi", m.oi)
      .field("oi_change", m.oi_change)
      .field("oi_change_pct", round_optional(m.oi_change_pct, 2))
      .field("price", round_to(m.price, 4))
      .field("price_change", round_to(m.price_change, 4));
}

void write_counts(JsonWriter& json, const BuildupSideSummary& s) {
  json.key("counts").begin_object();
  for (BuildupClass c : kClasses) {
    json.field(buildup_class_name(c), s.counts[static_cast<std::size_t>(c)]);
  }
  json.field("unknown", s.unknown).end_object().field("oi_change", s.oi_change);
}

void write_summary(JsonWriter& json, const BuildupSideSummary& s) {
  json.begin_object();
  write_counts(json, s);
  json.key("movers").begin_object();
  for (std::size_t c = 0; c < kDirectionalClasses; ++c) {
    json.key(buildup_class_name(static_cast<BuildupClass>(c))).begin_array();
    for (const BuildupMover& m : s.movers[c]) {
      json.begin_object().field("strike", m.strike.to_double());
      write_move(json, m.move);
      json.end_object();
    }
    json.end_array();
  }
  json.end_object().end_object();
}

void write_side_row(JsonWriter& json, const BuildupSideRow& row) {
  json.begin_object().key("class");
  if (row.cls) {
    json.string(buildup_class_name(*row.cls));
  } else {
    json.null();
  }
  if (row.move) {
    write_move(json, *row.move);
  } else {
    json.key("oi").null().key("oi_change").null().key("oi_change_pct").null();
    json.key("price").null().key("price_change").null();
  }
  json.end_object();
}

// The future's row (null: no future of the expiry known at the interval's end).
void write_future(JsonWriter& json, const std::optional<BuildupSideRow>& future) {
  json.key("future");
  if (future) {
    write_side_row(json, *future);
  } else {
    json.null();
  }
}

void write_moment(const Buildup& b, const BuildupRequest& request, HttpResponse& res) {
  JsonWriter json = start_json(res, 2048 + 300 * b.rows.size());
  json.begin_object().field("status", "ok").field("symbol", b.symbol);
  write_expiry_fields(json, b.expiry, &b.expiry_label);
  json.field("lot_size", b.lot_size)
      .field("timeframe", timeframe_name(request.timeframe))
      .field("as_of", static_cast<std::int64_t>(epoch_seconds(b.as_of)))
      .field("as_of_ist", chain_ist_text(b.as_of))
      .field("since", static_cast<std::int64_t>(epoch_seconds(b.since)))
      .field("since_ist", chain_ist_text(b.since))
      .field("neutral_oi_pct", b.neutral_oi_pct)
      .field("spot", round_optional(b.spot, 2))
      .field("spot_at_since", round_optional(b.spot_at_since, 2))
      .key("atm_strike");
  write_strike(json, b.atm_strike);
  json.key("strike_range");
  json.optional(b.strike_range);
  json.field("listed_strikes", static_cast<std::int64_t>(b.listed_strikes));
  json.key("calls");
  write_summary(json, b.calls);
  json.key("puts");
  write_summary(json, b.puts);
  write_future(json, b.future);
  json.key("rows").begin_array();
  for (const BuildupRow& row : b.rows) {
    json.begin_object().field("strike", row.strike.to_double()).key("call");
    write_side_row(json, row.call);
    json.key("put");
    write_side_row(json, row.put);
    json.end_object();
  }
  json.end_array().end_object();
}

void write_series(const BuildupSeries& s, const BuildupRequest& request, HttpResponse& res) {
  JsonWriter json = start_json(res, 1024 + 300 * s.points.size());
  json.begin_object().field("status", "ok").field("symbol", request.symbol);
  write_expiry_fields(json, s.expiry);
  json.field("timeframe", timeframe_name(request.timeframe));
  write_window(json, request.window);
  json.field("neutral_oi_pct", request.neutral_oi_pct).key("strike_range");
  json.optional(request.strike_range);
  write_future(json, s.future);
  json.key("points").begin_array();
  for (const BuildupPoint& p : s.points) {
    json.begin_object().key("time");
    write_time(json, p.time);
    json.field("underlying", round_optional(p.underlying, 2)).key("calls").begin_object();
    write_counts(json, p.calls);
    json.end_object().key("puts").begin_object();
    write_counts(json, p.puts);
    json.end_object();
    write_future(json, p.future);
    json.end_object();
  }
  json.end_array().end_object();
}

}  // namespace

FoResponder buildup_responder(std::shared_ptr<FoContext> fo) {
  return [fo](const ChainReader& chain, const RequestContext& ctx,
              HttpResponse& res) -> std::uint64_t {
    auto parsed = normalise_buildup(ctx.params, chain, ctx.received);
    if (!parsed) {
      write_bad_request(res, parsed.error());
      return 0;
    }
    const BuildupRequest& request = parsed.value();
    if (request.series) {
      write_series(buildup_series(chain, request), request, res);
    } else {
      write_moment(buildup(chain, fo->service.contract_specs, request), request, res);
    }
    return 0;
  };
}

}  // namespace strikeline
