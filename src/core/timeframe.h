// Bar timeframes and bucket arithmetic (DESIGN.md): 1/3/5/15-minute buckets align to the epoch,
// 30-minute and 1-hour buckets to the 09:15 IST session open, 1-day buckets are the IST calendar
// day (starting 00:00 IST). parse_timeframe accepts exactly API.md's spellings.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

#include "core/timestamp.h"

namespace strikeline {

enum class Timeframe : std::uint8_t { m1, m3, m5, m15, m30, h1, d1 };

inline constexpr std::array kAllTimeframes{Timeframe::m1,  Timeframe::m3,  Timeframe::m5,
                                           Timeframe::m15, Timeframe::m30, Timeframe::h1,
                                           Timeframe::d1};
inline constexpr std::size_t kTimeframeCount = kAllTimeframes.size();

constexpr std::size_t index_of(Timeframe tf) {
  return static_cast<std::size_t>(tf);
}

std::string_view timeframe_name(Timeframe tf);  // "1min" ... "1hour", "1day"
[[nodiscard]] std::optional<Timeframe> parse_timeframe(std::string_view text);
// The accepted spellings, for error messages.
std::string_view accepted_timeframes();

std::chrono::seconds timeframe_length(Timeframe tf);

// The start of the bucket of timeframe tf that contains t.
UtcSeconds bucket_start(Timeframe tf, UtcSeconds t);
inline UtcSeconds bucket_start(Timeframe tf, Timestamp t) {
  return bucket_start(tf, floor_seconds(t));
}

}  // namespace strikeline
