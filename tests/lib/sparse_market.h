// A generated market of sparse ticks for the tests of the chain as of a moment (store and API):
// 13 NIFTY strikes of one expiry over three sessions, strikes that trade once an hour, sides that
// never trade after 10:00, strikes listed at noon, a strike that appears only on the second day, a
// put that never trades, ticks without open interest or price, ticks with a quote (bid/ask and
// their quantities, some one-sided or without quantities) and without, late ticks delivered out
// of order; the spot ticks once a minute. And the oracle: the chain's state at any moment computed
// from the raw ticks, written here from store/chain_state.h's definitions (not from the store's
// code).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "core/market_event.h"
#include "store/chain_state.h"

namespace strikeline::sparse_market {

using std::chrono::microseconds;
using std::chrono::minutes;
using std::chrono::seconds;

inline Date calendar_day(int y, unsigned m, unsigned d) {
  return Date{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

// hh:mm:ss IST on a day, as a UTC instant.
inline UtcSeconds ist_at(Date day, int hh, int mm, int ss = 0) {
  return ist_time_on(day, std::chrono::minutes{hh * 60 + mm}) + std::chrono::seconds{ss};
}

inline const Date kMarketDay1 = calendar_day(2026, 11, 30), kMarketDay2 = calendar_day(2026, 12, 1),
                  kMarketDay3 = calendar_day(2026, 12, 2);
inline const Expiry kMarketExpiry = calendar_day(2026, 12, 3);
inline constexpr const char* kMarketSymbol = "NIFTY";

struct Tick {
  Timestamp ts;
  std::int64_t strike;
  Side side;
  std::optional<double> price;
  std::optional<std::int64_t> oi;
  std::int64_t volume;  // cumulative
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
};

struct Market {
  std::vector<Tick> ticks;                         // in delivery order (a few late)
  std::vector<std::pair<Timestamp, double>> spot;  // one tick at each minute's start
};

inline std::int64_t ceil_seconds(Timestamp t) {
  return epoch_seconds(std::chrono::ceil<seconds>(t));
}
inline std::int64_t minute_start(Timestamp t) {
  return epoch_seconds(std::chrono::floor<minutes>(t));
}

// How often a strike side trades.
enum class Pace { busy, hourly, morning_only, from_noon, second_day, never };

inline Pace pace_of(std::int64_t strike, Side side) {
  const std::int64_t k = (strike - 24000) / 50;
  if (k == 2 && side == Side::put) return Pace::never;  // a strike whose put never trades
  switch ((k + (side == Side::put ? 3 : 0)) % 6) {
    case 0:
    case 1:
      return Pace::busy;
    case 2:
      return Pace::hourly;
    case 3:
      return Pace::morning_only;
    case 4:
      return Pace::from_noon;
    default:
      return strike >= 24500 ? Pace::second_day : Pace::hourly;
  }
}

inline Market generate(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::mt19937 quote_rng(seed * 31 + 7);  // its own stream: the rest of the market is unchanged
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Market m;
  const struct {
    Date day;
    int open_h, open_m, close_h, close_m;
  } sessions[] = {
      {kMarketDay1, 9, 15, 13, 0}, {kMarketDay2, 9, 15, 10, 30}, {kMarketDay3, 9, 15, 9, 45}};
  double spot = 24310;
  for (const auto& s : sessions) {
    for (UtcSeconds t = ist_at(s.day, s.open_h, s.open_m); t < ist_at(s.day, s.close_h, s.close_m);
         t += minutes(1)) {
      spot += (unit(rng) - 0.5) * 12;
      m.spot.emplace_back(Timestamp{t} + microseconds(1), spot);
    }
  }
  std::vector<Tick> ticks;
  std::map<std::pair<std::int64_t, Side>, std::int64_t> oi, volume;
  std::map<std::pair<std::int64_t, Side>, double> price;
  for (std::int64_t strike = 24000; strike <= 24600; strike += 50) {
    for (Side side : kBothSides) {
      const Pace pace = pace_of(strike, side);
      const auto key = std::make_pair(strike, side);
      oi[key] = 100000 + 5000 * ((strike / 50) % 7);
      price[key] = 40 + (strike % 300) / 3.0;
      for (const auto& s : sessions) {
        volume[key] = 0;  // the day volume restarts
        const UtcSeconds open = ist_at(s.day, s.open_h, s.open_m);
        const UtcSeconds close = ist_at(s.day, s.close_h, s.close_m);
        double mean_gap = 20;
        UtcSeconds from = open, to = close;
        switch (pace) {
          case Pace::busy:
            break;
          case Pace::hourly:
            mean_gap = 3600;
            break;
          case Pace::morning_only:
            to = std::min(close, ist_at(s.day, 10, 0));
            mean_gap = 40;
            break;
          case Pace::from_noon:
            if (s.day == kMarketDay1) from = ist_at(s.day, 12, 0);
            mean_gap = 90;
            break;
          case Pace::second_day:
            if (s.day == kMarketDay1) continue;
            mean_gap = 60;
            break;
          case Pace::never:
            continue;
        }
        std::exponential_distribution<double> gap(1.0 / mean_gap);
        // Microseconds, never on a whole second nor in a minute's first millisecond (the spot's).
        double at = static_cast<double>(epoch_seconds(from)) + gap(rng);
        for (; at < static_cast<double>(epoch_seconds(to)); at += gap(rng)) {
          auto us = static_cast<std::int64_t>(at * 1e6);
          if (us % 60'000'000 < 2000) us += 2000;
          if (us % 1'000'000 == 0) us += 7;
          Tick tick;
          tick.ts = Timestamp{microseconds(us)};
          tick.strike = strike;
          tick.side = side;
          price[key] = std::max(0.05, price[key] + (unit(rng) - 0.5) * 4);
          volume[key] += 75 * (1 + static_cast<std::int64_t>(unit(rng) * 20));
          oi[key] += 75 * static_cast<std::int64_t>((unit(rng) - 0.45) * 40);
          tick.volume = volume[key];
          if (unit(rng) > 0.1) tick.price = std::round(price[key] * 20) / 20;
          if (unit(rng) > 0.15) tick.oi = std::max<std::int64_t>(0, oi[key]);
          // A quote on most ticks: a few ticks wide around the price, sometimes one-sided or
          // without quantities.
          if (unit(quote_rng) > 0.3) {
            const double mid = std::round(price[key] * 20) / 20;
            const double q = unit(quote_rng);
            if (q > 0.1)
              tick.bid = std::max(0.05, mid - 0.05 * (1 + std::floor(unit(quote_rng) * 4)));
            tick.ask = mid + 0.05 * (1 + std::floor(unit(quote_rng) * 4));
            if (q > 0.2) {
              if (tick.bid) tick.bid_qty = 75 * static_cast<std::int64_t>(unit(quote_rng) * 60);
              tick.ask_qty = 75 * (1 + static_cast<std::int64_t>(unit(quote_rng) * 60));
            }
          }
          ticks.push_back(tick);
        }
      }
    }
  }
  std::sort(ticks.begin(), ticks.end(), [](const Tick& a, const Tick& b) { return a.ts < b.ts; });
  // A few ticks arrive late: moved 5-40 ticks further in the delivery order, within their day.
  for (int i = 0; i < 12; ++i) {
    const std::size_t from = 100 + rng() % (ticks.size() - 200);
    const std::size_t to = from + 5 + rng() % 35;
    if (ist_date(ticks[from].ts) != ist_date(ticks[to].ts)) continue;
    std::rotate(ticks.begin() + static_cast<std::ptrdiff_t>(from),
                ticks.begin() + static_cast<std::ptrdiff_t>(from) + 1,
                ticks.begin() + static_cast<std::ptrdiff_t>(to) + 1);
  }
  m.ticks = std::move(ticks);
  return m;
}

// The market as events in delivery order, each spot tick before the option ticks of its minute.
inline std::vector<MarketEvent> events_of(const Market& m) {
  std::vector<MarketEvent> events;
  std::size_t spot = 0;
  for (const Tick& t : m.ticks) {
    while (spot < m.spot.size() && m.spot[spot].first <= t.ts) {
      events.push_back(UnderlyingTick{m.spot[spot].first, kMarketSymbol, m.spot[spot].second});
      ++spot;
    }
    OptionTick o;
    o.ts = t.ts;
    o.symbol = kMarketSymbol;
    o.expiry = kMarketExpiry;
    o.strike = strike_rupees(t.strike);
    o.side = t.side;
    o.price = t.price;
    o.oi = t.oi;
    o.cumulative_volume = t.volume;
    o.bid = t.bid;
    o.ask = t.ask;
    o.bid_qty = t.bid_qty;
    o.ask_qty = t.ask_qty;
    events.push_back(o);
  }
  return events;
}

// ---- The oracle: the state from the raw ticks, written from chain_state.h's definitions. ----

struct OracleMinute {
  std::int64_t start = 0;
  Timestamp last{};  // newest tick
  std::optional<std::pair<Timestamp, std::int64_t>> oi;
  std::optional<std::pair<Timestamp, double>> price;
  std::optional<std::pair<Timestamp, const Tick*>> quote;  // the newest tick with a quote
  Timestamp first{};                                       // oldest tick
  std::int64_t first_volume = 0, last_volume = 0;          // cumulative at the oldest, newest
};

struct Oracle {
  // Per strike side: its minutes, ascending.
  std::map<std::pair<std::int64_t, Side>, std::map<std::int64_t, OracleMinute>> minutes;
  std::vector<std::pair<Timestamp, double>> spot;
  std::set<std::int64_t> minute_starts;  // minutes with any tick (for the session day)

  // `m` must outlive the oracle (its minutes point at m's ticks).
  explicit Oracle(const Market& m) : spot(m.spot) {
    for (const Tick& t : m.ticks) {
      OracleMinute& sm = minutes[{t.strike, t.side}][minute_start(t.ts)];
      const bool fresh = sm.start == 0;
      sm.start = minute_start(t.ts);
      if (fresh || t.ts >= sm.last) sm.last_volume = t.volume;
      if (fresh || t.ts < sm.first) {
        sm.first = t.ts;
        sm.first_volume = t.volume;
      }
      sm.last = std::max(sm.last, t.ts);
      if (t.oi && (!sm.oi || t.ts >= sm.oi->first)) sm.oi = std::make_pair(t.ts, *t.oi);
      if (t.price && (!sm.price || t.ts >= sm.price->first)) {
        sm.price = std::make_pair(t.ts, *t.price);
      }
      const bool quoted = t.bid || t.ask || t.bid_qty || t.ask_qty;
      if (quoted && (!sm.quote || t.ts >= sm.quote->first)) sm.quote = std::make_pair(t.ts, &t);
      minute_starts.insert(sm.start);
    }
  }

  double spot_at_or_before(Timestamp ts) const {
    auto it = std::upper_bound(spot.begin(), spot.end(), ts,
                               [](Timestamp v, const auto& p) { return v < p.first; });
    EXPECT_NE(it, spot.begin());
    return std::prev(it)->second;
  }

  // Whether a side's minute is in the state: as of a moment (`end` absent: started at or before
  // `at` and its newest tick at or before it) or at a bucket's end (started before `end`).
  static bool visible(const OracleMinute& sm, std::int64_t at, std::optional<std::int64_t> end) {
    if (end) return sm.start < *end;
    return sm.start <= at && ceil_seconds(sm.last) <= at;
  }

  std::optional<Date> session_day(std::int64_t at, std::optional<std::int64_t> end) const {
    const std::int64_t limit = end ? *end - 1 : at;
    auto it = minute_starts.upper_bound(limit);
    if (it == minute_starts.begin()) return std::nullopt;
    return ist_date(Timestamp{seconds(*std::prev(it))});
  }

  SideState side_state(std::int64_t strike, Side side, std::int64_t at,
                       std::optional<std::int64_t> end, Date session) const {
    SideState out;
    auto found = minutes.find({strike, side});
    if (found == minutes.end()) return out;
    const std::map<std::int64_t, OracleMinute>& runs = found->second;
    std::optional<std::int64_t> previous_close;  // the last OI on a day before the session's
    const OracleMinute* oi_minute = nullptr;
    // The day volume: cumulative volumes are the day's (restarting each session), so it is the
    // newest visible one of the session day less the day's first, unless that first came in the
    // open's minute (09:15 IST: the whole cumulative volume was traded there).
    const OracleMinute* first_today = nullptr;
    for (const auto& [start, sm] : runs) {
      if (!visible(sm, at, end)) continue;
      out.observed_at = utc_seconds(ceil_seconds(sm.last));
      const Date day = ist_date(Timestamp{seconds(start)});
      if (day < session && sm.price) out.previous_close = sm.price->second;
      if (day == session) {
        if (!first_today) first_today = &sm;
        const bool from_open = first_today->start <= epoch_seconds(ist_at(session, 9, 15));
        out.day_volume = sm.last_volume - (from_open ? 0 : first_today->first_volume);
      }
      if (sm.price) out.last_price = sm.price->second;
      if (sm.quote) {
        const Tick& q = *sm.quote->second;
        out.bid = q.bid;
        out.ask = q.ask;
        out.bid_qty = q.bid_qty;
        out.ask_qty = q.ask_qty;
      }
      if (sm.oi) {
        oi_minute = &sm;
        out.oi = sm.oi->second;
      }
      if (sm.oi && ist_date(Timestamp{seconds(start)}) < session) previous_close = sm.oi->second;
    }
    if (oi_minute) {
      if (ist_date(Timestamp{seconds(oi_minute->start)}) < session) {
        out.oi_change = 0;
      } else if (previous_close) {
        out.oi_change = *out.oi - *previous_close;
      }
    }
    return out;
  }

  ChainState state(std::int64_t at, std::optional<std::int64_t> end = std::nullopt) const {
    ChainState out;
    out.session_day = session_day(at, end).value_or(kMarketDay1);
    // The underlying: the visible cell observed last (ties: the later minute, then the higher
    // strike), with the spot at or before that cell's newest tick.
    std::optional<std::tuple<std::int64_t, std::int64_t, std::int64_t>> best;
    for (std::int64_t strike = 24000; strike <= 24600; strike += 50) {
      StrikeState s;
      s.strike = strike_rupees(strike);
      s.call = side_state(strike, Side::call, at, end, out.session_day);
      s.put = side_state(strike, Side::put, at, end, out.session_day);
      if (s.call.observed() || s.put.observed()) out.strikes.push_back(s);
      // Cells of this strike: minutes where either side ticked.
      std::map<std::int64_t, Timestamp> cell_last;
      for (Side side : kBothSides) {
        auto f = minutes.find({strike, side});
        if (f == minutes.end()) continue;
        for (const auto& [start, sm] : f->second) {
          auto [it, fresh] = cell_last.try_emplace(start, sm.last);
          if (!fresh) it->second = std::max(it->second, sm.last);
        }
      }
      for (const auto& [start, last] : cell_last) {
        const std::int64_t observed = ceil_seconds(last);
        const bool in = end ? start < *end : start <= at && observed <= at;
        if (!in) continue;
        const auto key = std::make_tuple(observed, start, strike);
        if (!best || key > *best) best = key;
      }
    }
    if (best) {
      const auto [observed, start, strike] = *best;
      Timestamp last{};
      for (Side side : kBothSides) {
        auto f = minutes.find({strike, side});
        if (f == minutes.end()) continue;
        auto m = f->second.find(start);
        if (m != f->second.end()) last = std::max(last, m->second.last);
      }
      out.underlying = spot_at_or_before(last);
      out.underlying_at = utc_seconds(observed);
    }
    return out;
  }
};

// The oracle's ATM: the position of the listed strike nearest the underlying, the lower on a tie.
inline std::optional<std::size_t> oracle_atm(const ChainState& s) {
  if (!s.underlying || s.strikes.empty()) return std::nullopt;
  std::optional<std::size_t> best;
  for (std::size_t i = 0; i < s.strikes.size(); ++i) {  // ascending: a tie keeps the lower
    const double d = std::fabs(s.strikes[i].strike.to_double() - *s.underlying);
    if (!best || d < std::fabs(s.strikes[*best].strike.to_double() - *s.underlying)) best = i;
  }
  return best;
}

// Max pain by brute force: for each listed strike P, the intrinsic value paid at P.
inline std::optional<double> oracle_max_pain(const ChainState& s) {
  std::optional<double> best;
  double best_pain = 0;
  bool any = false;
  for (const StrikeState& p : s.strikes) {
    double pain = 0;
    for (const StrikeState& k : s.strikes) {
      const double call = static_cast<double>(std::max<std::int64_t>(0, k.call.oi.value_or(0)));
      const double put = static_cast<double>(std::max<std::int64_t>(0, k.put.oi.value_or(0)));
      any = any || call > 0 || put > 0;
      pain += call * std::max(0.0, p.strike.to_double() - k.strike.to_double()) +
              put * std::max(0.0, k.strike.to_double() - p.strike.to_double());
    }
    if (!best || pain < best_pain) {
      best = p.strike.to_double();
      best_pain = pain;
    }
  }
  if (!any) return std::nullopt;
  return best;
}

}  // namespace strikeline::sparse_market
