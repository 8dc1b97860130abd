// The stream's fo_bucket message (API.md "WebSocket /fo/stream"): one bucket of one contract
// (symbol, expiry, timeframe) with the chain's state at its end (store/chain_state.h: every listed
// strike, OI and prices carried, so the forming bucket is complete from its first second) and the
// bucket's own flows, strikes ascending:
//   {"type":"fo_bucket","timeframe","symbol","expiry","bucket_time","as_of","oldest_observation",
//    "strikes":[{"strike","call":{"iv","delta","gamma","theta","vega","volume","oi","oi_change",
//                "last_price","count","observed_at"},"put":{...},"underlying"}],
//    "metrics":{"underlying_close","atm_strike","total_call_volume","total_put_volume",
//               "total_call_oi","total_put_oi","pcr","max_pain_strike"}}
// A side's analytics are those of its last valid observation, null when it never had any (never
// 0); volume and count are the bucket's (0 when the side did not trade in it). Totals count missing
// OI as 0; pcr is put OI / call OI (null when call OI is 0); underlying_close is the chain's
// underlying at the bucket's end. Values are rounded like the HTTP API (4 decimals, gamma 6).
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
