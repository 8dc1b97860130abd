// Turning decoded query parameters into normalised requests (API.md), against one chain snapshot
// and the current time. Expiry specs resolve against the symbol's known expiries and the as-of
// date: the IST date of the moment asked about (strike-distribution: `at` or `bucket_time`, else
// now; the series: the end of their window); a relative label with no such expiry selects nothing
// (the response is empty, not an error). Default expiries: the next two unexpired (moneyness,
// strike-distribution) or the next one (expiry metrics); unexpired means on or after the as-of
// date. Moments are epoch seconds (milliseconds above 10^11) or ISO 8601, IST without an offset.
// Windows default to a length ending at the symbol's newest bar: 6 hours (moneyness series, expiry
// metrics) or `hours` (strike history); `to` before `from` is an error, and so is a window of more
// than kMaxWindowBuckets buckets. The option chain: see normalise_option_chain.
#pragma once

#include "core/timestamp.h"
#include "query/param_parsers.h"
#include "query/query_params.h"
#include "query/requests.h"
#include "store/chain_reader.h"

namespace strikeline {

inline constexpr std::int64_t kMaxWindowBuckets = 10000;
inline constexpr std::chrono::seconds kDefaultSeriesWindow{6 * 3600};

ParamResult<ExpiriesRequest> normalise_expiries(const QueryParams& params);
ParamResult<StrikeDistributionRequest> normalise_strike_distribution(const QueryParams& params,
                                                                     const ChainReader& chain,
                                                                     Timestamp now);
ParamResult<MoneynessSeriesRequest> normalise_moneyness_series(const QueryParams& params,
                                                               const ChainReader& chain,
                                                               Timestamp now);
ParamResult<StrikeHistoryRequest> normalise_strike_history(const QueryParams& params,
                                                           const ChainReader& chain, Timestamp now);
ParamResult<ExpiryMetricsRequest> normalise_expiry_metrics(const QueryParams& params,
                                                           const ChainReader& chain, Timestamp now);
// The option chain: one expiry (default: the nearest whose 15:30 IST close is after the moment
// asked about, `at` or now); `since` resolved against that moment and its session day (the
// ChainReader's; the moment's IST date without data), default the session open (09:15 IST); a
// `since` after the moment is an error.
ParamResult<OptionChainRequest> normalise_option_chain(const QueryParams& params,
                                                       const ChainReader& chain, Timestamp now);

// OI build-up (query/buildup.h): `symbol`; `expiry` (one, as the option chain takes it); `at` (a
// moment) or `from`/`to` (a series of `timeframe` buckets; not both); `timeframe` (default 5min);
// `since` (a moment's interval start, as the option chain's `since`; default the bucket ending at
// the moment: the start of the timeframe's bucket holding it, or of the bucket before when the
// moment is a bucket's start); `strike_range` (default all); `neutral_oi_pct` (0 <= p <= 100,
// default 1); `movers` (1 <= N <= 50, default 5).
ParamResult<BuildupRequest> normalise_buildup(const QueryParams& params, const ChainReader& chain,
                                              Timestamp now);
// Greek exposures (query/exposures.h): `symbol`, `expiry`, `at` or `from`/`to` (a series of at
// most kMaxExposureBuckets buckets), `timeframe`, `strike_range`; `convention`: the server's.
inline constexpr std::int64_t kMaxExposureBuckets = 2000;
ParamResult<ExposuresRequest> normalise_exposures(const QueryParams& params,
                                                  const ChainReader& chain, Timestamp now,
                                                  IvConvention convention);

// Resolves specs against known expiries (ascending); without specs, the first `default_count`
// expiries on or after as_of. Result ascending and unique.
std::vector<Expiry> select_expiries(std::span<const ExpirySpec> specs,
                                    std::span<const Expiry> known, Date as_of,
                                    std::size_t default_count);

// The one expiry of a chain answer as of `moment` (the option chain, build-up, exposures): `spec`
// resolved against the moment's IST date, or without one the nearest expiry whose 15:30 IST close
// is after the moment; nullopt when none.
std::optional<Expiry> chain_expiry_at(const std::optional<ExpirySpec>& spec,
                                      std::span<const Expiry> known, UtcSeconds moment);
// A `since` (param_parsers.h) as a moment: a duration before `as_of`, a time of day on `session`
// (IST), or the moment given. After `as_of`: an error naming both.
ParamResult<UtcSeconds> resolve_since(const SinceSpec& since, UtcSeconds as_of, Date session);

// from/to as given, defaulted to `length` ending at `newest` (nullopt when a bound is missing and
// there is no data).
ParamResult<std::optional<TimeWindow>> resolve_window(std::optional<UtcSeconds> from,
                                                      std::optional<UtcSeconds> to,
                                                      std::chrono::seconds length,
                                                      std::optional<UtcSeconds> newest,
                                                      Timeframe timeframe);

}  // namespace strikeline
