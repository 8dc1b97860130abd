#include "bars/bar_aggregator.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>
#include <unordered_map>

#include "bars/price_history.h"
#include "bars/side_minute.h"
#include "pricing/option_analytics.h"

namespace strikeline {

namespace {

using std::chrono::minutes;

// Option ticks whose analytics wait to be priced together at most (see PendingAnalytics): enough
// for a whole chain's ticks, a few hundred kilobytes.
constexpr std::size_t kMaxPendingAnalytics = 4096;

// A supplied IV above this (percent) is a feed error: the tick is priced instead.
constexpr double kMaxSuppliedIvPercent = 1000.0;

std::int64_t minute_of(Timestamp ts) {
  return std::chrono::floor<minutes>(ts).time_since_epoch().count();
}

bool usable_price(const std::optional<double>& p) {
  return p && std::isfinite(*p) && *p > 0;
}

// A close of one IST day: the last OI seen that day. `at` orders closes of the same day.
struct DayClose {
  Date day;
  UtcSeconds at;
  std::int64_t oi;
};

struct SideDay {
  std::array<std::optional<DayClose>, 2> closes;  // the two most recent days, newest first
  bool has_last_oi = false;
  std::int64_t last_oi = 0;
  Timestamp last_oi_ts{};
  bool has_anchor = false;  // a cumulative volume observed in minutes already forgotten
  std::int64_t anchor_cumulative = 0;

  void add_close(const DayClose& c) {
    for (auto& existing : closes) {
      if (existing && existing->day == c.day) {
        if (c.at >= existing->at) existing = c;
        return;
      }
    }
    if (!closes[0] || c.day > closes[0]->day) {
      closes[1] = closes[0];
      closes[0] = c;
    } else if (!closes[1] || c.day > closes[1]->day) {
      closes[1] = c;
    }
  }

  std::optional<std::int64_t> previous_close(Date day) const {
    for (const auto& c : closes) {
      if (c && c->day < day) return c->oi;
    }
    return std::nullopt;
  }
};

struct RowMinute {
  std::int64_t minute = 0;
  bool dirty = false;
  bool has_underlying = false;
  double underlying = 0;
  Timestamp underlying_ts{};
  std::array<SideMinute, 2> sides;
};

// One strike of one symbol/expiry: call and put share the bar row.
struct Row {
  std::uint32_t symbol = 0;
  Expiry expiry{};
  Strike strike{};
  bool has_day = false;
  Date day{};
  std::int32_t future = -1;  // index into the symbol's futures, once one was seen
  std::array<SideDay, 2> sides;
  std::vector<RowMinute> minutes;  // the current day's buckets, ascending
};

struct SymbolState {
  std::string name;
  double rate = 0.10;
  double dividend_yield = 0.0;
  PriceHistory spot;
  std::vector<std::pair<Expiry, PriceHistory>> futures;
};

struct RowKey {
  std::uint32_t symbol;
  std::int32_t expiry;
  std::int64_t strike;
  friend bool operator==(const RowKey&, const RowKey&) = default;
};

struct RowKeyHash {
  std::size_t operator()(const RowKey& k) const noexcept {
    std::uint64_t h = static_cast<std::uint64_t>(k.strike) * 0x9E3779B97F4A7C15ull;
    h ^= (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.expiry)) << 20) ^ k.symbol;
    h *= 0xBF58476D1CE4E5B9ull;
    return static_cast<std::size_t>(h ^ (h >> 31));
  }
};

std::size_t side_index(Side s) {
  return static_cast<std::size_t>(s);
}

}  // namespace

struct BarAggregator::State {
  AggregatorConfig config;
  AggregatorStats stats;
  std::vector<SymbolState> symbols;
  std::uint32_t last_symbol = 0;
  std::unordered_map<RowKey, std::uint32_t, RowKeyHash> index;
  std::vector<Row> rows;
  std::vector<std::uint32_t> free_rows;
  std::vector<std::pair<std::uint32_t, std::int64_t>> dirty;  // (row, minute)
  std::vector<StrikeBar> ready;  // bars materialised early (day roll-over, window pruning)

  // The analytics of the option ticks added since the last flush_analytics, in tick order: the
  // ticks are priced together (pricing::analyse_options overlaps neighbouring options' work), and
  // every minute's sums then receive their ticks' values in the order the ticks came, so that the
  // bars are exactly those of pricing each tick on arrival. Flushed before anything reads or drops
  // a minute (materialise_dirty, drain), at the end of every add, and every kMaxPendingAnalytics
  // ticks (so that a large batch, e.g. a whole file to import, does not hold them all).
  struct PendingAnalytics {
    std::uint32_t row;
    std::int64_t minute;
    std::size_t side;
    bool supplied;                 // values below; else the next of pricing_results
    std::array<double, 5> values;  // iv, delta, gamma, theta, vega
  };
  std::vector<PendingAnalytics> pending_analytics;
  std::vector<pricing::MarketInputs> pricing_inputs;
  std::vector<pricing::OptionAnalytics> pricing_results;

  std::uint32_t symbol_id(std::string_view name) {
    if (last_symbol < symbols.size() && symbols[last_symbol].name == name) return last_symbol;
    for (std::uint32_t i = 0; i < symbols.size(); ++i) {
      if (symbols[i].name == name) return last_symbol = i;
    }
    SymbolState s;
    s.name = std::string(name);
    auto it = config.rate_by_symbol.find(name);
    s.rate = it != config.rate_by_symbol.end() ? it->second : config.rate;
    s.dividend_yield = config.dividend_yield;
    symbols.push_back(std::move(s));
    return last_symbol = static_cast<std::uint32_t>(symbols.size() - 1);
  }

  std::uint32_t row_id(std::uint32_t symbol, Expiry expiry, Strike strike) {
    const RowKey key{symbol, static_cast<std::int32_t>(expiry.time_since_epoch().count()),
                     strike.hundredths()};
    auto [it, inserted] = index.try_emplace(key, 0);
    if (inserted) {
      std::uint32_t id;
      if (!free_rows.empty()) {
        id = free_rows.back();
        free_rows.pop_back();
        rows[id] = Row{};
      } else {
        id = static_cast<std::uint32_t>(rows.size());
        rows.emplace_back();
      }
      rows[id].symbol = symbol;
      rows[id].expiry = expiry;
      rows[id].strike = strike;
      it->second = id;
    }
    return it->second;
  }

  PriceHistory* future_history(Row& row) {
    SymbolState& sym = symbols[row.symbol];
    if (row.future < 0) {
      for (std::size_t i = 0; i < sym.futures.size(); ++i) {
        if (sym.futures[i].first == row.expiry) row.future = static_cast<std::int32_t>(i);
      }
      if (row.future < 0) return nullptr;
    }
    return &sym.futures[static_cast<std::size_t>(row.future)].second;
  }

  void mark(std::uint32_t id, RowMinute& m) {
    if (!m.dirty) {
      m.dirty = true;
      dirty.emplace_back(id, m.minute);
    }
  }

  std::int64_t volume_of(const Row& row, std::size_t i, std::size_t s) const {
    const SideMinute& m = row.minutes[i].sides[s];
    if (!m.has_volume) return 0;
    for (std::size_t j = i; j-- > 0;) {
      const SideMinute& prev = row.minutes[j].sides[s];
      if (prev.has_volume) {
        return add_volume(volume_between(prev.last_cumulative, m.first_cumulative), m.inner_volume);
      }
    }
    if (row.sides[s].has_anchor) {
      return add_volume(volume_between(row.sides[s].anchor_cumulative, m.first_cumulative),
                        m.inner_volume);
    }
    // The day's first observation: a baseline unless the bucket is the session's first.
    const auto open = ist_time_on(row.day, std::chrono::hours{9} + minutes{15});
    const std::int64_t open_minute = epoch_seconds(open) / 60;
    return add_volume(row.minutes[i].minute <= open_minute ? m.first_cumulative : 0,
                      m.inner_volume);
  }

  SideBar side_bar(const Row& row, std::size_t i, std::size_t s) const {
    SideBar out = row.minutes[i].sides[s].to_side_bar();
    out.volume = volume_of(row, i, s);
    if (out.oi) {
      if (auto prev = row.sides[s].previous_close(row.day)) out.oi_change = *out.oi - *prev;
    }
    return out;
  }

  StrikeBar materialise(const Row& row, std::size_t i) const {
    const RowMinute& m = row.minutes[i];
    StrikeBar bar;
    bar.key.symbol = symbols[row.symbol].name;
    bar.key.expiry = row.expiry;
    bar.key.strike = row.strike;
    bar.key.timeframe = Timeframe::m1;
    bar.key.bucket = utc_seconds(m.minute * 60);
    if (m.has_underlying) bar.underlying_close = m.underlying;
    bar.call = side_bar(row, i, side_index(Side::call));
    bar.put = side_bar(row, i, side_index(Side::put));
    return bar;
  }

  void flush_analytics() {
    if (pending_analytics.empty()) return;
    pricing_results.resize(pricing_inputs.size());
    pricing::analyse_options(pricing_inputs, pricing_results);
    std::size_t priced = 0;
    for (const PendingAnalytics& p : pending_analytics) {
      std::array<double, 5> v = p.values;
      if (!p.supplied) {
        const pricing::OptionAnalytics& a = pricing_results[priced++];
        if (a.status != pricing::PricingStatus::ok) {
          ++stats.pricing_failed;
          continue;
        }
        v = {a.iv_percent, a.delta, a.gamma, a.theta, a.vega};
        ++stats.analytics_computed;
      }
      // The minute exists: minutes leave a row only through materialise_dirty, which flushes
      // first (the check guards the memory, not a case that occurs).
      auto& mins = rows[p.row].minutes;
      auto it = std::lower_bound(mins.begin(), mins.end(), p.minute,
                                 [](const RowMinute& m, std::int64_t m2) { return m.minute < m2; });
      if (it == mins.end() || it->minute != p.minute) continue;
      it->sides[p.side].add_analytics(v[0], v[1], v[2], v[3], v[4]);
    }
    pending_analytics.clear();
    pricing_inputs.clear();
  }

  void materialise_dirty(Row& row, std::size_t end) {
    flush_analytics();
    for (std::size_t i = 0; i < end; ++i) {
      if (row.minutes[i].dirty) {
        ready.push_back(materialise(row, i));
        row.minutes[i].dirty = false;
      }
    }
  }

  void roll_over(Row& row, Date day) {
    materialise_dirty(row, row.minutes.size());
    for (SideDay& sd : row.sides) {
      if (sd.has_last_oi) sd.add_close({row.day, UtcSeconds::max(), sd.last_oi});
      sd.has_last_oi = false;
      sd.has_anchor = false;
    }
    row.minutes.clear();
    row.day = day;
  }

  // Forgets the minutes before `cutoff`, keeping the volume chain's anchor.
  void prune(Row& row, std::int64_t cutoff) {
    std::size_t n = 0;
    while (n < row.minutes.size() && row.minutes[n].minute < cutoff) ++n;
    if (n == 0) return;
    materialise_dirty(row, n);
    for (std::size_t s = 0; s < 2; ++s) {
      for (std::size_t j = n; j-- > 0;) {
        if (row.minutes[j].sides[s].has_volume) {
          row.sides[s].has_anchor = true;
          row.sides[s].anchor_cumulative = row.minutes[j].sides[s].last_cumulative;
          break;
        }
      }
    }
    row.minutes.erase(row.minutes.begin(), row.minutes.begin() + static_cast<std::ptrdiff_t>(n));
  }

  // Queues the tick's analytics for its minute `sm` (see PendingAnalytics); supplied ones go
  // straight in while nothing is queued, since then none can be due before them.
  void add_analytics(const OptionTick& tick, std::uint32_t id, Row& row, std::int64_t minute,
                     SideMinute& sm) {
    const std::size_t side = side_index(tick.side);
    if (tick.iv && tick.delta && tick.gamma && tick.theta && tick.vega && *tick.iv > 0 &&
        *tick.iv <= kMaxSuppliedIvPercent && std::isfinite(*tick.iv) &&
        std::isfinite(*tick.delta) && std::isfinite(*tick.gamma) && std::isfinite(*tick.theta) &&
        std::isfinite(*tick.vega)) {
      if (pending_analytics.empty()) {
        sm.add_analytics(*tick.iv, *tick.delta, *tick.gamma, *tick.theta, *tick.vega);
      } else {
        pending_analytics.push_back(
            {id,
             minute,
             side,
             true,
             {*tick.iv, *tick.delta, *tick.gamma, *tick.theta, *tick.vega}});
      }
      ++stats.analytics_supplied;
      return;
    }
    std::optional<double> premium;
    if (usable_price(tick.price)) {
      premium = tick.price;
    } else if (usable_price(tick.bid) && usable_price(tick.ask) && *tick.ask >= *tick.bid) {
      premium = (*tick.bid + *tick.ask) / 2;
    }
    if (!premium) {
      ++stats.unpriced;
      return;
    }
    const SymbolState& sym = symbols[row.symbol];
    pricing::MarketInputs in{};
    in.side = tick.side;
    in.premium = *premium;
    in.strike = row.strike.to_double();
    in.years = years_to_expiry(row.expiry, tick.ts);
    in.rate = sym.rate;
    in.dividend_yield = sym.dividend_yield;
    std::optional<double> underlying;
    if (PriceHistory* future = future_history(row)) {
      underlying = future->at_or_before(tick.ts);
      in.underlying_is_forward = underlying.has_value();
    }
    if (!underlying) underlying = sym.spot.at_or_before(tick.ts);
    if (!underlying) {
      ++stats.unpriced;
      return;
    }
    in.underlying = *underlying;
    pricing_inputs.push_back(in);
    pending_analytics.push_back({id, minute, side, false, {}});
  }

  TickOutcome add_option(const OptionTick& tick) {
    ++stats.option_ticks;
    const std::uint32_t id = row_id(symbol_id(tick.symbol), tick.expiry, tick.strike);
    Row& row = rows[id];
    const Date day = ist_date(tick.ts);
    if (!row.has_day) {
      row.has_day = true;
      row.day = day;
    } else if (day > row.day) {
      roll_over(row, day);
    } else if (day < row.day) {
      ++stats.too_late;
      return TickOutcome::too_late;
    }

    const std::int64_t minute = minute_of(tick.ts);
    const std::int64_t window = config.late_window.count();
    auto& mins = row.minutes;
    std::size_t i;
    if (mins.empty() || minute > mins.back().minute) {
      mins.emplace_back();
      mins.back().minute = minute;
      if (window > 0) prune(row, minute - window);
      i = mins.size() - 1;
    } else if (minute == mins.back().minute) {
      i = mins.size() - 1;
    } else {
      if (window > 0 && minute < mins.back().minute - window) {
        ++stats.too_late;
        return TickOutcome::too_late;
      }
      auto it = std::lower_bound(mins.begin(), mins.end(), minute,
                                 [](const RowMinute& m, std::int64_t v) { return m.minute < v; });
      if (it == mins.end() || it->minute != minute) {
        it = mins.insert(it, RowMinute{});
        it->minute = minute;
      }
      i = static_cast<std::size_t>(it - mins.begin());
      ++stats.late_ticks;
    }

    RowMinute& slot = mins[i];
    const std::size_t s = side_index(tick.side);
    SideMinute& sm = slot.sides[s];
    ++sm.count;

    if (auto spot = symbols[row.symbol].spot.at_or_before(tick.ts)) {
      if (!slot.has_underlying || tick.ts >= slot.underlying_ts) {
        slot.has_underlying = true;
        slot.underlying = *spot;
        slot.underlying_ts = tick.ts;
      }
    }
    if (tick.oi && *tick.oi >= 0) {
      sm.observe_oi(tick.ts, *tick.oi);
      SideDay& sd = row.sides[s];
      if (!sd.has_last_oi || tick.ts >= sd.last_oi_ts) {
        sd.has_last_oi = true;
        sd.last_oi = *tick.oi;
        sd.last_oi_ts = tick.ts;
      }
    }
    if (usable_price(tick.price)) sm.observe_price(tick.ts, *tick.price);
    if (tick.cumulative_volume && *tick.cumulative_volume >= 0) {
      const bool last_changed = sm.observe_cumulative(tick.ts, *tick.cumulative_volume);
      if (last_changed) {
        // The next minute with a volume observation bridges from this one: it changed too.
        for (std::size_t j = i + 1; j < mins.size(); ++j) {
          if (mins[j].sides[s].has_volume) {
            mark(id, mins[j]);
            break;
          }
        }
      }
    }
    add_analytics(tick, id, row, minute, sm);
    if (pending_analytics.size() >= kMaxPendingAnalytics) flush_analytics();
    mark(id, slot);
    return TickOutcome::aggregated;
  }
};

BarAggregator::BarAggregator(AggregatorConfig config) : state_(std::make_unique<State>()) {
  state_->config = std::move(config);
}
BarAggregator::~BarAggregator() = default;
BarAggregator::BarAggregator(BarAggregator&&) noexcept = default;
BarAggregator& BarAggregator::operator=(BarAggregator&&) noexcept = default;

void BarAggregator::set_rate(std::string_view symbol, double rate) {
  state_->config.rate_by_symbol.insert_or_assign(std::string(symbol), rate);
  for (SymbolState& s : state_->symbols) {
    if (s.name == symbol) s.rate = rate;
  }
}

TickOutcome BarAggregator::add(const MarketEvent& event) {
  return std::visit([this](const auto& e) { return add(e); }, event);
}

void BarAggregator::add(std::span<const MarketEvent> events) {
  for (const MarketEvent& event : events) {
    if (const OptionTick* tick = std::get_if<OptionTick>(&event)) {
      state_->add_option(*tick);
    } else {
      add(event);
    }
  }
  state_->flush_analytics();
}

TickOutcome BarAggregator::add(const OptionTick& tick) {
  const TickOutcome outcome = state_->add_option(tick);
  state_->flush_analytics();
  return outcome;
}

TickOutcome BarAggregator::add(const UnderlyingTick& tick) {
  if (!std::isfinite(tick.price) || tick.price <= 0) return TickOutcome::ignored;
  ++state_->stats.underlying_ticks;
  state_->symbols[state_->symbol_id(tick.symbol)].spot.record(tick.ts, tick.price);
  return TickOutcome::aggregated;
}

TickOutcome BarAggregator::add(const FutureTick& tick) {
  if (!std::isfinite(tick.price) || tick.price <= 0) return TickOutcome::ignored;
  ++state_->stats.future_ticks;
  SymbolState& sym = state_->symbols[state_->symbol_id(tick.symbol)];
  for (auto& [expiry, history] : sym.futures) {
    if (expiry == tick.expiry) {
      history.record(tick.ts, tick.price);
      return TickOutcome::aggregated;
    }
  }
  sym.futures.emplace_back(tick.expiry, PriceHistory{});
  sym.futures.back().second.record(tick.ts, tick.price);
  return TickOutcome::aggregated;
}

void BarAggregator::seed_previous_close(std::string_view symbol, Expiry expiry, Strike strike,
                                        Side side, Date day, std::int64_t oi) {
  State& st = *state_;
  Row& row = st.rows[st.row_id(st.symbol_id(symbol), expiry, strike)];
  row.sides[side_index(side)].add_close({day, UtcSeconds::max(), oi});
}

void BarAggregator::seed_previous_closes(std::span<const StrikeBar> bars) {
  State& st = *state_;
  for (const StrikeBar& bar : bars) {
    if (!bar.call.oi && !bar.put.oi) continue;
    Row& row = st.rows[st.row_id(st.symbol_id(bar.key.symbol), bar.key.expiry, bar.key.strike)];
    const Date day = ist_date(Timestamp{bar.key.bucket});
    for (Side side : kBothSides) {
      if (const auto& oi = bar.side(side).oi) {
        row.sides[side_index(side)].add_close({day, bar.key.bucket, *oi});
      }
    }
  }
}

void BarAggregator::drain(std::vector<StrikeBar>& out) {
  State& st = *state_;
  st.flush_analytics();
  out.reserve(out.size() + st.ready.size() + st.dirty.size());
  for (StrikeBar& bar : st.ready) out.push_back(std::move(bar));
  st.ready.clear();
  for (const auto& [id, minute] : st.dirty) {
    Row& row = st.rows[id];
    auto it = std::lower_bound(row.minutes.begin(), row.minutes.end(), minute,
                               [](const RowMinute& m, std::int64_t v) { return m.minute < v; });
    if (it == row.minutes.end() || it->minute != minute || !it->dirty) continue;
    out.push_back(st.materialise(row, static_cast<std::size_t>(it - row.minutes.begin())));
    it->dirty = false;
  }
  st.dirty.clear();
}

std::vector<StrikeBar> BarAggregator::drain() {
  std::vector<StrikeBar> out;
  drain(out);
  return out;
}

std::size_t BarAggregator::pending() const {
  return state_->ready.size() + state_->dirty.size();
}

void BarAggregator::evict_before(Date day) {
  State& st = *state_;
  for (std::uint32_t id = 0; id < st.rows.size(); ++id) {
    Row& row = st.rows[id];
    if (!row.has_day || row.day >= day) continue;
    st.materialise_dirty(row, row.minutes.size());
    std::vector<RowMinute>().swap(row.minutes);
    if (row.expiry < day) {
      // An expired contract trades no more: forget it entirely.
      st.index.erase(RowKey{row.symbol,
                            static_cast<std::int32_t>(row.expiry.time_since_epoch().count()),
                            row.strike.hundredths()});
      row = Row{};
      st.free_rows.push_back(id);
    }
  }
}

const AggregatorStats& BarAggregator::stats() const {
  return state_->stats;
}

}  // namespace strikeline
