#include "feed/bar_generator.h"

#include <algorithm>
#include <cmath>

#include "core/expiry.h"
#include "core/session_calendar.h"
#include "core/symbol.h"
#include "pricing/black_scholes.h"
#include "pricing/greeks.h"

namespace strikeline {

namespace {

using namespace std::chrono;

constexpr int kSessionMinutes = 375;

std::uint64_t mix(std::uint64_t x) {  // splitmix64 finaliser
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

// A uniform number in [0, 1) determined by the seed and up to three integers.
double uniform(std::uint64_t seed, std::uint64_t a, std::uint64_t b = 0, std::uint64_t c = 0) {
  const std::uint64_t h = mix(seed ^ mix(a ^ mix(b ^ mix(c))));
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

double standard_normal(std::uint64_t seed, std::uint64_t a, std::uint64_t b) {
  const double u1 = std::max(uniform(seed, a, b, 1), 1e-300);
  const double u2 = uniform(seed, a, b, 2);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
}

double round_to(double value, double step) {
  return std::round(value / step) * step;
}

// Everything both generators derive from the options.
struct SeedMarket {
  GeneratorOptions opt;
  std::vector<Date> days;
  std::vector<Expiry> expiries;
  std::vector<double> strikes;
  double step = 50;
  std::int64_t lot = 1;
  std::vector<std::vector<double>> spot;  // [day][0..375]: at each minute start, and the close

  explicit SeedMarket(const GeneratorOptions& o) : opt(o) {
    days = seed_trading_days(o);
    expiries = seed_expiries(o);
    const auto spec = default_contract_spec(o.symbol).value_or(ContractSpec{strike_rupees(50), 1});
    step = spec.strike_step.to_double();
    lot = spec.lot_size;
    const double centre = round_to(o.spot, step);
    for (int j = 0; j < o.strikes; ++j) strikes.push_back(centre + (j - o.strikes / 2) * step);
    const double dt = 1.0 / (252.0 * kSessionMinutes);
    const double sigma = o.annual_volatility;
    double s = o.spot;
    for (std::size_t d = 0; d < days.size(); ++d) {
      if (d > 0)
        s *= std::exp(0.3 * sigma * std::sqrt(1.0 / 252) * standard_normal(o.seed, d, 9999));
      std::vector<double> path(kSessionMinutes + 1);
      for (int m = 0; m <= kSessionMinutes; ++m) {
        path[static_cast<std::size_t>(m)] = s;
        s *= std::exp(sigma * std::sqrt(dt) *
                          standard_normal(o.seed, d, static_cast<std::uint64_t>(m)) -
                      0.5 * sigma * sigma * dt);
      }
      spot.push_back(std::move(path));
    }
  }

  Timestamp minute_start(std::size_t d, int m) const {
    return Timestamp{ist_time_on(days[d], hours{9} + minutes{15}) + minutes{m}};
  }

  // Spot at a fraction f in [0, 1] of minute m: linear between the minute's ends.
  double spot_at(std::size_t d, int m, double f) const {
    const auto& p = spot[d];
    return p[static_cast<std::size_t>(m)] * (1 - f) + p[static_cast<std::size_t>(m) + 1] * f;
  }

  double forward(double s, double years) const { return s * std::exp(opt.rate * years); }

  // Implied volatility (a fraction): term structure plus a smile in standardised moneyness.
  double volatility(std::size_t e, std::size_t d, double f, double k, double years) const {
    const double atm = 0.105 + 0.025 * std::exp(-years * 40.0) +
                       0.004 * static_cast<double>(e % 2) +
                       0.003 * std::sin(static_cast<double>(d) * 1.3);
    const double z = std::log(k / f) / (atm * std::sqrt(std::max(years, 1e-4)));
    return std::clamp(atm * (1.0 - 0.07 * z + 0.035 * z * z), 0.05, 1.5);
  }

  // Open interest (units, whole lots) of a contract at minute m of day d (m = -1: previous close).
  std::int64_t open_interest(std::size_t e, std::size_t j, Side side, std::size_t d, int m) const {
    const double k = strikes[j];
    const double width = 12 * step;
    const double distance = (k - opt.spot) / width;
    double base = 6.0e6 * std::exp(-distance * distance);
    const double lean = std::tanh((k - opt.spot) / (6 * step));
    base *= side == Side::call ? 1.0 + 0.7 * lean : 1.0 - 0.7 * lean;
    const auto rupees = static_cast<std::int64_t>(std::llround(k));
    if (rupees % 500 == 0)
      base *= 2.0;
    else if (rupees % 100 == 0)
      base *= 1.4;
    base /= 1.0 + 0.6 * static_cast<double>(e);
    base += 20000;
    const double trend =
        uniform(opt.seed, 77, e * 1000 + j, static_cast<std::uint64_t>(side)) - 0.35;
    const double day_level = 1.0 + 0.05 * trend * static_cast<double>(d);
    const double progress = (m + 1) / static_cast<double>(kSessionMinutes);
    const double phase =
        6.28 * uniform(opt.seed, 78, e * 1000 + j, static_cast<std::uint64_t>(side));
    const double intraday =
        m < 0 ? 1.0 - 0.05 * trend
              : 1.0 + 0.05 * trend * progress + 0.004 * std::sin(m / 17.0 + phase);
    return std::max<std::int64_t>(lot, std::llround(base * day_level * intraday / lot) * lot);
  }

  // Units traded in minute m of day d.
  std::int64_t minute_volume(std::size_t e, std::size_t j, Side side, std::size_t d, int m) const {
    const double shape = 1.0 + 1.5 * std::exp(-m / 30.0) + 1.0 * std::exp(-(374 - m) / 30.0);
    const double base = open_interest(e, j, side, d, 0) * 0.0008 * shape;
    const double noise = 0.5 + uniform(opt.seed, d * 100000 + static_cast<std::uint64_t>(m),
                                       e * 1000 + j, 10 + static_cast<std::uint64_t>(side));
    return std::llround(base * noise / static_cast<double>(lot)) * lot;
  }

  struct Quote {
    bool ok = false;
    double premium = 0, iv_percent = 0;
    pricing::Greeks greeks;
  };

  Quote quote(std::size_t e, std::size_t j, Side side, std::size_t d, Timestamp t, double s) const {
    Quote q;
    const double years = years_to_expiry(expiries[e], t);
    const double f = forward(s, years);
    const double sigma = volatility(e, d, f, strikes[j], years);
    const auto g = pricing::black76_greeks(side, f, strikes[j], sigma, years, opt.rate);
    if (g.status != pricing::PricingStatus::ok) return q;
    q.ok = true;
    q.premium = g.price;
    q.iv_percent = sigma * 100;
    q.greeks = g.greeks;
    return q;
  }
};

}  // namespace

std::vector<Date> seed_trading_days(const GeneratorOptions& options) {
  SessionCalendar calendar;
  std::vector<Date> days;
  Date d = options.first_day;
  if (!calendar.is_trading_day(d)) d = calendar.next_trading_day(d);
  for (int i = 0; i < options.trading_days; ++i) {
    days.push_back(d);
    d = calendar.next_trading_day(d);
  }
  return days;
}

std::vector<Expiry> seed_expiries(const GeneratorOptions& options) {
  const auto days = seed_trading_days(options);
  Date d = days.empty() ? options.first_day : days.back();
  d += std::chrono::days{1};
  while (weekday{d} != Tuesday) d += std::chrono::days{1};
  std::vector<Expiry> out;
  for (int i = 0; i < options.expiries; ++i) out.push_back(d + std::chrono::days{7 * i});
  return out;
}

std::vector<StrikeBar> generate_seed_bars(const GeneratorOptions& options) {
  const SeedMarket market(options);
  std::vector<StrikeBar> bars;
  bars.reserve(market.days.size() * kSessionMinutes * market.expiries.size() *
               market.strikes.size());
  // A minute opens at the previous minute's close premium (the day's first minute is priced).
  std::vector<SeedMarket::Quote> last_close(market.expiries.size() * market.strikes.size() * 2);
  for (std::size_t d = 0; d < market.days.size(); ++d) {
    for (int m = 0; m < kSessionMinutes; ++m) {
      const Timestamp start = market.minute_start(d, m);
      const Timestamp end = start + seconds{59};
      const double s_open = market.spot_at(d, m, 0), s_close = market.spot_at(d, m, 1);
      for (std::size_t e = 0; e < market.expiries.size(); ++e) {
        for (std::size_t j = 0; j < market.strikes.size(); ++j) {
          const std::size_t contract = (e * market.strikes.size() + j) * 2;
          StrikeBar bar;
          bar.key = {options.symbol, market.expiries[e], *Strike::from_double(market.strikes[j]),
                     Timeframe::m1, floor_seconds(start)};
          bar.underlying_close = s_close;
          for (Side side : kBothSides) {
            SideBar& sb = bar.side(side);
            auto& cached = last_close[contract + static_cast<std::size_t>(side)];
            const auto open_q = m == 0 ? market.quote(e, j, side, d, start, s_open) : cached;
            const auto close_q = market.quote(e, j, side, d, end, s_close);
            cached = close_q;
            sb.volume = market.minute_volume(e, j, side, d, m);
            sb.count = static_cast<std::uint32_t>(
                std::clamp<std::int64_t>(1 + sb.volume / (market.lot * 4), 1, 120));
            sb.oi = market.open_interest(e, j, side, d, m);
            const std::int64_t previous_close =
                d == 0 ? market.open_interest(e, j, side, 0, -1)
                       : market.open_interest(e, j, side, d - 1, kSessionMinutes - 1);
            sb.oi_change = *sb.oi - previous_close;
            if (open_q.ok && close_q.ok) {
              const double o = std::max(0.05, round_to(open_q.premium, 0.05));
              const double c = std::max(0.05, round_to(close_q.premium, 0.05));
              const double wiggle = uniform(options.seed, d * 1000 + static_cast<std::uint64_t>(m),
                                            e * 1000 + j, 20 + static_cast<std::uint64_t>(side));
              sb.open = o;
              sb.close = c;
              sb.high = round_to(std::max(o, c) * (1 + 0.004 * wiggle), 0.05);
              sb.low = std::max(0.05, round_to(std::min(o, c) * (1 - 0.004 * (1 - wiggle)), 0.05));
              sb.high = std::max(sb.high, std::max(o, c));
              sb.low = std::min(sb.low, std::min(o, c));
              sb.has_premium = true;
              if (options.with_quotes) {
                sb.bid = std::max(0.05, c - 0.05);
                sb.ask = c + 0.05;
                sb.bid_qty = market.lot * (1 + static_cast<std::int64_t>(8 * wiggle));
                sb.ask_qty = market.lot * (1 + static_cast<std::int64_t>(8 * (1 - wiggle)));
              }
              sb.analytics_count = sb.count;
              sb.iv = close_q.iv_percent;
              sb.delta = close_q.greeks.delta;
              sb.gamma = close_q.greeks.gamma;
              sb.theta = close_q.greeks.theta;
              sb.vega = close_q.greeks.vega;
            }
          }
          bars.push_back(std::move(bar));
        }
      }
    }
  }
  return bars;
}

void for_each_seed_tick(const GeneratorOptions& options,
                        const std::function<void(const MarketEvent&)>& fn) {
  const SeedMarket market(options);
  const int slots = std::max(1, options.ticks_per_minute);
  const std::size_t contracts = market.expiries.size() * market.strikes.size() * 2;
  std::vector<std::int64_t> cumulative(contracts);
  std::vector<Strike> strikes;
  for (double k : market.strikes) strikes.push_back(*Strike::from_double(k));
  const double slot_seconds = 60.0 / slots;
  const double spacing =
      slot_seconds * 0.9 / static_cast<double>(contracts + 1 + market.expiries.size());

  for (std::size_t d = 0; d < market.days.size(); ++d) {
    std::fill(cumulative.begin(), cumulative.end(), 0);
    for (int m = 0; m < kSessionMinutes; ++m) {
      const Timestamp start = market.minute_start(d, m);
      for (int k = 0; k < slots; ++k) {
        const double f = (k + 1.0) / slots;
        const double s = market.spot_at(d, m, f);
        std::size_t n = 0;
        auto at = [&](std::size_t index) {
          const double offset = k * slot_seconds + static_cast<double>(index) * spacing;
          return start + microseconds{std::llround(offset * 1e6)};
        };
        fn(MarketEvent{UnderlyingTick{at(n++), options.symbol, s}});
        if (options.with_futures) {
          for (std::size_t e = 0; e < market.expiries.size(); ++e) {
            const Timestamp t = at(n++);
            fn(MarketEvent{FutureTick{t, options.symbol, market.expiries[e],
                                      market.forward(s, years_to_expiry(market.expiries[e], t))}});
          }
        }
        std::size_t c = 0;
        for (std::size_t e = 0; e < market.expiries.size(); ++e) {
          for (std::size_t j = 0; j < market.strikes.size(); ++j) {
            for (Side side : kBothSides) {
              const Timestamp t = at(n++);
              const std::int64_t minute_volume = market.minute_volume(e, j, side, d, m);
              // Split the minute's volume across its ticks in whole lots.
              const std::int64_t lots = minute_volume / market.lot;
              const std::int64_t share = (lots * (k + 1) / slots - lots * k / slots) * market.lot;
              cumulative[c] += share;
              OptionTick tick;
              tick.ts = t;
              tick.symbol = options.symbol;
              tick.expiry = market.expiries[e];
              tick.strike = strikes[j];
              tick.side = side;
              tick.cumulative_volume = cumulative[c];
              tick.oi = market.open_interest(e, j, side, d, m);
              const auto q = market.quote(e, j, side, d, t, s);
              if (q.ok) {
                const double price = std::max(0.05, round_to(q.premium, 0.05));
                tick.price = price;
                if (options.with_quotes) {
                  tick.bid = std::max(0.05, price - 0.05);
                  tick.ask = price + 0.05;
                  tick.bid_qty = market.lot * (1 + static_cast<std::int64_t>(c % 7));
                  tick.ask_qty = market.lot * (1 + static_cast<std::int64_t>((c + 3) % 7));
                }
                if (options.supply_analytics) {
                  tick.iv = q.iv_percent;
                  tick.delta = q.greeks.delta;
                  tick.gamma = q.greeks.gamma;
                  tick.theta = q.greeks.theta;
                  tick.vega = q.greeks.vega;
                }
              }
              fn(MarketEvent{std::move(tick)});
              ++c;
            }
          }
        }
      }
    }
  }
}

std::vector<MarketEvent> generate_seed_ticks(const GeneratorOptions& options) {
  std::vector<MarketEvent> events;
  for_each_seed_tick(options, [&](const MarketEvent& e) { events.push_back(e); });
  return events;
}

}  // namespace strikeline
