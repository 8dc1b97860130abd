#include "store/state_row.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <optional>

namespace strikeline {

namespace {

using namespace side_cell;

// What one side of a 1-minute cell says, whichever way the cell is stored.
struct SideReading {
  bool non_empty = false;
  std::int64_t time = 0;  // its observation time, epoch seconds
  bool has_oi = false, has_oi_change = false, has_price = false, has_analytics = false;
  std::int64_t oi = 0, oi_change = 0;
  std::int64_t volume = 0;  // traded in the minute
  double price = 0;
  double iv = 0, delta = 0, gamma = 0, theta = 0, vega = 0;
  QuoteSide quote;  // empty: none
};

SideReading read_compact(const CompactSide& in, std::uint16_t flags, int shift,
                         std::uint8_t observed, const QuoteSide& quote, std::int64_t row_start) {
  SideReading r;
  r.has_oi = (flags & (compact_flag::oi << shift)) != 0;
  r.has_oi_change = (flags & (compact_flag::oi_change << shift)) != 0;
  r.has_price = (flags & (compact_flag::premium << shift)) != 0;
  r.has_analytics = in.analytics_count > 0;
  r.non_empty =
      in.count > 0 || in.volume > 0 || r.has_oi || r.has_price || r.has_analytics || !quote.empty();
  if (!r.non_empty) return r;
  r.quote = quote;
  r.time = observed == kNotObserved ? row_start + 60 : row_start + observed;
  r.volume = in.volume;
  r.oi = in.oi;
  r.oi_change = in.oi_change;
  r.price = in.close;
  r.iv = in.iv;
  r.delta = in.delta;
  r.gamma = in.gamma;
  r.theta = in.theta;
  r.vega = in.vega;
  return r;
}

SideReading read_exact(const SideBar& in, std::int64_t row_start) {
  SideReading r;
  r.has_oi = in.oi.has_value();
  r.has_oi_change = in.oi_change.has_value();
  r.has_price = in.has_premium;
  r.has_analytics = in.has_analytics();
  r.non_empty = !in.empty();
  if (!r.non_empty) return r;
  r.quote = saturated_quote(in.bid, in.ask, in.bid_qty, in.ask_qty);
  r.time = in.observed_at ? epoch_seconds(*in.observed_at) : row_start + 60;
  r.volume = in.volume;
  r.oi = in.oi.value_or(0);
  r.oi_change = in.oi_change.value_or(0);
  r.price = in.close;
  r.iv = in.iv;
  r.delta = in.delta;
  r.gamma = in.gamma;
  r.theta = in.theta;
  r.vega = in.vega;
  return r;
}

// The fields of a side a backward scan still looks for.
namespace wanted {
constexpr unsigned time = 1u << 0;
constexpr unsigned oi = 1u << 1;  // with its oi_change
constexpr unsigned price = 1u << 2;
constexpr unsigned analytics = 1u << 3;
constexpr unsigned quote = 1u << 4;
constexpr unsigned all = time | oi | price | analytics | quote;
}  // namespace wanted

// Takes from `r`, the newest non-empty reading of the side not yet seen, each field `need` still
// lacks: what apply() would leave after applying every reading in time order.
void take_newest(SideCell& s, const SideReading& r, unsigned& need) {
  if (!r.non_empty) return;
  if (need & wanted::time) {
    s.observed_at = r.time;
    s.flags |= observed;
  }
  if ((need & wanted::oi) && r.has_oi) {
    s.oi = r.oi;
    s.flags |= has_oi;
    if (r.has_oi_change) {
      s.oi_change = r.oi_change;
      s.flags |= has_oi_change;
    } else {
      s.flags &= static_cast<std::uint8_t>(~has_oi_change);
    }
    need &= ~wanted::oi;
  }
  if ((need & wanted::price) && r.has_price) {
    s.last_price = r.price;
    s.flags |= has_price;
    need &= ~wanted::price;
  }
  if ((need & wanted::analytics) && r.has_analytics) {
    s.iv = static_cast<float>(r.iv);
    s.delta = static_cast<float>(r.delta);
    s.gamma = static_cast<float>(r.gamma);
    s.theta = static_cast<float>(r.theta);
    s.vega = static_cast<float>(r.vega);
    s.flags |= side_cell::has_analytics;
    need &= ~wanted::analytics;
  }
  if ((need & wanted::quote) && !r.quote.empty()) {
    s.quote = r.quote;
    need &= ~wanted::quote;
  }
  need &= ~wanted::time;
}

// Applies a non-empty reading, later than every reading applied before it: each field it has, its
// time, and its volume added to the day's.
void apply(SideCell& s, const SideReading& r) {
  unsigned every = wanted::all;
  take_newest(s, r, every);
  s.day_volume += r.volume;
}

// Each field from `later` when it has it, else from `earlier`.
SideCell overlay(const SideCell& earlier, const SideCell& later) {
  SideCell out = earlier;
  if (later.has(has_oi)) {
    out.oi = later.oi;
    out.oi_change = later.oi_change;
    out.flags = static_cast<std::uint8_t>((out.flags & ~(has_oi | has_oi_change)) |
                                          (later.flags & (has_oi | has_oi_change)));
  }
  if (later.has(has_price)) {
    out.last_price = later.last_price;
    out.flags |= has_price;
  }
  if (later.has(side_cell::has_analytics)) {
    out.iv = later.iv;
    out.delta = later.delta;
    out.gamma = later.gamma;
    out.theta = later.theta;
    out.vega = later.vega;
    out.flags |= side_cell::has_analytics;
  }
  if (!later.quote.empty()) out.quote = later.quote;
  if (later.has(observed)) {
    out.observed_at = later.observed_at;
    out.flags |= observed;
  }
  return out;
}

// The side's state from the opening's and the day's entries (chain_state.h's rules): each field
// the day's when the day has it, else the opening's; open interest as below. Only the `fields`
// asked are read; the others are left empty.
void side_state_of(const SideCell* opening, const SideCell* day, bool day_is_session,
                   StateFields fields, SideState& out) {
  static const SideCell kNone;
  const SideCell& o = opening ? *opening : kNone;
  const SideCell& d = day ? *day : kNone;
  const auto newest = [&](std::uint8_t flag) -> const SideCell* {
    if (d.has(flag)) return &d;
    return o.has(flag) ? &o : nullptr;
  };
  if (const SideCell* seen = newest(observed)) {
    out.observed_at = utc_seconds(seen->observed_at);
  } else {
    out.observed_at.reset();
  }
  out.last_price.reset();
  out.previous_close.reset();
  if (fields.price) {
    if (const SideCell* p = newest(has_price)) out.last_price = p->last_price;
    // The session day's previous close: the opening's last price, or, when `day` is an earlier
    // day (nothing observed on the session day yet), the last price now.
    const SideCell* close = day_is_session ? (o.has(has_price) ? &o : nullptr) : newest(has_price);
    if (close) out.previous_close = close->last_price;
  }
  const SideCell* a = fields.analytics ? newest(side_cell::has_analytics) : nullptr;
  if (a) {
    out.has_analytics = true;
    out.iv = a->iv;
    out.delta = a->delta;
    out.gamma = a->gamma;
    out.theta = a->theta;
    out.vega = a->vega;
  } else {
    out.has_analytics = false;
    out.iv = out.delta = out.gamma = out.theta = out.vega = 0;
  }
  // The quote: the day's last when it has one, else the opening's.
  if (fields.quote) {
    decode_quote(d.quote.empty() ? o.quote : d.quote, out.bid, out.ask, out.bid_qty, out.ask_qty);
  } else {
    out.bid.reset();
    out.ask.reset();
    out.bid_qty.reset();
    out.ask_qty.reset();
  }
  out.day_volume = fields.volume && day_is_session ? d.day_volume : 0;
  out.oi.reset();
  out.oi_change.reset();
  if (!fields.oi) return;
  if (d.has(has_oi)) {
    out.oi = d.oi;
    if (!day_is_session) {
      out.oi_change = 0;
    } else if (d.has(has_oi_change)) {
      out.oi_change = d.oi_change;
    } else if (o.has(has_oi)) {
      out.oi_change = d.oi - o.oi;
    }
  } else if (o.has(has_oi)) {
    out.oi = o.oi;
    out.oi_change = 0;
  }
}

SideCell side_cell_of(const SideState& s) {
  SideCell c;
  if (s.oi) {
    c.oi = *s.oi;
    c.flags |= has_oi;
    if (s.oi_change) {
      c.oi_change = *s.oi_change;
      c.flags |= has_oi_change;
    }
  }
  if (s.last_price) {
    c.last_price = *s.last_price;
    c.flags |= has_price;
  }
  if (s.has_analytics) {
    c.iv = static_cast<float>(s.iv);
    c.delta = static_cast<float>(s.delta);
    c.gamma = static_cast<float>(s.gamma);
    c.theta = static_cast<float>(s.theta);
    c.vega = static_cast<float>(s.vega);
    c.flags |= side_cell::has_analytics;
  }
  if (s.observed_at) {
    c.observed_at = epoch_seconds(*s.observed_at);
    c.flags |= observed;
  }
  c.quote = saturated_quote(s.bid, s.ask, s.bid_qty, s.ask_qty);
  return c;
}

}  // namespace

StateRow empty_state_row(const std::vector<Strike>& strikes) {
  StateRow row;
  row.strikes.resize(strikes.size());
  for (std::size_t i = 0; i < strikes.size(); ++i) row.strikes[i].strike = strikes[i];
  return row;
}

namespace {

struct CellReading {
  SideReading call, put;
  bool has_underlying = false;
  double underlying = 0;
};

CellReading read_cell(const CellBlock& block, std::size_t index, std::int64_t start) {
  const CompactBar& cell = block.cell(index);
  assert(cell.present());
  CellReading r;
  if (cell.flags & compact_flag::exact) {
    const BarValues& values = block.exact(index);
    r.call = read_exact(values.call, start);
    r.put = read_exact(values.put, start);
    r.has_underlying = values.underlying_close.has_value();
    r.underlying = values.underlying_close.value_or(0);
  } else {
    const QuoteCell* quote = block.quote(index);
    r.call = read_compact(cell.call, cell.flags, 0, cell.call_observed,
                          quote ? quote->call : QuoteSide{}, start);
    r.put = read_compact(cell.put, cell.flags, compact_flag::kPutShift, cell.put_observed,
                         quote ? quote->put : QuoteSide{}, start);
    r.has_underlying = (cell.flags & compact_flag::underlying) != 0;
    r.underlying = cell.underlying_close;
  }
  return r;
}

}  // namespace

std::int64_t newest_observation(const CellBlock& block, std::size_t index, UtcSeconds row_start) {
  const std::int64_t start = epoch_seconds(row_start);
  const CellReading r = read_cell(block, index, start);
  if (!r.call.non_empty && !r.put.non_empty) return start + 60;
  std::int64_t newest = start;
  if (r.call.non_empty) newest = std::max(newest, r.call.time);
  if (r.put.non_empty) newest = std::max(newest, r.put.time);
  return newest;
}

void observe_cell(StateRow& row, StrikeCell& entry, const CellBlock& block, std::size_t index,
                  UtcSeconds row_start, std::int64_t cutoff) {
  const std::int64_t start = epoch_seconds(row_start);
  const CellReading cell = read_cell(block, index, start);
  const SideReading& call = cell.call;
  const SideReading& put = cell.put;
  const bool has_underlying = cell.has_underlying;
  const double underlying = cell.underlying;
  bool all_in = true;
  std::int64_t newest = start + 60;  // a cell without a non-empty side: its minute's end
  bool any_side = false;
  for (auto [reading, side] : {std::pair{&call, &entry.call}, std::pair{&put, &entry.put}}) {
    if (!reading->non_empty) continue;
    newest = any_side ? std::max(newest, reading->time) : reading->time;
    any_side = true;
    if (reading->time > cutoff) {
      all_in = false;
      continue;
    }
    apply(*side, *reading);
    entry.listed = true;
  }
  if (!any_side && newest <= cutoff) entry.listed = true;
  if (has_underlying && all_in && newest <= cutoff &&
      (!row.has_underlying || newest >= row.underlying_at)) {
    row.has_underlying = true;
    row.underlying = underlying;
    row.underlying_at = newest;
  }
}

void observe_row(StateRow& row, const CellBlock& block, std::size_t row_offset,
                 UtcSeconds row_start, std::int64_t cutoff) {
  const std::size_t columns = row.strikes.size();
  for (std::size_t c = 0; c < columns; ++c) {
    if (block.present(row_offset + c)) {
      observe_cell(row, row.strikes[c], block, row_offset + c, row_start, cutoff);
    }
  }
}

namespace {

SideReading read_side(const CellBlock& block, std::size_t index, std::int64_t start, bool put) {
  const CompactBar& cell = block.cell(index);
  if (cell.flags & compact_flag::exact) {
    const BarValues& values = block.exact(index);
    return read_exact(put ? values.put : values.call, start);
  }
  const QuoteCell* quote = block.quote(index);
  return put ? read_compact(cell.put, cell.flags, compact_flag::kPutShift, cell.put_observed,
                            quote ? quote->put : QuoteSide{}, start)
             : read_compact(cell.call, cell.flags, 0, cell.call_observed,
                            quote ? quote->call : QuoteSide{}, start);
}

// The units a cell's sides traded in its minute (a cheap read: no other field is decoded).
std::pair<std::int64_t, std::int64_t> cell_volumes(const CellBlock& block, std::size_t index) {
  const CompactBar& cell = block.cell(index);
  if (cell.flags & compact_flag::exact) {
    const BarValues& values = block.exact(index);
    return {values.call.volume, values.put.volume};
  }
  return {cell.call.volume, cell.put.volume};
}

std::optional<double> cell_underlying(const CellBlock& block, std::size_t index) {
  const CompactBar& cell = block.cell(index);
  if (cell.flags & compact_flag::exact) return block.exact(index).underlying_close;
  if (cell.flags & compact_flag::underlying) return cell.underlying_close;
  return std::nullopt;
}

}  // namespace

void observe_rows(StateRow& row, const CellBlock& block, UtcSeconds first_start,
                  std::uint32_t rows) {
  if (rows == 0) return;
  const std::size_t columns = row.strikes.size();
  assert(static_cast<std::size_t>(std::bit_width(rows)) * columns <= block.size());
  const std::int64_t base = epoch_seconds(first_start);
  // Each side's fields from its newest readings: rows newest first, stopping once all are found.
  for (std::size_t c = 0; c < columns; ++c) {
    StrikeCell& entry = row.strikes[c];
    unsigned call_need = wanted::all, put_need = wanted::all;
    for (std::uint32_t left = rows; left != 0 && (call_need | put_need) != 0;) {
      const int r = std::bit_width(left) - 1;
      left &= ~(1u << r);
      const std::size_t index = static_cast<std::size_t>(r) * columns + c;
      if (!block.present(index)) continue;
      entry.listed = true;
      const std::int64_t start = base + 60 * static_cast<std::int64_t>(r);
      if (call_need) take_newest(entry.call, read_side(block, index, start, false), call_need);
      if (put_need) take_newest(entry.put, read_side(block, index, start, true), put_need);
    }
    // The day volume adds every row's (a flow, summed as apply() sums it).
    for (std::uint32_t left = rows; left != 0;) {
      const int r = std::countr_zero(left);
      left &= left - 1;
      const std::size_t index = static_cast<std::size_t>(r) * columns + c;
      if (!block.present(index)) continue;
      const auto [call_volume, put_volume] = cell_volumes(block, index);
      entry.call.day_volume += call_volume;
      entry.put.day_volume += put_volume;
    }
  }
  // The underlying: the cell with the newest observation wins (ties: the one applied last). A
  // row's cells are all observed at or after every earlier row's, so the newest row holding an
  // underlying decides, and in it the newest cell, ties to the later column.
  for (std::uint32_t left = rows; left != 0;) {
    const int r = std::bit_width(left) - 1;
    left &= ~(1u << r);
    const UtcSeconds start = first_start + std::chrono::minutes(r);
    bool found = false;
    std::int64_t newest = 0;
    double value = 0;
    for (std::size_t c = 0; c < columns; ++c) {
      const std::size_t index = static_cast<std::size_t>(r) * columns + c;
      if (!block.present(index)) continue;
      const std::optional<double> underlying = cell_underlying(block, index);
      if (!underlying) continue;
      const std::int64_t seen = newest_observation(block, index, start);
      if (!found || seen >= newest) {
        found = true;
        newest = seen;
        value = *underlying;
      }
    }
    if (!found) continue;
    if (!row.has_underlying || newest >= row.underlying_at) {
      row.has_underlying = true;
      row.underlying = value;
      row.underlying_at = newest;
    }
    break;
  }
}

StateRow merged(const StateRow& earlier, const StateRow& later) {
  StateRow out;
  out.strikes.reserve(std::max(earlier.strikes.size(), later.strikes.size()));
  auto a = earlier.strikes.begin(), b = later.strikes.begin();
  const auto a_end = earlier.strikes.end(), b_end = later.strikes.end();
  while (a != a_end || b != b_end) {
    if (b == b_end || (a != a_end && a->strike < b->strike)) {
      if (a->listed) {
        out.strikes.push_back(*a);
        out.strikes.back().call.day_volume = out.strikes.back().put.day_volume = 0;
      }
      ++a;
    } else if (a == a_end || b->strike < a->strike) {
      if (b->listed) {
        out.strikes.push_back(*b);
        out.strikes.back().call.day_volume = out.strikes.back().put.day_volume = 0;
      }
      ++b;
    } else {
      if (a->listed || b->listed) {
        StrikeCell& c = out.strikes.emplace_back();
        c.strike = a->strike;
        c.listed = true;
        c.call = b->listed ? overlay(a->call, b->call) : a->call;
        c.put = b->listed ? overlay(a->put, b->put) : a->put;
        c.call.day_volume = c.put.day_volume = 0;
      }
      ++a;
      ++b;
    }
  }
  const StateRow& u = later.has_underlying ? later : earlier;
  out.has_underlying = u.has_underlying;
  out.underlying = u.underlying;
  out.underlying_at = u.underlying_at;
  return out;
}

void chain_state_of(const StateRow& opening, const StateRow& day, bool day_is_session,
                    StateFields fields, ChainState& out) {
  // The entries already in `out` are overwritten (every field of each), not rebuilt: a series
  // reads one state per bucket into the same ChainState.
  std::size_t count = 0;
  auto a = opening.strikes.begin(), b = day.strikes.begin();
  const auto a_end = opening.strikes.end(), b_end = day.strikes.end();
  while (a != a_end || b != b_end) {
    const StrikeCell* o = nullptr;
    const StrikeCell* d = nullptr;
    if (b == b_end || (a != a_end && a->strike < b->strike)) {
      o = &*a++;
    } else if (a == a_end || b->strike < a->strike) {
      d = &*b++;
    } else {
      o = &*a++;
      d = &*b++;
    }
    if (o && !o->listed) o = nullptr;
    if (d && !d->listed) d = nullptr;
    if (!o && !d) continue;
    if (count == out.strikes.size()) out.strikes.emplace_back();
    StrikeState& s = out.strikes[count++];
    s.strike = o ? o->strike : d->strike;
    side_state_of(o ? &o->call : nullptr, d ? &d->call : nullptr, day_is_session, fields, s.call);
    side_state_of(o ? &o->put : nullptr, d ? &d->put : nullptr, day_is_session, fields, s.put);
  }
  out.strikes.resize(count);
  const StateRow& u = day.has_underlying ? day : opening;
  out.underlying.reset();
  out.underlying_at.reset();
  if (u.has_underlying) {
    out.underlying = u.underlying;
    out.underlying_at = utc_seconds(u.underlying_at);
  }
}

StrikeCell strike_cell_of(const StrikeState& state) {
  StrikeCell c;
  c.strike = state.strike;
  c.listed = true;
  c.call = side_cell_of(state.call);
  c.put = side_cell_of(state.put);
  return c;
}

}  // namespace strikeline
