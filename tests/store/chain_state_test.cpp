// The chain as of a moment (store/chain_state.h) against an oracle written here from the raw ticks:
// a generated market of sparse ticks (strikes that trade once an hour, sides that never trade
// after 10:00, strikes listed mid-day, a strike that appears only on the second day, ticks without
// open interest or price, late ticks delivered out of order, three days), aggregated into
// 1-minute bars by the real aggregator and applied to the real chain store in live-sized batches.
// At random moments every listed strike's open interest, OI change, last price, observation time,
// the underlying and the session day must equal the oracle's; so must the state at the end of
// every 5-minute bucket; and a store that loaded the final bars at once answers the same.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <tuple>
#include <vector>

#include "bars/bar_aggregator.h"
#include "store/chain_store.h"
#include "store_fixtures.h"

namespace strikeline::chain_state_oracle {
namespace {

using namespace std::chrono;
using testing::day_of;
using testing::ist;

const Date kDay1 = day_of(2026, 11, 30), kDay2 = day_of(2026, 12, 1), kDay3 = day_of(2026, 12, 2);
const Expiry kExpiry = day_of(2026, 12, 3);
constexpr const char* kSymbol = "NIFTY";

struct Tick {
  Timestamp ts;
  std::int64_t strike;
  Side side;
  std::optional<double> price;
  std::optional<std::int64_t> oi;
  std::int64_t volume;  // cumulative
};

struct Market {
  std::vector<Tick> ticks;                            // in delivery order (a few late)
  std::vector<std::pair<Timestamp, double>> spot;     // one tick at each minute's start
};

std::int64_t ceil_seconds(Timestamp t) {
  return epoch_seconds(ceil<seconds>(t));
}
std::int64_t minute_start(Timestamp t) {
  return epoch_seconds(floor<minutes>(t));
}

// How often a strike side trades.
enum class Pace { busy, hourly, morning_only, from_noon, second_day, never };

Pace pace_of(std::int64_t strike, Side side) {
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

Market generate(std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Market m;
  const struct {
    Date day;
    int open_h, open_m, close_h, close_m;
  } sessions[] = {{kDay1, 9, 15, 13, 0}, {kDay2, 9, 15, 10, 30}, {kDay3, 9, 15, 9, 45}};
  double spot = 24310;
  for (const auto& s : sessions) {
    for (UtcSeconds t = ist(s.day, s.open_h, s.open_m); t < ist(s.day, s.close_h, s.close_m);
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
        const UtcSeconds open = ist(s.day, s.open_h, s.open_m);
        const UtcSeconds close = ist(s.day, s.close_h, s.close_m);
        double mean_gap = 20;
        UtcSeconds from = open, to = close;
        switch (pace) {
          case Pace::busy:
            break;
          case Pace::hourly:
            mean_gap = 3600;
            break;
          case Pace::morning_only:
            to = std::min(close, ist(s.day, 10, 0));
            mean_gap = 40;
            break;
          case Pace::from_noon:
            if (s.day == kDay1) from = ist(s.day, 12, 0);
            mean_gap = 90;
            break;
          case Pace::second_day:
            if (s.day == kDay1) continue;
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

// Feeds the market in delivery order (spot before the options of its minute) to an aggregator,
// applying the drained bars to `store` every `batch` events; returns every bar drained, last
// version of each key last.
std::vector<StrikeBar> feed(const Market& m, ChainStore& store, std::size_t batch) {
  BarAggregator aggregator;
  std::vector<MarketEvent> events;
  std::size_t spot = 0;
  for (const Tick& t : m.ticks) {
    while (spot < m.spot.size() && m.spot[spot].first <= t.ts) {
      events.push_back(UnderlyingTick{m.spot[spot].first, kSymbol, m.spot[spot].second});
      ++spot;
    }
    OptionTick o;
    o.ts = t.ts;
    o.symbol = kSymbol;
    o.expiry = kExpiry;
    o.strike = strike_rupees(t.strike);
    o.side = t.side;
    o.price = t.price;
    o.oi = t.oi;
    o.cumulative_volume = t.volume;
    events.push_back(o);
  }
  std::vector<StrikeBar> all, drained;
  for (std::size_t i = 0; i < events.size(); i += batch) {
    const std::size_t n = std::min(batch, events.size() - i);
    aggregator.add(std::span<const MarketEvent>(events).subspan(i, n));
    drained.clear();
    aggregator.drain(drained);
    store.apply(drained);
    all.insert(all.end(), drained.begin(), drained.end());
  }
  EXPECT_EQ(aggregator.stats().too_late, 0u);
  EXPECT_GT(aggregator.stats().late_ticks, 0u);
  return all;
}

// ---- The oracle: the state from the raw ticks, written from chain_state.h's definitions. ----

struct SideMinute {
  std::int64_t start = 0;
  Timestamp last{};  // newest tick
  std::optional<std::pair<Timestamp, std::int64_t>> oi;
  std::optional<std::pair<Timestamp, double>> price;
};

struct Oracle {
  // Per strike side: its minutes, ascending.
  std::map<std::pair<std::int64_t, Side>, std::map<std::int64_t, SideMinute>> minutes;
  std::vector<std::pair<Timestamp, double>> spot;
  std::set<std::int64_t> minute_starts;  // minutes with any tick (for the session day)

  explicit Oracle(const Market& m) : spot(m.spot) {
    for (const Tick& t : m.ticks) {
      SideMinute& sm = minutes[{t.strike, t.side}][minute_start(t.ts)];
      sm.start = minute_start(t.ts);
      sm.last = std::max(sm.last, t.ts);
      if (t.oi && (!sm.oi || t.ts >= sm.oi->first)) sm.oi = std::make_pair(t.ts, *t.oi);
      if (t.price && (!sm.price || t.ts >= sm.price->first)) {
        sm.price = std::make_pair(t.ts, *t.price);
      }
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
  static bool visible(const SideMinute& sm, std::int64_t at, std::optional<std::int64_t> end) {
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
    const std::map<std::int64_t, SideMinute>& runs = found->second;
    std::optional<std::int64_t> previous_close;  // the last OI on a day before the session's
    const SideMinute* oi_minute = nullptr;
    for (const auto& [start, sm] : runs) {
      if (!visible(sm, at, end)) continue;
      out.observed_at = utc_seconds(ceil_seconds(sm.last));
      if (sm.price) out.last_price = sm.price->second;
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
    out.session_day = session_day(at, end).value_or(kDay1);
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

// Compares a store's answer with the oracle's, field by field, naming the first difference.
void expect_same_state(const ChainState& want, const std::optional<ChainState>& got,
                       const std::string& where) {
  if (want.strikes.empty()) {
    EXPECT_FALSE(got.has_value()) << where;
    return;
  }
  ASSERT_TRUE(got.has_value()) << where;
  EXPECT_EQ(got->session_day, want.session_day) << where;
  ASSERT_EQ(got->strikes.size(), want.strikes.size()) << where;
  for (std::size_t i = 0; i < want.strikes.size(); ++i) {
    const StrikeState& w = want.strikes[i];
    const StrikeState& g = got->strikes[i];
    ASSERT_EQ(g.strike, w.strike) << where;
    for (bool put : {false, true}) {
      const SideState& ws = w.side(put);
      const SideState& gs = g.side(put);
      const std::string at = where + " strike " + w.strike.to_string() + (put ? " put" : " call");
      EXPECT_EQ(gs.oi, ws.oi) << at;
      EXPECT_EQ(gs.oi_change, ws.oi_change) << at;
      EXPECT_EQ(gs.observed_at, ws.observed_at) << at;
      ASSERT_EQ(gs.last_price.has_value(), ws.last_price.has_value()) << at;
      if (ws.last_price) {
        EXPECT_NEAR(*gs.last_price, *ws.last_price, 1e-4) << at;
      }
    }
  }
  ASSERT_EQ(got->underlying.has_value(), want.underlying.has_value()) << where;
  if (want.underlying) {
    EXPECT_NEAR(*got->underlying, *want.underlying, 2e-3) << where;
    EXPECT_EQ(got->underlying_at, want.underlying_at) << where;
  }
}

class ChainStateOracle : public ::testing::TestWithParam<std::uint32_t> {};

TEST_P(ChainStateOracle, EveryMomentAnswersAsTheTicksSay) {
  const Market market = generate(GetParam());
  ChainStore live;
  const std::vector<StrikeBar> bars = feed(market, live, 97);
  const Oracle oracle(market);
  const auto snap = live.snapshot();

  std::mt19937 rng(GetParam() * 7 + 1);
  const std::int64_t from = epoch_seconds(ist(kDay1, 9, 14));
  const std::int64_t to = epoch_seconds(ist(kDay3, 9, 50));
  std::vector<std::int64_t> moments;
  for (int i = 0; i < 200; ++i) moments.push_back(from + static_cast<std::int64_t>(rng() % (to - from)));
  // And the edges: a session's first seconds, the night, the minute after the last tick.
  for (auto t : {ist(kDay1, 9, 15, 1), ist(kDay1, 9, 15, 7), ist(kDay1, 9, 16, 0),
                 ist(kDay1, 18, 0), ist(kDay2, 9, 15, 0), ist(kDay2, 9, 15, 3),
                 ist(kDay2, 9, 20, 59), ist(kDay2, 10, 31), ist(kDay3, 9, 15, 2),
                 ist(kDay3, 9, 40), ist(kDay3, 11, 0)}) {
    moments.push_back(epoch_seconds(t));
  }
  std::size_t listed_somewhere = 0;
  for (std::int64_t t : moments) {
    const ChainState want = oracle.state(t);
    listed_somewhere += want.strikes.size();
    expect_same_state(want, snap->chain_at(kSymbol, kExpiry, utc_seconds(t)),
                      "as of " + format_iso_utc(utc_seconds(t)));
    if (HasFatalFailure()) return;
  }
  EXPECT_GT(listed_somewhere, 200u);  // the moments are not all before the market

  // The state at the end of every 5-minute bucket, as the series endpoints read it.
  std::size_t buckets = 0;
  snap->for_each_bucket_state(
      kSymbol, kExpiry, Timeframe::m5, ist(kDay1, 9, 0), ist(kDay3, 11, 0), std::nullopt, false,
      [&](UtcSeconds bucket, std::vector<StrikeBar>&, const ChainState& got) {
        ++buckets;
        const std::int64_t end = epoch_seconds(bucket) + 300;
        expect_same_state(oracle.state(end - 1, end), got,
                          "end of bucket " + format_iso_utc(bucket));
      });
  EXPECT_GT(buckets, 50u);

  // A store that loaded the final bars in one batch answers the same.
  ChainStore loaded;
  loaded.apply(bars);
  const auto once = loaded.snapshot();
  for (std::int64_t t : moments) {
    const auto a = snap->chain_at(kSymbol, kExpiry, utc_seconds(t));
    const auto b = once->chain_at(kSymbol, kExpiry, utc_seconds(t));
    ASSERT_EQ(a.has_value(), b.has_value());
    if (a) {
      EXPECT_EQ(a->strikes, b->strikes) << format_iso_utc(utc_seconds(t));
      EXPECT_EQ(a->underlying, b->underlying);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Seeds, ChainStateOracle, ::testing::Values(1u, 2u, 3u));

}  // namespace
}  // namespace strikeline::chain_state_oracle
