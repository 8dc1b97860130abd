#include "query/buildup.h"

#include <algorithm>
#include <cassert>
#include <cstdlib>

#include "query/atm.h"
#include "query/expiry_header.h"
#include "store/futures_book.h"

namespace strikeline {

std::string_view buildup_class_name(BuildupClass c) {
  switch (c) {
    case BuildupClass::long_buildup:
      return "long_buildup";
    case BuildupClass::short_buildup:
      return "short_buildup";
    case BuildupClass::short_covering:
      return "short_covering";
    case BuildupClass::long_unwinding:
      return "long_unwinding";
    case BuildupClass::neutral:
      return "neutral";
  }
  return "neutral";
}

BuildupClass classify_buildup(const BuildupMove& move, double neutral_oi_pct) {
  const std::int64_t start_oi = move.oi - move.oi_change;
  const double threshold = neutral_oi_pct / 100.0 * static_cast<double>(start_oi);
  const double size = static_cast<double>(std::llabs(move.oi_change));
  if (move.oi_change == 0 || size < threshold || move.price_change == 0) {
    return BuildupClass::neutral;
  }
  if (move.oi_change > 0) {
    return move.price_change > 0 ? BuildupClass::long_buildup : BuildupClass::short_buildup;
  }
  return move.price_change > 0 ? BuildupClass::short_covering : BuildupClass::long_unwinding;
}

std::optional<BuildupMove> buildup_move(const SideState& start, const SideState& end) {
  if (!start.oi || !end.oi || !start.last_price || !end.last_price) return std::nullopt;
  BuildupMove move;
  move.oi = *end.oi;
  move.oi_change = *end.oi - *start.oi;
  move.price = *end.last_price;
  move.price_change = *end.last_price - *start.last_price;
  if (*start.oi != 0) {
    move.oi_change_pct =
        static_cast<double>(move.oi_change) / static_cast<double>(*start.oi) * 100.0;
  }
  return move;
}

std::optional<BuildupSideRow> future_buildup(const ChainReader& chain, std::string_view symbol,
                                             Expiry expiry, UtcSeconds since, UtcSeconds as_of,
                                             double neutral_oi_pct) {
  assert(since <= as_of);
  const FuturesBook* book = chain.futures();
  if (!book) return std::nullopt;
  const std::optional<FutureState> end = book->state_at(symbol, expiry, as_of);
  if (!end) return std::nullopt;
  const std::optional<FutureState> start = book->state_at(symbol, expiry, since);
  // The future's state read as a side's: its carried last traded price and OI.
  const auto as_side = [](const std::optional<FutureState>& f) {
    SideState side;
    if (f) {
      side.last_price = f->price;
      side.oi = f->oi;
    }
    return side;
  };
  BuildupSideRow row;
  row.move = buildup_move(as_side(start), as_side(end));
  if (row.move) row.cls = classify_buildup(*row.move, neutral_oi_pct);
  return row;
}

namespace {

// The strikes served: ATM +- range listed positions, all without a range or an underlying.
StrikeSpan served_span(const ChainState& state, const std::optional<int>& range) {
  StrikeSpan span{0, state.strikes.size()};
  const std::optional<std::size_t> atm = atm_index(state);
  if (atm && range) span = strikes_around(*atm, state.strikes.size(), *range);
  return span;
}

const SideState kNeverObserved{};

// Classifies one side into its summary (movers collected, not yet ordered or cut).
BuildupSideRow tally(BuildupSideSummary& summary, Strike strike, const SideState& start,
                     const SideState& end, double neutral_oi_pct, bool with_movers) {
  BuildupSideRow row;
  row.move = buildup_move(start, end);
  if (!row.move) {
    ++summary.unknown;
    return row;
  }
  const BuildupClass cls = classify_buildup(*row.move, neutral_oi_pct);
  row.cls = cls;
  ++summary.counts[static_cast<std::size_t>(cls)];
  summary.oi_change += row.move->oi_change;
  if (with_movers && cls != BuildupClass::neutral) {
    summary.movers[static_cast<std::size_t>(cls)].push_back({strike, *row.move});
  }
  return row;
}

void order_movers(BuildupSideSummary& summary, int keep) {
  for (std::vector<BuildupMover>& movers : summary.movers) {
    std::stable_sort(movers.begin(), movers.end(),
                     [](const BuildupMover& a, const BuildupMover& b) {
                       const std::int64_t size_a = std::llabs(a.move.oi_change);
                       const std::int64_t size_b = std::llabs(b.move.oi_change);
                       return size_a != size_b ? size_a > size_b : a.strike < b.strike;
                     });
    if (movers.size() > static_cast<std::size_t>(keep))
      movers.resize(static_cast<std::size_t>(keep));
  }
}

// Classifies the served strikes of `end` against `start` (nullptr: nothing listed then).
template <class Row>
void classify_chain(const ChainState& end, const ChainState* start, const std::optional<int>& range,
                    double neutral_oi_pct, bool with_movers, BuildupSideSummary& calls,
                    BuildupSideSummary& puts, Row&& on_row) {
  const StrikeSpan span = served_span(end, range);
  for (std::size_t i = span.first; i < span.last; ++i) {
    const StrikeState& s = end.strikes[i];
    const StrikeState* then = start ? start->find(s.strike) : nullptr;
    BuildupRow row;
    row.strike = s.strike;
    row.call = tally(calls, s.strike, then ? then->call : kNeverObserved, s.call, neutral_oi_pct,
                     with_movers);
    row.put = tally(puts, s.strike, then ? then->put : kNeverObserved, s.put, neutral_oi_pct,
                    with_movers);
    on_row(std::move(row));
  }
}

// The build-up reads OI and last prices only.
constexpr StateFields kBuildupFields{
    .oi = true, .price = true, .analytics = false, .quote = false, .volume = false};

}  // namespace

Buildup buildup(const ChainReader& chain, const ContractSpecs& specs,
                const BuildupRequest& request) {
  assert(request.since <= request.as_of);
  Buildup out;
  out.symbol = request.symbol;
  out.expiry = request.expiry;
  out.since = request.since;
  out.as_of = request.as_of;
  out.neutral_oi_pct = request.neutral_oi_pct;
  out.strike_range = request.strike_range;
  if (!request.expiry) return out;
  const Expiry expiry = *request.expiry;
  ExpiryHeader header = expiry_header(chain, specs, request.symbol, expiry, request.as_of);
  out.expiry_label = std::move(header.label);
  out.lot_size = header.lot_size;

  out.future = future_buildup(chain, request.symbol, expiry, request.since, request.as_of,
                              request.neutral_oi_pct);
  const std::optional<ChainState> end = chain.chain_at(request.symbol, expiry, request.as_of);
  if (!end) return out;
  const std::optional<ChainState> start = chain.chain_at(request.symbol, expiry, request.since);
  out.listed_strikes = end->strikes.size();
  out.spot = end->underlying;
  if (start) out.spot_at_since = start->underlying;
  if (const auto atm = atm_index(*end)) out.atm_strike = end->strikes[*atm].strike;
  classify_chain(*end, start ? &*start : nullptr, request.strike_range, request.neutral_oi_pct,
                 true, out.calls, out.puts,
                 [&](BuildupRow&& row) { out.rows.push_back(std::move(row)); });
  order_movers(out.calls, request.movers);
  order_movers(out.puts, request.movers);
  return out;
}

BuildupSeries buildup_series(const ChainReader& chain, const BuildupRequest& request) {
  BuildupSeries out;
  out.expiry = request.expiry;
  if (!request.expiry || !request.window) return out;
  const Expiry expiry = *request.expiry;
  const std::vector<UtcSeconds> times = chain.bucket_times(
      request.symbol, expiry, request.timeframe, request.window->from, request.window->to);
  if (times.empty()) return out;
  // The state before the first bucket; then each bucket's end is the next one's start (no bucket
  // between two visited ones has data, so the state does not change there).
  std::optional<ChainState> previous = chain.chain_at(request.symbol, expiry, times.front());
  UtcSeconds previous_end = times.front();
  const std::chrono::seconds length = timeframe_length(request.timeframe);
  chain.for_each_bucket_state(
      request.symbol, expiry, request.timeframe, request.window->from, request.window->to,
      request.until, false, kBuildupFields,
      [&](UtcSeconds time, std::vector<StrikeBar>&, const ChainState& state) {
        BuildupPoint& point = out.points.emplace_back();
        point.time = time;
        point.underlying = state.underlying;
        // The bucket's end as the state reads it: its end, or `until` inside it.
        UtcSeconds end = time + length;
        if (request.until && *request.until < end) end = *request.until;
        if (end < previous_end) end = previous_end;
        point.future = future_buildup(chain, request.symbol, expiry, previous_end, end,
                                      request.neutral_oi_pct);
        previous_end = end;
        classify_chain(state, previous ? &*previous : nullptr, request.strike_range,
                       request.neutral_oi_pct, false, point.calls, point.puts, [](BuildupRow&&) {});
        previous = state;
      });
  if (!out.points.empty()) {
    out.future = future_buildup(chain, request.symbol, expiry, times.front(), previous_end,
                                request.neutral_oi_pct);
  }
  return out;
}

}  // namespace strikeline
