#include "bars/bar_aggregator.h"

#include <cassert>
#include <cmath>
#include <optional>
#include <utility>

#include "bars/future_bars.h"
#include "bars/pricing_batch.h"
#include "bars/row_table.h"
#include "bars/symbol_table.h"
#include "pricing/forward_choice.h"

namespace strikeline {

namespace {

using std::chrono::minutes;

// Option ticks whose Greeks wait to be priced together at most (see PricingBatch): enough for a
// whole chain's ticks, a few hundred kilobytes.
constexpr std::size_t kMaxPendingAnalytics = 4096;

// A supplied IV above this (percent) is a feed error: the tick is priced instead.
constexpr double kMaxSuppliedIvPercent = 1000.0;

std::int64_t minute_of(Timestamp ts) {
  return std::chrono::floor<minutes>(ts).time_since_epoch().count();
}

bool usable_price(const std::optional<double>& p) {
  return p && std::isfinite(*p) && *p > 0;
}

std::size_t side_index(Side s) {
  return static_cast<std::size_t>(s);
}

// The tick's own Greeks when it supplies all five and they are usable (0 < iv <= 1000 %, finite).
std::optional<Greeks> supplied_greeks(const OptionTick& t) {
  if (t.iv && t.delta && t.gamma && t.theta && t.vega && *t.iv > 0 &&
      *t.iv <= kMaxSuppliedIvPercent && std::isfinite(*t.iv) && std::isfinite(*t.delta) &&
      std::isfinite(*t.gamma) && std::isfinite(*t.theta) && std::isfinite(*t.vega)) {
    return Greeks{*t.iv, *t.delta, *t.gamma, *t.theta, *t.vega};
  }
  return std::nullopt;
}

// The premium to price a tick with: its last price, else the bid/ask mid.
std::optional<double> premium_of(const OptionTick& t) {
  if (usable_price(t.price)) return t.price;
  if (usable_price(t.bid) && usable_price(t.ask) && *t.ask >= *t.bid) return (*t.bid + *t.ask) / 2;
  return std::nullopt;
}

// A tick's quote: its usable prices (a price of 0 is an empty side of the book: none) and
// quantities in [0, kMaxQuoteQuantity]; nullopt when it carries none of them.
struct Quote {
  std::optional<double> bid, ask;
  std::optional<std::int64_t> bid_qty, ask_qty;
};

std::optional<Quote> quote_of(const OptionTick& t) {
  Quote q;
  if (usable_price(t.bid)) q.bid = t.bid;
  if (usable_price(t.ask)) q.ask = t.ask;
  const auto usable_quantity = [](const std::optional<std::int64_t>& n) {
    return n && *n >= 0 && *n <= kMaxQuoteQuantity;
  };
  if (usable_quantity(t.bid_qty)) q.bid_qty = t.bid_qty;
  if (usable_quantity(t.ask_qty)) q.ask_qty = t.ask_qty;
  if (!q.bid && !q.ask && !q.bid_qty && !q.ask_qty) return std::nullopt;
  return q;
}

}  // namespace

// The aggregator's parts, and the invariants that tie them together:
//  - symbols: the underlyings with their rates and price histories (bars/symbol_table.h);
//  - rows: the strike rows, each with its day, minute series and day closes (bars/row_table.h);
//    a row's symbol id is an id of `symbols`;
//  - batch: the Greeks of placed ticks not yet in their minutes (bars/pricing_batch.h); every
//    entry names a minute its row still keeps;
//  - changed: every minute whose dirty flag is set is listed in changed.minutes (the list may
//    also name minutes since emitted or dropped: drain skips those), and changed.ready holds bars
//    emitted early, before their minutes were dropped.
// A minute's Greeks are read (materialise) and minutes are dropped (prune, roll_over, eviction)
// only with a Settled in hand, which only settle() makes, after applying the whole batch; so no
// tick's Greeks are ever lost or read before they are in. Each of them asserts the batch is empty.
struct BarAggregator::State {
  // Proof that the pricing batch is settled: every tick placed so far has its Greeks in place.
  class Settled {
    friend struct State;
    Settled() = default;
  };

  struct ChangedBars {
    std::vector<std::pair<std::uint32_t, std::int64_t>> minutes;  // (row, minute) to emit
    std::vector<StrikeBar> ready;
  };

  explicit State(const AggregatorConfig& config)
      : late_window(config.late_window.count()),
        iv_convention(config.iv_convention),
        forward(config.forward),
        symbols(config.rate, config.dividend_yield, config.rate_by_symbol) {}

  const std::int64_t late_window;  // minutes; 0: the row's whole IST day
  const IvConvention iv_convention;
  const ForwardSource forward;
  AggregatorStats stats;
  SymbolTable symbols;
  RowTable rows;
  PricingBatch batch;
  ChangedBars changed;
  FutureBarBuilder futures;
  std::optional<Date> newest_day;  // the newest IST day of the option ticks
  std::optional<Date> day_begun;   // a newer one seen in the current add(), once it is done

  Settled settle() {
    const PricingBatch::Settlement s = batch.settle([this](const MinuteSide& to, const Greeks& g) {
      // Minutes are dropped only with a Settled, so the minute exists (the check guards the
      // memory, not a case that occurs).
      RowMinute* minute = rows[to.row].minutes.find(to.minute);
      assert(minute != nullptr);
      if (minute != nullptr) minute->sides[to.side].add_analytics(g);
    });
    stats.analytics_computed += s.computed;
    stats.pricing_failed += s.failed;
    return Settled{};
  }

  void mark(std::uint32_t id, RowMinute& m) {
    if (!m.dirty) {
      m.dirty = true;
      changed.minutes.emplace_back(id, m.minute);
    }
  }

  SideBar side_bar(const Row& row, std::size_t i, std::size_t s) const {
    SideBar out = row.minutes[i].sides[s].to_side_bar(row.minutes[i].start());
    out.volume = row.minutes.volume(i, s, row.day);
    if (out.oi) {
      if (auto prev = row.closes[s].previous_close(row.day)) out.oi_change = *out.oi - *prev;
    }
    return out;
  }

  StrikeBar materialise(const Settled&, const Row& row, std::size_t i) const {
    assert(batch.empty());
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

  // Emits the changed minutes before `end` into changed.ready.
  void materialise_dirty(const Settled& settled, Row& row, std::size_t end) {
    for (std::size_t i = 0; i < end; ++i) {
      if (row.minutes[i].dirty) {
        changed.ready.push_back(materialise(settled, row, i));
        row.minutes[i].dirty = false;
      }
    }
  }

  // The row's day ends: its changed minutes are emitted, its last OIs become the day's closes.
  void roll_over(Row& row, Date day) {
    const Settled settled = settle();
    materialise_dirty(settled, row, row.minutes.size());
    for (DayCloses& closes : row.closes) closes.close_day(row.day);
    row.minutes.clear();
    row.day = day;
  }

  // Forgets the minutes before `cutoff`, keeping the volume chain's anchor.
  void prune(Row& row, std::int64_t cutoff) {
    const std::size_t n = row.minutes.count_before(cutoff);
    if (n == 0) return;
    const Settled settled = settle();
    materialise_dirty(settled, row, n);
    row.minutes.drop_front(n);
  }

  // Ends the day of a row whose day is over, as its first tick of `day` would, gives back its
  // minutes' memory, and forgets the row once its contract has expired before `day`.
  void evict(std::uint32_t id, Date day) {
    Row& row = rows[id];
    roll_over(row, day);
    row.minutes.release();
    if (row.expiry < day) rows.remove(id);  // an expired contract trades no more
  }

  // Appends every changed bar and forgets them.
  void drain(std::vector<StrikeBar>& out) {
    const Settled settled = settle();
    out.reserve(out.size() + changed.ready.size() + changed.minutes.size());
    for (StrikeBar& bar : changed.ready) out.push_back(std::move(bar));
    changed.ready.clear();
    for (const auto& [id, minute] : changed.minutes) {
      Row& row = rows[id];
      RowMinute* m = row.minutes.find(minute);
      if (m == nullptr || !m->dirty) continue;
      out.push_back(materialise(settled, row, static_cast<std::size_t>(m - &row.minutes[0])));
      m->dirty = false;
    }
    changed.minutes.clear();
  }

  PriceHistory* future_history(Row& row) {
    SymbolMarket& sym = symbols[row.symbol];
    if (row.future < 0) {
      row.future = sym.future_index(row.expiry);
      if (row.future < 0) return nullptr;
    }
    return &sym.futures[static_cast<std::size_t>(row.future)].second;
  }

  // Queues the tick's Greeks for its minute (see PricingBatch); supplied ones go straight in
  // while nothing is queued, since then none can be due before them.
  void add_analytics(const OptionTick& tick, const MinuteSide& to, Row& row, SideMinute& sm) {
    if (const std::optional<Greeks> supplied = supplied_greeks(tick)) {
      if (batch.empty()) {
        sm.add_analytics(*supplied);
      } else {
        batch.add_supplied(to, *supplied);
      }
      ++stats.analytics_supplied;
      return;
    }
    const std::optional<double> premium = premium_of(tick);
    if (!premium) {
      ++stats.unpriced;
      return;
    }
    const SymbolMarket& sym = symbols[row.symbol];
    pricing::MarketInputs in{};
    in.side = tick.side;
    in.premium = *premium;
    in.strike = row.strike.to_double();
    in.years = convention_years(iv_convention, row.expiry, tick.ts);
    in.rate = sym.rate;
    in.dividend_yield = sym.dividend_yield;
    if (iv_convention == IvConvention::nse) {
      in.rate = kNseIvRate;
      in.dividend_yield = 0;
    }
    pricing::ForwardCandidates candidates;
    candidates.spot = sym.spot.at_or_before(tick.ts);
    PricingPolicy policy{ForwardSource::spot, in.rate, in.dividend_yield};
    if (iv_convention == IvConvention::strikeline) {
      policy.forward = forward;
      if (PriceHistory* future = forward == ForwardSource::spot ? nullptr : future_history(row)) {
        candidates.future = future->at_or_before(tick.ts);
      }
      if (forward == ForwardSource::synthetic && in.years >= 0) {
        candidates.synthetic = symbols[row.symbol]
                                   .parity_book(row.expiry)
                                   .forward(candidates.spot.value_or(0), in.years, in.rate);
      }
    }
    const pricing::ChosenForward chosen = pricing::choose_forward(policy, in.years, candidates);
    if (!chosen.found) {
      ++stats.unpriced;
      return;
    }
    in.underlying = chosen.underlying;
    in.underlying_is_forward = chosen.underlying_is_forward;
    batch.add_to_price(to, in);
  }

  TickOutcome add_option(const OptionTick& tick) {
    ++stats.option_ticks;
    const std::uint32_t id = rows.id(symbols.id(tick.symbol), tick.expiry, tick.strike);
    Row& row = rows[id];
    const Date day = ist_date(tick.ts);
    if ((!newest_day || day > *newest_day) && (!day_begun || day > *day_begun)) day_begun = day;
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
    if (late_window > 0 && row.minutes.opens_newest(minute)) prune(row, minute - late_window);
    const std::optional<MinuteSeries::Placement> placed = row.minutes.place(minute, late_window);
    if (!placed) {
      ++stats.too_late;
      return TickOutcome::too_late;
    }
    if (placed->late) ++stats.late_ticks;

    RowMinute& slot = row.minutes[placed->index];
    const std::size_t s = side_index(tick.side);
    SideMinute& sm = slot.sides[s];
    const MinuteMicros at = minute_micros(tick.ts, slot.start());
    sm.observe_tick(at);

    if (auto spot = symbols[row.symbol].spot.at_or_before(tick.ts)) {
      if (!slot.has_underlying || at >= slot.underlying_at) {
        slot.has_underlying = true;
        slot.underlying = *spot;
        slot.underlying_at = at;
      }
    }
    if (tick.oi && *tick.oi >= 0) {
      sm.observe_oi(at, *tick.oi);
      row.closes[s].observe(tick.ts, *tick.oi);
    }
    if (usable_price(tick.price)) sm.observe_price(at, *tick.price);
    const std::optional<Quote> quote = quote_of(tick);
    if (quote) sm.observe_quote(at, quote->bid, quote->ask, quote->bid_qty, quote->ask_qty);
    if (forward == ForwardSource::synthetic && iv_convention == IvConvention::strikeline) {
      symbols[row.symbol]
          .parity_book(row.expiry)
          .observe(row.strike.to_double(), tick.side, tick.ts,
                   usable_price(tick.price) ? tick.price : std::nullopt,
                   quote ? quote->bid : std::nullopt, quote ? quote->ask : std::nullopt);
    }
    if (tick.cumulative_volume && *tick.cumulative_volume >= 0) {
      const bool last_changed = sm.observe_cumulative(at, *tick.cumulative_volume);
      // The next minute with a volume observation bridges from this one: it changed too.
      if (last_changed) {
        if (RowMinute* next = row.minutes.next_with_volume(placed->index, s)) mark(id, *next);
      }
    }
    add_analytics(tick, MinuteSide{id, minute, s}, row, sm);
    if (batch.size() >= kMaxPendingAnalytics) settle();
    mark(id, slot);
    return TickOutcome::aggregated;
  }
};

BarAggregator::BarAggregator(AggregatorConfig config) : state_(std::make_unique<State>(config)) {}
BarAggregator::~BarAggregator() = default;
BarAggregator::BarAggregator(BarAggregator&&) noexcept = default;
BarAggregator& BarAggregator::operator=(BarAggregator&&) noexcept = default;

void BarAggregator::set_rate(std::string_view symbol, double rate) {
  state_->symbols.set_rate(symbol, rate);
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
  state_->settle();
  end_days_before_a_new_one();
}

TickOutcome BarAggregator::add(const OptionTick& tick) {
  const TickOutcome outcome = state_->add_option(tick);
  state_->settle();
  end_days_before_a_new_one();
  return outcome;
}

void BarAggregator::end_days_before_a_new_one() {
  State& st = *state_;
  if (!st.day_begun) return;
  if (st.newest_day) evict_before(*st.day_begun);
  st.newest_day = std::exchange(st.day_begun, std::nullopt);
}

TickOutcome BarAggregator::add(const UnderlyingTick& tick) {
  if (!std::isfinite(tick.price) || tick.price <= 0) return TickOutcome::ignored;
  ++state_->stats.underlying_ticks;
  state_->symbols[state_->symbols.id(tick.symbol)].spot.record(tick.ts, tick.price);
  return TickOutcome::aggregated;
}

TickOutcome BarAggregator::add(const FutureTick& tick) {
  if (!std::isfinite(tick.price) || tick.price <= 0) return TickOutcome::ignored;
  SymbolMarket& market = state_->symbols[state_->symbols.id(tick.symbol)];
  // A tick of a day before the future's current one still prices late option ticks; its bar is
  // refused (the builder keeps the current day only).
  state_->futures.add(tick, market.spot.at_or_before(tick.ts));
  ++state_->stats.future_ticks;
  market.record_future(tick.expiry, tick.ts, tick.price);
  return TickOutcome::aggregated;
}

void BarAggregator::seed_previous_close(std::string_view symbol, Expiry expiry, Strike strike,
                                        Side side, Date day, std::int64_t oi) {
  State& st = *state_;
  Row& row = st.rows[st.rows.id(st.symbols.id(symbol), expiry, strike)];
  row.closes[side_index(side)].add_close(day, UtcSeconds::max(), oi);
}

void BarAggregator::seed_previous_closes(std::span<const StrikeBar> bars) {
  State& st = *state_;
  for (const StrikeBar& bar : bars) {
    if (!bar.call.oi && !bar.put.oi) continue;
    Row& row = st.rows[st.rows.id(st.symbols.id(bar.key.symbol), bar.key.expiry, bar.key.strike)];
    const Date day = ist_date(Timestamp{bar.key.bucket});
    for (Side side : kBothSides) {
      if (const auto& oi = bar.side(side).oi) {
        row.closes[side_index(side)].add_close(day, bar.key.bucket, *oi);
      }
    }
  }
}

void BarAggregator::drain(std::vector<StrikeBar>& out) {
  state_->drain(out);
}

std::vector<StrikeBar> BarAggregator::drain() {
  std::vector<StrikeBar> out;
  drain(out);
  return out;
}

void BarAggregator::drain_futures(std::vector<FutureBar>& out) {
  state_->futures.drain(out);
}

std::size_t BarAggregator::pending_futures() const {
  return state_->futures.pending();
}

std::size_t BarAggregator::pending() const {
  return state_->changed.ready.size() + state_->changed.minutes.size();
}

void BarAggregator::evict_before(Date day) {
  State& st = *state_;
  for (std::uint32_t id = 0; id < st.rows.size(); ++id) {
    const Row& row = st.rows[id];
    if (row.has_day && row.day < day) st.evict(id, day);
  }
  st.futures.evict_before(day);
}

AggregatorHeld BarAggregator::held() const {
  const State& st = *state_;
  AggregatorHeld out;
  out.rows = st.rows.live();
  for (std::uint32_t id = 0; id < st.rows.size(); ++id)
    out.row_minutes += st.rows[id].minutes.size();
  return out;
}

const AggregatorStats& BarAggregator::stats() const {
  return state_->stats;
}

}  // namespace strikeline
