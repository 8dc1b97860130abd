#include "query/volatility_params.h"

#include "query/param_parsers.h"
#include "query/request_normalisation.h"

namespace strikeline {

namespace {

// Unwraps a ParamResult into `out`, or returns its error from the enclosing function.
#define STRIKELINE_VOL_TRY(out, expr)     \
  do {                                    \
    auto result_ = (expr);                \
    if (!result_) return result_.error(); \
    (out) = std::move(result_).value();   \
  } while (false)

}  // namespace

ParamResult<ExpiriesAtRequest> normalise_expiries_at(const QueryParams& params,
                                                     const ChainReader& chain, Timestamp now) {
  ExpiriesAtRequest request;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> at;
  STRIKELINE_VOL_TRY(request.symbol, parse_symbol_param(params));
  STRIKELINE_VOL_TRY(specs, parse_expiry_params(params));
  STRIKELINE_VOL_TRY(at, parse_moment_param(params, {"at"}));
  request.as_of = at ? *at : floor_seconds(now);
  request.as_of_given = at.has_value();
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  if (specs.empty()) {
    for (Expiry e : known) {
      if (expiry_close(e) > request.as_of) request.expiries.push_back(e);
    }
  } else {
    request.expiries = select_expiries(specs, known, ist_date(Timestamp{request.as_of}), 0);
  }
  return request;
}

ParamResult<SkewSeriesRequest> normalise_skew_series(const QueryParams& params,
                                                     const ChainReader& chain, Timestamp now) {
  SkewSeriesRequest request;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> from, to;
  STRIKELINE_VOL_TRY(request.symbol, parse_symbol_param(params));
  STRIKELINE_VOL_TRY(specs, parse_expiry_params(params));
  if (specs.size() > 1) return ParamError{"skew-series takes one expiry"};
  STRIKELINE_VOL_TRY(request.timeframe, parse_timeframe_param(params));
  STRIKELINE_VOL_TRY(from, parse_moment_param(params, {"from"}));
  STRIKELINE_VOL_TRY(to, parse_moment_param(params, {"to"}));
  STRIKELINE_VOL_TRY(request.window,
                     resolve_window(from, to, kDefaultSeriesWindow,
                                    chain.newest_bucket(request.symbol), request.timeframe));
  request.until = to;
  const Date as_of = request.window ? ist_date(Timestamp{request.window->to}) : ist_date(now);
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  const std::vector<Expiry> chosen = select_expiries(specs, known, as_of, 1);
  if (!chosen.empty()) request.expiry = chosen.front();
  return request;
}

ParamResult<IvRankRequest> normalise_iv_rank(const QueryParams& params, Timestamp now) {
  IvRankRequest request;
  std::optional<UtcSeconds> at;
  STRIKELINE_VOL_TRY(request.symbol, parse_symbol_param(params));
  STRIKELINE_VOL_TRY(at, parse_moment_param(params, {"at"}));
  request.as_of = at ? *at : floor_seconds(now);
  request.as_of_given = at.has_value();
  return request;
}

#undef STRIKELINE_VOL_TRY

}  // namespace strikeline
