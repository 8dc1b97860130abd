#include "core/timeframe.h"

#include "core/text.h"

namespace strikeline {

namespace {

struct Spelling {
  std::string_view text;
  Timeframe tf;
};

constexpr std::array kSpellings{
    Spelling{"1", Timeframe::m1},      Spelling{"1m", Timeframe::m1},
    Spelling{"1min", Timeframe::m1},   Spelling{"3", Timeframe::m3},
    Spelling{"3m", Timeframe::m3},     Spelling{"3min", Timeframe::m3},
    Spelling{"5", Timeframe::m5},      Spelling{"5m", Timeframe::m5},
    Spelling{"5min", Timeframe::m5},   Spelling{"15", Timeframe::m15},
    Spelling{"15m", Timeframe::m15},   Spelling{"15min", Timeframe::m15},
    Spelling{"30", Timeframe::m30},    Spelling{"30m", Timeframe::m30},
    Spelling{"30min", Timeframe::m30}, Spelling{"60", Timeframe::h1},
    Spelling{"1h", Timeframe::h1},     Spelling{"60min", Timeframe::h1},
    Spelling{"1hour", Timeframe::h1},  Spelling{"1d", Timeframe::d1},
    Spelling{"D", Timeframe::d1},      Spelling{"1day", Timeframe::d1},
};

// 09:15 IST is 03:45 UTC: the anchor of 30-minute and 1-hour buckets.
constexpr std::int64_t kSessionOpenUtcSeconds = 3 * 3600 + 45 * 60;

std::int64_t floor_div(std::int64_t a, std::int64_t b) {
  std::int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

}  // namespace

std::string_view timeframe_name(Timeframe tf) {
  switch (tf) {
    case Timeframe::m1:
      return "1min";
    case Timeframe::m3:
      return "3min";
    case Timeframe::m5:
      return "5min";
    case Timeframe::m15:
      return "15min";
    case Timeframe::m30:
      return "30min";
    case Timeframe::h1:
      return "1hour";
    case Timeframe::d1:
      return "1day";
  }
  return "1min";
}

std::optional<Timeframe> parse_timeframe(std::string_view text) {
  text = trim(text);
  for (const Spelling& s : kSpellings) {
    if (s.text == text) return s.tf;
  }
  return std::nullopt;
}

std::string_view accepted_timeframes() {
  return "1, 1m, 1min, 3, 3m, 3min, 5, 5m, 5min, 15, 15m, 15min, 30, 30m, 30min, 60, 1h, 60min, "
         "1hour, 1d, D, 1day";
}

std::chrono::seconds timeframe_length(Timeframe tf) {
  using std::chrono::seconds;
  switch (tf) {
    case Timeframe::m1:
      return seconds{60};
    case Timeframe::m3:
      return seconds{180};
    case Timeframe::m5:
      return seconds{300};
    case Timeframe::m15:
      return seconds{900};
    case Timeframe::m30:
      return seconds{1800};
    case Timeframe::h1:
      return seconds{3600};
    case Timeframe::d1:
      return seconds{86400};
  }
  return seconds{60};
}

UtcSeconds bucket_start(Timeframe tf, UtcSeconds t) {
  const std::int64_t len = timeframe_length(tf).count();
  const std::int64_t s = epoch_seconds(t);
  std::int64_t anchor = 0;
  if (tf == Timeframe::m30 || tf == Timeframe::h1) anchor = kSessionOpenUtcSeconds;
  if (tf == Timeframe::d1) anchor = -kIstOffset.count();  // 00:00 IST
  return utc_seconds(floor_div(s - anchor, len) * len + anchor);
}

}  // namespace strikeline
