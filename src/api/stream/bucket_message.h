// The stream's fo_bucket message (API.md "WebSocket /fo/stream"): one bucket of one contract
// (symbol, expiry, timeframe) as the chain snapshot has it, strikes ascending:
//   {"type":"fo_bucket","timeframe","symbol","expiry","bucket_time",
//    "strikes":[{"strike","call":{"iv","delta","gamma","theta","vega","volume","oi","count"},
//                "put":{...},"underlying"}],
//    "metrics":{"underlying_close","total_call_volume","total_put_volume","total_call_oi",
//               "total_put_oi","pcr","max_pain_strike"}}
// A side's analytics are null when no tick carried them (never 0); a side's oi is the last observed
// open interest, carried from earlier buckets when the side did not trade (a stock), else null.
// Totals count missing OI as 0; pcr is put OI / call OI (null when call OI is 0); underlying_close
// is the bucket's underlying (the median of the strikes' last underlying prices). Values are
// rounded like the HTTP API (4 decimals, gamma 6).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "store/chain_reader.h"

namespace strikeline {

// The message, or nullopt when the bucket has no bars.
std::optional<std::string> encode_bucket_message(const ChainReader& chain, std::string_view symbol,
                                                 Expiry expiry, Timeframe tf, UtcSeconds bucket);

}  // namespace strikeline
