#include "query/request_normalisation.h"

#include <algorithm>
#include <string>

#include "core/text.h"
#include "query/param_parsers.h"

namespace strikeline {

namespace {

// Unwraps a ParamResult into `out`, or returns its error from the enclosing function.
#define STRIKELINE_TRY_PARAM(out, expr)   \
  do {                                    \
    auto result_ = (expr);                \
    if (!result_) return result_.error(); \
    (out) = std::move(result_).value();   \
  } while (false)

Date as_of_date(Timestamp t) {
  return ist_date(t);
}

// The moment a series is asked about: the end of its window (API.md), or now without one.
Date window_date(const std::optional<TimeWindow>& window, Timestamp now) {
  return window ? as_of_date(Timestamp{window->to}) : as_of_date(now);
}

}  // namespace

std::vector<Expiry> select_expiries(std::span<const ExpirySpec> specs,
                                    std::span<const Expiry> known, Date as_of,
                                    std::size_t default_count) {
  std::vector<Expiry> out;
  if (specs.empty()) {
    for (Expiry e : known) {
      if (out.size() == default_count) break;
      if (e >= as_of) out.push_back(e);
    }
    return out;
  }
  for (const ExpirySpec& spec : specs) {
    if (auto e = resolve_expiry(spec, known, as_of)) out.push_back(*e);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

ParamResult<std::optional<TimeWindow>> resolve_window(std::optional<UtcSeconds> from,
                                                      std::optional<UtcSeconds> to,
                                                      std::chrono::seconds length,
                                                      std::optional<UtcSeconds> newest,
                                                      Timeframe timeframe) {
  if (from && to && *to < *from) {
    return ParamError{"to (" + std::to_string(epoch_seconds(*to)) + ") is before from (" +
                      std::to_string(epoch_seconds(*from)) + ")"};
  }
  TimeWindow window;
  if (from && to) {
    window = {*from, *to};
  } else if (to) {
    window = {*to - length, *to};
  } else if (from) {
    window = {*from, std::max(*from, newest.value_or(*from))};
  } else if (newest) {
    window = {*newest - length, *newest};
  } else {
    return std::optional<TimeWindow>{};
  }
  const std::int64_t buckets =
      (window.to - window.from).count() / timeframe_length(timeframe).count() + 1;
  if (buckets > kMaxWindowBuckets) {
    return ParamError{"time window too long: " + std::to_string(buckets) + " buckets of " +
                      std::string(timeframe_name(timeframe)) + ", at most " +
                      std::to_string(kMaxWindowBuckets) +
                      "; narrow from/to or use a longer timeframe"};
  }
  return std::optional<TimeWindow>{window};
}

ParamResult<ExpiriesRequest> normalise_expiries(const QueryParams& params) {
  ExpiriesRequest request;
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  return request;
}

ParamResult<StrikeDistributionRequest> normalise_strike_distribution(const QueryParams& params,
                                                                     const ChainReader& chain,
                                                                     Timestamp now) {
  StrikeDistributionRequest request;
  std::vector<ExpirySpec> specs;
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(request.timeframe, parse_timeframe_param(params));
  STRIKELINE_TRY_PARAM(request.indicator, parse_indicator_param(params));
  STRIKELINE_TRY_PARAM(request.side, parse_side_param(params));
  STRIKELINE_TRY_PARAM(request.strike_range, parse_strike_range_param(params));
  std::optional<UtcSeconds> at;
  STRIKELINE_TRY_PARAM(at, parse_moment_param(params, {"at", "bucket_time"}));
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  request.as_of = at ? *at : floor_seconds(now);
  request.as_of_given = at.has_value();
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  request.expiries = select_expiries(specs, known, as_of_date(Timestamp{request.as_of}), 2);
  return request;
}

ParamResult<MoneynessSeriesRequest> normalise_moneyness_series(const QueryParams& params,
                                                               const ChainReader& chain,
                                                               Timestamp now) {
  MoneynessSeriesRequest request;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> from, to;
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(request.timeframe, parse_timeframe_param(params));
  STRIKELINE_TRY_PARAM(request.indicator, parse_indicator_param(params));
  STRIKELINE_TRY_PARAM(request.side, parse_side_param(params));
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  STRIKELINE_TRY_PARAM(from, parse_moment_param(params, {"from"}));
  STRIKELINE_TRY_PARAM(to, parse_moment_param(params, {"to"}));
  STRIKELINE_TRY_PARAM(request.window,
                       resolve_window(from, to, kDefaultSeriesWindow,
                                      chain.newest_bucket(request.symbol), request.timeframe));
  request.until = to;
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  request.expiries = select_expiries(specs, known, window_date(request.window, now), 2);
  return request;
}

ParamResult<StrikeHistoryRequest> normalise_strike_history(const QueryParams& params,
                                                           const ChainReader& chain,
                                                           Timestamp now) {
  StrikeHistoryRequest request;
  std::optional<Strike> strike;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> from, to;
  std::chrono::seconds hours{};
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(strike, parse_strike_param(params));
  if (!strike) return ParamError{"strike is required: a strike price such as 24350"};
  request.strike = *strike;
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  if (specs.size() != 1) {
    return ParamError{"exactly one expiry is required: a date YYYY-MM-DD (or NWeek+k / NMonth+k)"};
  }
  STRIKELINE_TRY_PARAM(request.timeframe, parse_timeframe_param(params));
  STRIKELINE_TRY_PARAM(from, parse_moment_param(params, {"from"}));
  STRIKELINE_TRY_PARAM(to, parse_moment_param(params, {"to"}));
  STRIKELINE_TRY_PARAM(hours, parse_hours_param(params));
  STRIKELINE_TRY_PARAM(
      request.window,
      resolve_window(from, to, hours, chain.newest_bucket(request.symbol), request.timeframe));
  request.until = to;
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  auto expiry = resolve_expiry(specs.front(), known, window_date(request.window, now));
  if (!expiry) return ParamError{"no expiry of " + request.symbol + " matches that label"};
  request.expiry = *expiry;
  return request;
}

ParamResult<ExpiryMetricsRequest> normalise_expiry_metrics(const QueryParams& params,
                                                           const ChainReader& chain,
                                                           Timestamp now) {
  ExpiryMetricsRequest request;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> from, to;
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  if (specs.size() > 1) return ParamError{"expiry-metrics takes one expiry"};
  STRIKELINE_TRY_PARAM(request.timeframe, parse_timeframe_param(params));
  STRIKELINE_TRY_PARAM(from, parse_moment_param(params, {"from"}));
  STRIKELINE_TRY_PARAM(to, parse_moment_param(params, {"to"}));
  STRIKELINE_TRY_PARAM(request.window,
                       resolve_window(from, to, kDefaultSeriesWindow,
                                      chain.newest_bucket(request.symbol), request.timeframe));
  request.until = to;
  const std::vector<Expiry> known = chain.expiries(request.symbol);
  std::vector<Expiry> chosen = select_expiries(specs, known, window_date(request.window, now), 1);
  if (!chosen.empty()) request.expiry = chosen.front();
  return request;
}

std::optional<Expiry> chain_expiry_at(const std::optional<ExpirySpec>& spec,
                                      std::span<const Expiry> known, UtcSeconds moment) {
  if (spec) return resolve_expiry(*spec, known, as_of_date(Timestamp{moment}));
  for (Expiry e : known) {
    if (expiry_close(e) > moment) return e;
  }
  return std::nullopt;
}

ParamResult<UtcSeconds> resolve_since(const SinceSpec& since, UtcSeconds as_of, Date session) {
  UtcSeconds start = since.moment;
  if (since.kind == SinceSpec::Kind::before) {
    start = as_of - since.offset;
  } else if (since.kind == SinceSpec::Kind::time_of_day) {
    start = ist_time_on(session, std::chrono::duration_cast<std::chrono::minutes>(since.offset));
  }
  if (start > as_of) {
    return ParamError{"since (" + format_iso_utc(start) + ") is after the moment asked about (" +
                      format_iso_utc(as_of) +
                      "); give a time of the session day before it, a duration such as 30m, or an "
                      "earlier moment"};
  }
  return start;
}

ParamResult<OptionChainRequest> normalise_option_chain(const QueryParams& params,
                                                       const ChainReader& chain, Timestamp now) {
  OptionChainRequest request;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> at;
  std::optional<SinceSpec> since;
  STRIKELINE_TRY_PARAM(request.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  if (specs.size() > 1) return ParamError{"option-chain takes one expiry"};
  STRIKELINE_TRY_PARAM(at, parse_moment_param(params, {"at"}));
  STRIKELINE_TRY_PARAM(request.strike_range, parse_optional_strike_range_param(params));
  STRIKELINE_TRY_PARAM(since, parse_since_param(params));
  request.as_of = at ? *at : floor_seconds(now);
  request.as_of_given = at.has_value();

  const std::vector<Expiry> known = chain.expiries(request.symbol);
  request.expiry =
      chain_expiry_at(specs.empty() ? std::nullopt : std::optional<ExpirySpec>(specs.front()),
                      known, request.as_of);

  const Date session = chain.session_day(request.symbol, request.as_of)
                           .value_or(as_of_date(Timestamp{request.as_of}));
  const std::chrono::minutes kSessionOpen{9 * 60 + 15};
  if (!since) {
    request.since = std::min(request.as_of, ist_time_on(session, kSessionOpen));
  } else {
    STRIKELINE_TRY_PARAM(request.since, resolve_since(*since, request.as_of, session));
  }
  return request;
}

namespace {

// The parameters the build-up and the exposures share.
ParamResult<ChainMomentRequest> normalise_chain_moment(const QueryParams& params,
                                                       const ChainReader& chain, Timestamp now,
                                                       std::string_view endpoint) {
  ChainMomentRequest m;
  std::vector<ExpirySpec> specs;
  std::optional<UtcSeconds> at, from, to;
  STRIKELINE_TRY_PARAM(m.symbol, parse_symbol_param(params));
  STRIKELINE_TRY_PARAM(specs, parse_expiry_params(params));
  if (specs.size() > 1) return ParamError{std::string(endpoint) + " takes one expiry"};
  STRIKELINE_TRY_PARAM(m.timeframe, parse_timeframe_param(params));
  STRIKELINE_TRY_PARAM(at, parse_moment_param(params, {"at"}));
  STRIKELINE_TRY_PARAM(from, parse_moment_param(params, {"from"}));
  STRIKELINE_TRY_PARAM(to, parse_moment_param(params, {"to"}));
  STRIKELINE_TRY_PARAM(m.strike_range, parse_optional_strike_range_param(params));
  if (at && (from || to)) {
    return ParamError{"give either at (one moment) or from/to (a series of buckets), not both"};
  }
  m.series = from || to;
  if (m.series) {
    STRIKELINE_TRY_PARAM(m.window, resolve_window(from, to, kDefaultSeriesWindow,
                                                  chain.newest_bucket(m.symbol), m.timeframe));
    m.until = to;
    m.as_of = m.window ? m.window->to : floor_seconds(now);
    m.as_of_given = to.has_value();
  } else {
    m.as_of = at ? *at : floor_seconds(now);
    m.as_of_given = at.has_value();
  }
  const std::vector<Expiry> known = chain.expiries(m.symbol);
  m.expiry = chain_expiry_at(
      specs.empty() ? std::nullopt : std::optional<ExpirySpec>(specs.front()), known, m.as_of);
  return m;
}

}  // namespace

ParamResult<BuildupRequest> normalise_buildup(const QueryParams& params, const ChainReader& chain,
                                              Timestamp now) {
  BuildupRequest request;
  STRIKELINE_TRY_PARAM(static_cast<ChainMomentRequest&>(request),
                       normalise_chain_moment(params, chain, now, "buildup"));
  if (auto raw = params.last("neutral_oi_pct")) {
    const auto pct = parse_double(trim(*raw));
    if (!pct || *pct < 0 || *pct > 100) {
      return ParamError{"invalid neutral_oi_pct " + quote_value(*raw) +
                        ": accepted a percentage p with 0 <= p <= 100 (an OI change below p % of "
                        "the OI at the interval's start is neutral; default 1)"};
    }
    request.neutral_oi_pct = *pct;
  }
  if (auto raw = params.last("movers")) {
    const auto n = parse_int64(trim(*raw));
    if (!n || *n < 1 || *n > 50) {
      return ParamError{"invalid movers " + quote_value(*raw) +
                        ": accepted an integer N with 1 <= N <= 50 (the biggest movers listed "
                        "per class and side; default 5)"};
    }
    request.movers = static_cast<int>(*n);
  }
  std::optional<SinceSpec> since;
  STRIKELINE_TRY_PARAM(since, parse_since_param(params));
  if (since && request.series) {
    return ParamError{
        "since applies to one moment (at); a series (from/to) classifies each "
        "bucket over its own interval"};
  }
  if (since) {
    const Date session = chain.session_day(request.symbol, request.as_of)
                             .value_or(as_of_date(Timestamp{request.as_of}));
    STRIKELINE_TRY_PARAM(request.since, resolve_since(*since, request.as_of, session));
  } else {
    request.since = bucket_start(request.timeframe, request.as_of);
    if (request.since == request.as_of) {
      request.since = bucket_start(request.timeframe, request.as_of - std::chrono::seconds{1});
    }
  }
  return request;
}

ParamResult<ExposuresRequest> normalise_exposures(const QueryParams& params,
                                                  const ChainReader& chain, Timestamp now,
                                                  IvConvention convention) {
  ExposuresRequest request;
  STRIKELINE_TRY_PARAM(static_cast<ChainMomentRequest&>(request),
                       normalise_chain_moment(params, chain, now, "exposures"));
  if (request.window) {
    const std::int64_t buckets = (request.window->to - request.window->from).count() /
                                     timeframe_length(request.timeframe).count() +
                                 1;
    if (buckets > kMaxExposureBuckets) {
      return ParamError{"time window too long for exposures: " + std::to_string(buckets) +
                        " buckets of " + std::string(timeframe_name(request.timeframe)) +
                        ", at most " + std::to_string(kMaxExposureBuckets) +
                        " (each solves for the zero-gamma level); narrow from/to or use a longer "
                        "timeframe"};
    }
  }
  request.convention = convention;
  return request;
}

#undef STRIKELINE_TRY_PARAM

}  // namespace strikeline
