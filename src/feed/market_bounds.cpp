#include "feed/market_bounds.h"

#include <cmath>
#include <cstdlib>

namespace strikeline {

namespace {

using namespace std::chrono;

std::string seconds_text(seconds s) {
  if (s.count() % 3600 == 0) return std::to_string(s.count() / 3600) + " hours";
  if (s.count() % 60 == 0) return std::to_string(s.count() / 60) + " minutes";
  return std::to_string(s.count()) + " seconds";
}

std::string price_limit_text() {
  return "at most 10000000 (1 crore)";
}

std::optional<std::string> time_problem(std::string_view field, Timestamp t,
                                        const std::optional<LiveClock>& live) {
  const UtcSeconds s = floor<seconds>(t);
  if (s < kEarliestMarketTime) {
    return std::string(field) + ": " + format_iso_utc(s) + " is before 2000-01-01";
  }
  if (!live) return std::nullopt;
  if (t > live->now + live->window.after) {
    return std::string(field) + ": " + format_iso_utc(s) + " is more than " +
           seconds_text(live->window.after) + " ahead of the server's clock (" +
           format_iso_utc(floor<seconds>(live->now)) + ")";
  }
  if (t < live->now - live->window.before) {
    return std::string(field) + ": " + format_iso_utc(s) + " is more than " +
           seconds_text(live->window.before) + " before the server's clock (" +
           format_iso_utc(floor<seconds>(live->now)) +
           "); send history with strikeline import or POST /fo/ingest/bars";
  }
  return std::nullopt;
}

std::optional<std::string> expiry_problem(Expiry expiry, Date day) {
  if (expiry < day) {
    return "expiry: " + format_date(expiry) + " is before the data's own date (" +
           format_date(day) + " IST): the contract had expired";
  }
  const auto limit = year_month_day(day) + years{kMaxYearsToExpiry};
  if (year_month_day(expiry) > limit) {
    return "expiry: " + format_date(expiry) + " is more than " + std::to_string(kMaxYearsToExpiry) +
           " years after the data's own date (" + format_date(day) + ")";
  }
  return std::nullopt;
}

std::optional<std::string> price_problem(std::string_view field, std::optional<double> v) {
  if (v && !(std::isfinite(*v) && *v <= kMaxPrice)) {
    return std::string(field) + ": must be " + price_limit_text();
  }
  return std::nullopt;
}

std::optional<std::string> strike_problem(Strike strike) {
  if (strike.to_double() > kMaxPrice) return "strike: must be " + price_limit_text();
  return std::nullopt;
}

std::optional<std::string> oi_problem(std::string_view field, std::optional<std::int64_t> v) {
  if (v && std::llabs(*v) > kMaxOpenInterest) {
    return std::string(field) + ": must be at most 10000000000 (10^10) units";
  }
  return std::nullopt;
}

std::optional<std::string> volume_problem(std::string_view field, std::optional<std::int64_t> v) {
  if (v && *v > kMaxVolume) {
    return std::string(field) + ": must be at most 1000000000000 (10^12) units";
  }
  return std::nullopt;
}

std::optional<std::string> iv_problem(std::string_view field, std::optional<double> v) {
  if (v && !(std::isfinite(*v) && std::fabs(*v) <= kMaxImpliedVolatility)) {
    return std::string(field) + ": must be at most 10000 (percent)";
  }
  return std::nullopt;
}

// The first problem found, in argument order.
template <typename... Checks>
std::optional<std::string> first_of(Checks&&... checks) {
  std::optional<std::string> out;
  ((out ? void() : void(out = std::forward<Checks>(checks))), ...);
  return out;
}

std::optional<std::string> side_problem(const SideBar& side, std::string_view name) {
  const std::string p(name);
  std::optional<std::string> out;
  if (side.has_premium) {
    out = first_of(price_problem(p + "_open", side.open), price_problem(p + "_high", side.high),
                   price_problem(p + "_low", side.low), price_problem(p + "_close", side.close));
  }
  if (!out) out = oi_problem(p + "_oi", side.oi);
  if (!out) out = oi_problem(p + "_oi_change", side.oi_change);
  if (!out) out = volume_problem(p + "_volume", side.volume);
  if (!out && side.has_analytics()) out = iv_problem(p + "_iv", side.iv);
  return out;
}

}  // namespace

std::optional<std::string> market_event_problem(const MarketEvent& event,
                                                const std::optional<LiveClock>& live) {
  return std::visit(
      [&](const auto& e) -> std::optional<std::string> {
        using T = std::decay_t<decltype(e)>;
        if (auto p = time_problem("ts", e.ts, live)) return p;
        if constexpr (std::is_same_v<T, UnderlyingTick>) {
          return price_problem("price", e.price);
        } else if constexpr (std::is_same_v<T, FutureTick>) {
          return first_of(expiry_problem(e.expiry, ist_date(e.ts)), price_problem("price", e.price),
                          oi_problem("oi", e.oi), volume_problem("volume", e.cumulative_volume));
        } else {
          return first_of(expiry_problem(e.expiry, ist_date(e.ts)), strike_problem(e.strike),
                          price_problem("price", e.price), price_problem("bid", e.bid),
                          price_problem("ask", e.ask), oi_problem("oi", e.oi),
                          volume_problem("volume", e.cumulative_volume), iv_problem("iv", e.iv));
        }
      },
      event);
}

std::optional<std::string> strike_bar_problem(const StrikeBar& bar,
                                              std::optional<Timestamp> latest) {
  const Timestamp start{bar.key.bucket};
  if (auto p = time_problem("bucket_time", start, std::nullopt)) return p;
  if (latest && start > *latest) {
    return "bucket_time: " + format_iso_utc(bar.key.bucket) +
           " starts after the server's clock allows (" + format_iso_utc(floor<seconds>(*latest)) +
           ")";
  }
  return first_of(expiry_problem(bar.key.expiry, ist_date(start)), strike_problem(bar.key.strike),
                  price_problem("underlying_close", bar.underlying_close),
                  side_problem(bar.call, "call"), side_problem(bar.put, "put"));
}

}  // namespace strikeline
