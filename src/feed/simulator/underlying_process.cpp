#include "feed/simulator/underlying_process.h"

#include <algorithm>
#include <cmath>

namespace strikeline::sim {

using namespace std::chrono;

namespace {

constexpr double kSecondsPerYear = 365.0 * 86400.0;
// Days are numbered from this anchor so that any day's opening level is reproducible on its own.
constexpr Date kAnchor = sys_days{2024y / January / 1};

struct DayOpen {
  double log_offset;  // log(open / reference)
  double vol_factor;  // day's volatility relative to the symbol's base
};

DayOpen day_open(const SimulatedSymbol& symbol, std::uint64_t seed, Date day) {
  const std::uint64_t key = RandomStream::hash(symbol.symbol.c_str());
  const auto n = std::max<long>(0, (day - kAnchor).count());
  // Walk at most a year back: the mean reversion forgets older days.
  const long start = std::max<long>(0, n - 365);
  double x = 0, v = 0;
  for (long d = start; d <= n; ++d) {
    RandomStream r{seed, key, static_cast<std::uint64_t>(d), 1};
    x = 0.97 * x + 0.009 * r.normal();
    v = 0.9 * v + 0.08 * r.normal();
  }
  return {x, std::exp(std::clamp(v, -0.5, 0.7))};
}

}  // namespace

double intraday_activity(UtcSeconds t) {
  const Date d = floor<days>(t + kIstOffset);
  const double minutes_since_open = duration<double>(t - ist_time_on(d, 9h + 15min)).count() / 60.0;
  const double minutes_to_close = duration<double>(ist_time_on(d, 15h + 30min) - t).count() / 60.0;
  if (minutes_since_open < 0 || minutes_to_close <= 0) return 0.4;
  return 1.0 + 1.5 * std::exp(-minutes_since_open / 25.0) +
         0.8 * std::exp(-minutes_to_close / 35.0);
}

double open_heavy_activity(UtcSeconds t) {
  const Date d = floor<days>(t + kIstOffset);
  const double minutes_since_open = duration<double>(t - ist_time_on(d, 9h + 15min)).count() / 60.0;
  const double minutes_to_close = duration<double>(ist_time_on(d, 15h + 30min) - t).count() / 60.0;
  if (minutes_since_open < 0 || minutes_to_close <= 0) return 0.4;
  return 1.0 + 5.0 * std::exp(-minutes_since_open / 10.0) +
         0.8 * std::exp(-minutes_to_close / 35.0);
}

UnderlyingProcess::UnderlyingProcess(const SimulatedSymbol& symbol, std::uint64_t seed, Date day,
                                     bool around_the_clock)
    : random_{seed, RandomStream::hash(symbol.symbol.c_str()),
              static_cast<std::uint64_t>(day.time_since_epoch().count()), 2} {
  const DayOpen open = day_open(symbol, seed, day);
  price_ = symbol.reference_spot * std::exp(open.log_offset);
  day_vol_ = symbol.base_volatility * open.vol_factor;
  vol_ = day_vol_;
  drift_ = 0.004 * random_.normal() / 22500.0;  // up to a few tenths of a percent over a session
  if (around_the_clock) {
    const DayOpen next = day_open(symbol, seed, day + days{1});
    bridged_ = true;
    day_end_ = ist_time_on(day + days{1}, 0min);
    next_log_price_ = std::log(symbol.reference_spot) + next.log_offset;
    next_vol_ = symbol.base_volatility * next.vol_factor;
    next_log_vol_ = std::log(next_vol_);
  }
}

void UnderlyingProcess::step(UtcSeconds t) {
  const double activity = intraday_activity(t);
  // Realised volatility tracks the implied level; one second of it, scaled by the intraday pattern.
  const double sd = vol_ * 0.85 * activity / std::sqrt(kSecondsPerYear);
  const double shock = random_.normal();
  // Bridged: the trend is the pull to the next day's open, spread over the seconds left, so the
  // day ends there (within one second's move).
  const double seconds_left = bridged_ ? duration<double>(day_end_ - t).count() : 0.0;
  const bool pull = seconds_left >= 1.0;
  double log_return =
      (pull ? (next_log_price_ - std::log(price_)) / seconds_left : drift_) + sd * shock;
  // Jumps: about two a day during NSE hours, a few tenths of a percent each.
  if (random_.chance(2.0 / 22500.0 * activity)) log_return += 0.004 * random_.normal();
  price_ *= std::exp(log_return);
  // Volatility level: mean-reverting, moving against the index (leverage effect).
  const double vol_shock = -0.7 * shock + 0.71 * random_.normal();
  double log_vol = std::log(vol_) + 0.0008 * std::log(day_vol_ / vol_) + 0.0012 * vol_shock;
  // Bridged: in the day's last hour the level glides to the next day's opening level.
  if (pull && seconds_left <= 3600.0) log_vol += (next_log_vol_ - log_vol) / seconds_left;
  // The band around the day's level widens to take in the next day's level it glides to.
  double low = 0.4 * day_vol_, high = 3.0 * day_vol_;
  if (pull) {
    low = std::min(low, next_vol_);
    high = std::max(high, next_vol_);
  }
  vol_ = std::clamp(std::exp(log_vol), low, high);
}

}  // namespace strikeline::sim
