#include "store/chain_snapshot.h"

#include <algorithm>
#include <bit>
#include <optional>
#include <set>

#include "store/bucket_accumulator.h"

namespace strikeline {

namespace {

// Times beyond year 9999 (either way) are clamped so that bucket arithmetic cannot overflow.
constexpr std::int64_t kTimeLimit = 253402300799;

UtcSeconds clamp_time(UtcSeconds t) {
  return utc_seconds(std::clamp<std::int64_t>(epoch_seconds(t), -kTimeLimit, kTimeLimit));
}

UtcSeconds bucket_end(Timeframe tf, UtcSeconds t) {
  return bucket_start(tf, t) + timeframe_length(tf);
}

}  // namespace

std::uint64_t ChainSnapshot::generation_of(Date day) const {
  if (!generations_) return 0;
  auto it = generations_->find(day);
  return it == generations_->end() ? 0 : it->second;
}

const ExpiryChain* ChainSnapshot::find_chain(std::string_view symbol, Expiry expiry) const {
  auto by_symbol = tree_.find(symbol);
  if (by_symbol == tree_.end()) return nullptr;
  const auto& expiries = by_symbol->second->expiries;
  auto it = expiries.find(expiry);
  return it == expiries.end() ? nullptr : it->second.get();
}

ChainSnapshot::ChunkRef ChainSnapshot::resolve(const DaySlot& slot, std::string_view symbol,
                                               Expiry expiry) const {
  if (slot.chunk) return {slot.chunk.get(), nullptr};
  if (!cold_) return {};
  std::shared_ptr<const ColdDay> day = cold_->get(slot.day, generation_of(slot.day));
  return {day->find(symbol, expiry), std::move(day)};
}

// Calls fn(time, chunk, block, row_offset) for every source row with data whose time is in
// [from, to), ascending by time.
template <typename Fn>
void ChainSnapshot::walk(const ExpiryChain& chain, std::string_view symbol, Expiry expiry,
                         Source source, UtcSeconds from, UtcSeconds to, Fn&& fn) const {
  for (const DaySlot& slot : chain.days) {
    const UtcSeconds day_start = ist_day_start(slot.day);
    if (source == Source::day) {
      if (day_start < from) continue;
      if (day_start >= to) break;
    } else {
      if (slot.last_minute < from) continue;
      if (slot.first_minute >= to) break;
    }
    const ChunkRef ref = resolve(slot, symbol, expiry);
    if (!ref.chunk) continue;
    const DayChunk& chunk = *ref.chunk;
    const std::size_t columns = chunk.strikes.size();
    if (source == Source::day) {
      fn(day_start, chunk, chunk.day_row, std::size_t{0});
      continue;
    }
    auto page = std::lower_bound(chunk.pages.begin(), chunk.pages.end(), from,
                                 [](const auto& p, UtcSeconds t) {
                                   return p->start + std::chrono::seconds(kPageSeconds) <= t;
                                 });
    for (; page != chunk.pages.end() && (*page)->start < to; ++page) {
      const ChunkPage& p = **page;
      if (source == Source::quarter) {
        if (p.start >= from) fn(p.start, chunk, p.cells, kRollupRow * columns);
        continue;
      }
      for (unsigned mask = p.minute_mask; mask != 0; mask &= mask - 1) {
        const auto row = static_cast<std::size_t>(std::countr_zero(mask));
        const UtcSeconds t = p.start + std::chrono::minutes(row);
        if (t < from) continue;
        if (t >= to) break;
        fn(t, chunk, p.cells, row * columns);
      }
    }
  }
}

// Calls fn(bucket, bars) for every bucket of tf starting in [from, to] with data.
template <typename Fn>
void ChainSnapshot::compose(std::string_view symbol, Expiry expiry, Timeframe tf, UtcSeconds from,
                            UtcSeconds to, std::optional<Strike> only, Fn&& fn,
                            std::optional<UtcSeconds> cutoff) const {
  from = clamp_time(from);
  to = clamp_time(to);
  if (to < from) return;
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain) return;
  UtcSeconds first = bucket_start(tf, from);
  if (first < from) first += timeframe_length(tf);
  UtcSeconds end = bucket_end(tf, to);
  if (cutoff) {
    // Rows starting after the cutoff hold nothing observed by then; the minute row that
    // contains it counts cell by cell (BucketAccumulator::add_row).
    end = std::min(end, clamp_time(*cutoff) + std::chrono::seconds(1));
  }
  if (first >= end) return;
  Source source = Source::minute;
  if (tf == Timeframe::m15 || tf == Timeframe::m30 || tf == Timeframe::h1) source = Source::quarter;
  if (tf == Timeframe::d1) source = Source::day;

  // Timeframes composed of several source rows per bucket add them as Greek sums.
  // A partial bucket (a cutoff inside it) is composed from its 1-minute rows.
  if (cutoff) source = Source::minute;
  const bool several_rows =
      source == Source::minute ? tf != Timeframe::m1 : tf == Timeframe::m30 || tf == Timeframe::h1;
  BucketAccumulator acc(several_rows);
  std::optional<UtcSeconds> current;
  const auto flush = [&] {
    if (current && !acc.empty()) fn(*current, acc.finish(symbol, expiry, tf, *current));
    acc.clear();
  };
  walk(*chain, symbol, expiry, source, first, end,
       [&](UtcSeconds t, const DayChunk& chunk, const CellBlock& block, std::size_t offset) {
         const UtcSeconds b = bucket_start(tf, t);
         if (current != b) {
           flush();
           current = b;
         }
         acc.add_row(chunk, block, offset, t, only, cutoff);
       });
  flush();
}

std::vector<std::string> ChainSnapshot::symbols() const {
  std::vector<std::string> out;
  out.reserve(tree_.size());
  for (const auto& [symbol, chain] : tree_) out.push_back(symbol);
  return out;
}

std::vector<Expiry> ChainSnapshot::expiries(std::string_view symbol) const {
  std::vector<Expiry> out;
  auto it = tree_.find(symbol);
  if (it == tree_.end()) return out;
  for (const auto& [expiry, chain] : it->second->expiries) out.push_back(expiry);
  return out;
}

std::vector<Strike> ChainSnapshot::strikes(std::string_view symbol, Expiry expiry) const {
  std::set<Strike> seen;
  if (const ExpiryChain* chain = find_chain(symbol, expiry)) {
    for (const DaySlot& slot : chain->days) {
      const ChunkRef ref = resolve(slot, symbol, expiry);
      if (ref.chunk) seen.insert(ref.chunk->strikes.begin(), ref.chunk->strikes.end());
    }
  }
  return {seen.begin(), seen.end()};
}

std::optional<UtcSeconds> ChainSnapshot::latest_bucket(std::string_view symbol, Expiry expiry,
                                                       Timeframe tf,
                                                       std::optional<UtcSeconds> at) const {
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain) return std::nullopt;
  // The newest bucket starting at or before `at` with data holds the newest 1-minute bar before
  // the end of the bucket that contains `at`.
  const std::optional<UtcSeconds> limit =
      at ? std::optional(bucket_end(tf, clamp_time(*at))) : std::nullopt;
  for (auto slot = chain->days.rbegin(); slot != chain->days.rend(); ++slot) {
    if (limit && slot->first_minute >= *limit) continue;
    if (!limit || slot->last_minute < *limit) return bucket_start(tf, slot->last_minute);
    const ChunkRef ref = resolve(*slot, symbol, expiry);
    if (!ref.chunk) continue;
    for (auto page = ref.chunk->pages.rbegin(); page != ref.chunk->pages.rend(); ++page) {
      const ChunkPage& p = **page;
      if (p.start >= *limit) continue;
      for (int row = 14; row >= 0; --row) {
        const UtcSeconds t = p.start + std::chrono::minutes(row);
        if ((p.minute_mask & (1u << row)) && t < *limit) return bucket_start(tf, t);
      }
    }
  }
  return std::nullopt;
}

std::optional<UtcSeconds> ChainSnapshot::newest_bucket(std::string_view symbol) const {
  auto it = tree_.find(symbol);
  if (it == tree_.end()) return std::nullopt;
  std::optional<UtcSeconds> newest;
  for (const auto& [expiry, chain] : it->second->expiries) {
    if (chain->days.empty()) continue;
    const UtcSeconds last = chain->days.back().last_minute;
    if (!newest || last > *newest) newest = last;
  }
  return newest;
}

std::vector<UtcSeconds> ChainSnapshot::bucket_times(std::string_view symbol, Expiry expiry,
                                                    Timeframe tf, UtcSeconds from,
                                                    UtcSeconds to) const {
  std::vector<UtcSeconds> out;
  from = clamp_time(from);
  to = clamp_time(to);
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain || to < from) return out;
  UtcSeconds first = bucket_start(tf, from);
  if (first < from) first += timeframe_length(tf);
  const UtcSeconds end = bucket_end(tf, to);
  if (first >= end) return out;
  // Every timeframe has data in a bucket exactly when a 1-minute bar falls in it.
  walk(*chain, symbol, expiry, Source::minute, first, end,
       [&](UtcSeconds t, const DayChunk&, const CellBlock&, std::size_t) {
         const UtcSeconds b = bucket_start(tf, t);
         if (out.empty() || out.back() != b) out.push_back(b);
       });
  return out;
}

std::vector<StrikeBar> ChainSnapshot::bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                                             UtcSeconds bucket_start) const {
  std::vector<StrikeBar> out;
  compose(symbol, expiry, tf, bucket_start, bucket_start, std::nullopt,
          [&](UtcSeconds, std::vector<StrikeBar>& bars) { out = std::move(bars); });
  return out;
}

std::vector<StrikeBar> ChainSnapshot::strike_series(std::string_view symbol, Expiry expiry,
                                                    Strike strike, Timeframe tf, UtcSeconds from,
                                                    UtcSeconds to) const {
  std::vector<StrikeBar> out;
  compose(symbol, expiry, tf, from, to, strike, [&](UtcSeconds, std::vector<StrikeBar>& bars) {
    for (StrikeBar& bar : bars) out.push_back(std::move(bar));
  });
  return out;
}

void ChainSnapshot::for_each_bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                                    UtcSeconds from, UtcSeconds to, const BucketVisitor& fn) const {
  compose(symbol, expiry, tf, from, to, std::nullopt,
          [&](UtcSeconds b, std::vector<StrikeBar>& bars) { fn(b, bars); });
}

}  // namespace strikeline

namespace strikeline {

namespace {

// Walks one day's own state forward through its whole minutes, for the series: asked for
// ascending ends, it answers a carried row when one holds exactly the minutes asked (every
// 5-minute bucket's end), else applies each minute row after the newest carried row at most once.
class DayWalk {
 public:
  void reset(const DayChunk* chunk, std::shared_ptr<const StateRow> final_state) {
    chunk_ = chunk;
    final_ = std::move(final_state);
    page_ = kNoPage;
    empty_.reset();
  }

  // The day's own state from its minutes starting before `end` (ends ascend between calls).
  const StateRow& through(UtcSeconds end) {
    if (!chunk_ || chunk_->pages.empty()) {
      if (!final_) final_ = std::make_shared<const StateRow>();
      return *final_;
    }
    if (end > chunk_->last_minute) return *chunk_->carries.back();
    const auto& pages = chunk_->pages;
    auto after = std::partition_point(pages.begin(), pages.end(),
                                      [&](const auto& p) { return p->start < end; });
    if (after == pages.begin()) return empty();
    const auto p = static_cast<std::size_t>(after - pages.begin()) - 1;
    const ChunkPage& page = *pages[p];
    const std::size_t upto = page.rows_before(end);
    const auto [carried, held] = chunk_->carried_before(p, upto);
    if (held == upto) return carried ? *carried : empty();
    // Minutes held..upto-1 on top of the carried row, continuing the previous call's row when it
    // walked the same part of the page.
    if (page_ != p || next_row_ < held || next_row_ > upto) {
      row_ = carried ? *carried : empty();
      page_ = p;
      next_row_ = held;
    }
    if (upto > next_row_) {
      observe_rows(row_, page.cells, page.start, page.rows_between(next_row_, upto));
      next_row_ = upto;
    }
    return row_;
  }

 private:
  static constexpr std::size_t kNoPage = static_cast<std::size_t>(-1);
  const StateRow& empty() {
    if (!empty_) empty_ = empty_state_row(chunk_->strikes);
    return *empty_;
  }
  const DayChunk* chunk_ = nullptr;
  std::shared_ptr<const StateRow> final_;
  std::optional<StateRow> empty_;
  StateRow row_;
  std::size_t page_ = kNoPage;
  std::size_t next_row_ = 0;
};

}  // namespace

const DaySlot* ChainSnapshot::state_slot(const ExpiryChain& chain, UtcSeconds end) {
  // Days ascend, and so do their first minutes.
  auto after = std::partition_point(chain.days.begin(), chain.days.end(),
                                    [&](const DaySlot& slot) { return slot.first_minute < end; });
  return after == chain.days.begin() ? nullptr : &*(after - 1);
}

std::shared_ptr<const StateRow> ChainSnapshot::opening_of(const DaySlot& slot,
                                                          std::string_view symbol,
                                                          Expiry expiry) const {
  static const auto kNothing = std::make_shared<const StateRow>();
  if (slot.opening) return slot.opening;
  if (!cold_) return kNothing;
  return cold_->get(slot.day, generation_of(slot.day))->opening(symbol, expiry);
}

StateRow ChainSnapshot::day_state(const DaySlot& slot, std::string_view symbol, Expiry expiry,
                                  UtcSeconds end, std::optional<UtcSeconds> cutoff) const {
  const UtcSeconds after_last = slot.last_minute + std::chrono::seconds(60);
  const bool whole_day = cutoff ? *cutoff >= after_last : end > slot.last_minute;
  if (whole_day && slot.day_state) return *slot.day_state;
  const ChunkRef ref = resolve(slot, symbol, expiry);
  if (!ref.chunk) return slot.day_state ? *slot.day_state : StateRow{};
  const DayChunk& chunk = *ref.chunk;
  return cutoff ? chunk.state_at(*cutoff) : chunk.state_before(end);
}

void ChainSnapshot::state_from(const DaySlot& slot, std::string_view symbol, Expiry expiry,
                               UtcSeconds end, std::optional<UtcSeconds> cutoff, StateFields fields,
                               ChainState& out) const {
  const std::shared_ptr<const StateRow> opening = opening_of(slot, symbol, expiry);
  const StateRow day = day_state(slot, symbol, expiry, end, cutoff);
  const UtcSeconds moment = cutoff ? *cutoff : end - std::chrono::seconds(1);
  out.expiry = expiry;
  out.as_of = moment;
  out.session_day = session_day(symbol, moment).value_or(slot.day);
  chain_state_of(*opening, day, slot.day >= out.session_day, fields, out);
  add_listed_strikes(listed(symbol, expiry), ist_date(moment), out);
}

std::span<const ListedStrike> ChainSnapshot::listed(std::string_view symbol, Expiry expiry) const {
  if (!listings_) return {};
  return listings_->of(symbol, expiry);
}

std::optional<ChainState> ChainSnapshot::chain_at(std::string_view symbol, Expiry expiry,
                                                  UtcSeconds at) const {
  at = clamp_time(at);
  if (ist_date(at) > expiry) return std::nullopt;  // expired: nothing of it is listed any more
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain) return std::nullopt;
  const DaySlot* slot = state_slot(*chain, at + std::chrono::seconds(1));
  if (!slot) return std::nullopt;
  ChainState out;
  state_from(*slot, symbol, expiry, at + std::chrono::seconds(1), at, StateFields::all(), out);
  if (out.strikes.empty()) return std::nullopt;
  return out;
}

void ChainSnapshot::for_each_bucket_state(std::string_view symbol, Expiry expiry, Timeframe tf,
                                          UtcSeconds from, UtcSeconds to,
                                          std::optional<UtcSeconds> until, bool with_flows,
                                          StateFields fields, const BucketStateVisitor& fn) const {
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain) return;
  if (until) {
    until = clamp_time(*until);
    to = std::min(to, *until);
  }
  ChainState state;
  std::vector<StrikeBar> no_flows;
  const std::span<const ListedStrike> listed_strikes = listed(symbol, expiry);
  // Whole buckets walk each day forward (every minute row applied once); the bucket `until` cuts
  // is computed on its own.
  const DaySlot* walking = nullptr;
  ChunkRef walked;
  std::shared_ptr<const StateRow> opening;
  DayWalk walk;
  const auto emit = [&](UtcSeconds bucket, std::vector<StrikeBar>& flows) {
    const UtcSeconds end = bucket_end(tf, bucket);
    const bool partial = until && *until < end;
    const DaySlot* slot = state_slot(*chain, partial ? *until + std::chrono::seconds(1) : end);
    if (!slot) return;
    if (partial) {
      state_from(*slot, symbol, expiry, end, until, fields, state);
    } else {
      if (slot != walking) {
        walking = slot;
        opening = opening_of(*slot, symbol, expiry);
        walked = slot->chunk ? ChunkRef{slot->chunk.get(), nullptr}
                             : (end > slot->last_minute && slot->day_state
                                    ? ChunkRef{}
                                    : resolve(*slot, symbol, expiry));
        walk.reset(walked.chunk, slot->day_state);
      }
      state.expiry = expiry;
      state.as_of = end - std::chrono::seconds(1);
      state.session_day = session_day(symbol, state.as_of).value_or(slot->day);
      chain_state_of(*opening, walk.through(end), slot->day >= state.session_day, fields, state);
      add_listed_strikes(listed_strikes, ist_date(state.as_of), state);
    }
    fn(bucket, flows, state);
  };
  if (!with_flows) {
    for (UtcSeconds bucket : bucket_times(symbol, expiry, tf, from, to)) {
      no_flows.clear();
      emit(bucket, no_flows);
    }
    return;
  }
  // Whole buckets first, then the one `until` falls in, composed up to it.
  std::optional<UtcSeconds> partial_bucket;
  if (until) partial_bucket = bucket_start(tf, *until);
  const UtcSeconds whole_to =
      partial_bucket ? std::min(to, *partial_bucket - std::chrono::seconds(1)) : to;
  if (whole_to >= from) {
    compose(symbol, expiry, tf, from, whole_to, std::nullopt,
            [&](UtcSeconds bucket, std::vector<StrikeBar>& bars) { emit(bucket, bars); });
  }
  if (partial_bucket && *partial_bucket >= bucket_start(tf, from) && *partial_bucket <= to) {
    bool emitted = false;
    compose(
        symbol, expiry, tf, *partial_bucket, *partial_bucket, std::nullopt,
        [&](UtcSeconds bucket, std::vector<StrikeBar>& bars) {
          emitted = true;
          emit(bucket, bars);
        },
        until);
    // A bucket with data of which nothing is observed by `until` yet: its state, no flows.
    if (!emitted && !bucket_times(symbol, expiry, tf, *partial_bucket, *partial_bucket).empty()) {
      no_flows.clear();
      emit(*partial_bucket, no_flows);
    }
  }
}

std::optional<Date> ChainSnapshot::session_day(std::string_view symbol, UtcSeconds at) const {
  auto it = tree_.find(symbol);
  if (it == tree_.end()) return std::nullopt;
  std::optional<Date> newest;
  const UtcSeconds end = clamp_time(at) + std::chrono::seconds(1);
  for (const auto& [expiry, chain] : it->second->expiries) {
    if (const DaySlot* slot = state_slot(*chain, end)) {
      if (!newest || slot->day > *newest) newest = slot->day;
    }
  }
  return newest;
}

BarSource ChainSnapshot::source(std::string_view symbol, Expiry expiry) const {
  const ExpiryChain* chain = find_chain(symbol, expiry);
  if (!chain || chain->days.empty()) return BarSource::unknown;
  BarSource out = chain->days.front().source;
  for (const DaySlot& slot : chain->days) out = combined(out, slot.source);
  return out;
}

StoredIvConvention ChainSnapshot::iv_convention(std::string_view symbol, Expiry expiry,
                                                std::optional<Date> through) const {
  const ExpiryChain* chain = find_chain(symbol, expiry);
  StoredIvConvention out = StoredIvConvention::unknown;
  if (!chain) return out;
  for (const DaySlot& slot : chain->days) {
    if (through && slot.day > *through) break;  // ascending by day
    out = combined(out, slot.iv_convention);
  }
  return out;
}

}  // namespace strikeline
