// Kite Connect's historical candles with open interest, as its API answers them
// ({"status":"success","data":{"candles":[["2025-01-03T09:15:00+0530",open,high,low,close,volume,
// oi],...]}}) or as CSV with the header date,open,high,low,close,volume[,oi] (a date without an
// offset is IST). Volume and OI are in units, as Kite gives them for F&O. A candle that breaks a
// rule is rejected with its position (JSON: its index from 1; CSV: its line) and the reason; a
// text that is neither is refused.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/timestamp.h"
#include "feed/line_rejection.h"

namespace strikeline::kite {

struct HistoricalCandle {
  Timestamp start;
  double open = 0, high = 0, low = 0, close = 0;
  std::int64_t volume = 0;
  std::optional<std::int64_t> oi;
};

struct CandleReadResult {
  std::vector<HistoricalCandle> candles;
  std::vector<LineRejection> rejected;
  std::size_t rejected_count = 0;
  std::optional<std::string> refused;
};

// True for the API's JSON answer (an object with "candles") or a CSV whose header starts with
// date,open,high,low,close,volume.
bool looks_like_kite_candles(std::string_view text);

CandleReadResult read_kite_candles(std::string_view text);

}  // namespace strikeline::kite
