// Turning query parameters into the implied-forward and volatility-regime requests
// (query/volatility_requests.h), with the common rules of query/request_normalisation.h: symbol,
// expiry specs and labels resolved against the moment asked about, moments as epoch seconds
// (milliseconds above 10^11) or ISO 8601 (IST without an offset), windows defaulting to 6 hours
// ending at the newest bar. A bad parameter is a ParamError naming what is accepted.
//  - implied-forward, term-structure: `at` (default now), `expiry` (repeatable; default every
//    expiry whose 15:30 IST close is after the moment);
//  - skew-series: one `expiry` (default the next unexpired), `timeframe`, `from`/`to`;
//  - iv-rank: `at`.
#pragma once

#include "core/timestamp.h"
#include "query/query_params.h"
#include "query/volatility_requests.h"
#include "store/chain_reader.h"

namespace strikeline {

ParamResult<ExpiriesAtRequest> normalise_expiries_at(const QueryParams& params,
                                                     const ChainReader& chain, Timestamp now);
ParamResult<SkewSeriesRequest> normalise_skew_series(const QueryParams& params,
                                                     const ChainReader& chain, Timestamp now);
ParamResult<IvRankRequest> normalise_iv_rank(const QueryParams& params, Timestamp now);

}  // namespace strikeline
