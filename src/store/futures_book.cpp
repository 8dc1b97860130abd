#include "store/futures_book.h"

#include <algorithm>
#include <cassert>

namespace strikeline {

namespace {

Date day_of(const FutureBar& bar) {
  return ist_date(Timestamp{bar.key.bucket});
}

}  // namespace

std::shared_ptr<const FuturesBook::Day> FuturesBook::merged(const Day* before,
                                                            std::span<const FutureBar* const> in) {
  auto day = std::make_shared<Day>();
  // Room for every incoming bar up front: a day's bars are kept for days, and the library's
  // doubling on the next insert would keep up to as many again empty.
  day->bars.reserve((before ? before->bars.size() : 0) + in.size());
  if (before) day->bars.assign(before->bars.begin(), before->bars.end());
  for (const FutureBar* bar : in) {
    auto it = std::lower_bound(day->bars.begin(), day->bars.end(), bar->key.bucket,
                               [](const FutureBar& b, UtcSeconds t) { return b.key.bucket < t; });
    if (it != day->bars.end() && it->key.bucket == bar->key.bucket) {
      *it = *bar;
    } else {
      day->bars.insert(it, *bar);
    }
  }
  for (std::size_t i = 0; i < day->bars.size(); ++i) {
    const FutureBar& b = day->bars[i];
    if (b.has_price) day->last_price = i;
    if (b.oi) day->last_oi = i;
    if (b.underlying) day->last_underlying = i;
  }
  return day;
}

FuturesBook FuturesBook::with(std::span<const FutureBar> bars) const {
  FuturesBook next = *this;
  // The new bars by symbol, expiry and day (a later bar of the same key comes later and wins).
  std::map<std::string_view, std::map<Expiry, std::map<Date, std::vector<const FutureBar*>>>>
      grouped;
  for (const FutureBar& bar : bars) {
    grouped[bar.key.symbol][bar.key.expiry][day_of(bar)].push_back(&bar);
  }
  for (const auto& [symbol, by_expiry] : grouped) {
    auto found = next.symbols_.find(symbol);
    auto futures = found != next.symbols_.end() ? std::make_shared<SymbolFutures>(*found->second)
                                                : std::make_shared<SymbolFutures>();
    for (const auto& [expiry, by_day] : by_expiry) {
      auto series_it = futures->find(expiry);
      auto series = series_it != futures->end() ? std::make_shared<Series>(*series_it->second)
                                                : std::make_shared<Series>();
      for (const auto& [day, in] : by_day) {
        std::shared_ptr<const Day>& slot = (*series)[day];
        const std::size_t before = slot ? slot->bars.size() : 0;
        slot = merged(slot.get(), in);
        next.bars_ += slot->bars.size() - before;
      }
      (*futures)[expiry] = std::move(series);
    }
    next.symbols_[std::string(symbol)] = std::move(futures);
  }
  return next;
}

std::vector<std::string> FuturesBook::symbols() const {
  std::vector<std::string> out;
  for (const auto& [symbol, futures] : symbols_) out.push_back(symbol);
  return out;
}

std::vector<Expiry> FuturesBook::expiries(std::string_view symbol) const {
  std::vector<Expiry> out;
  if (auto it = symbols_.find(symbol); it != symbols_.end()) {
    for (const auto& [expiry, series] : *it->second) out.push_back(expiry);
  }
  return out;
}

const FuturesBook::Series* FuturesBook::find(std::string_view symbol, Expiry expiry) const {
  auto it = symbols_.find(symbol);
  if (it == symbols_.end()) return nullptr;
  auto series = it->second->find(expiry);
  return series == it->second->end() ? nullptr : series->second.get();
}

std::optional<FutureState> FuturesBook::state_at(std::string_view symbol, Expiry expiry,
                                                 UtcSeconds at) const {
  const Series* series = find(symbol, expiry);
  if (!series || ist_date(Timestamp{at}) > expiry) return std::nullopt;
  FutureState out;
  const FutureBar* oi_bar = nullptr;
  std::optional<Date> oi_day;
  bool underlying_seen = false;
  // Days from the moment's own backwards: the newest counted observation of each field.
  auto day = series->upper_bound(ist_date(Timestamp{at}));
  while (day != series->begin()) {
    --day;
    const Day& d = *day->second;
    const bool whole_day = day->first < ist_date(Timestamp{at});
    if (whole_day) {
      // Every bar of an earlier day was observed before the moment's day began.
      if (!out.observed_at && !d.bars.empty()) out.observed_at = observed_moment(d.bars.back());
      if (!out.price && d.last_price) {
        out.price = d.bars[*d.last_price].close;
        out.price_observed_at = observed_moment(d.bars[*d.last_price]);
      }
      if (!oi_bar && d.last_oi) {
        oi_bar = &d.bars[*d.last_oi];
        oi_day = day->first;
      }
      if (!underlying_seen && d.last_underlying) {
        out.underlying = d.bars[*d.last_underlying].underlying;
        underlying_seen = true;
      }
    } else {
      for (auto b = d.bars.rbegin(); b != d.bars.rend(); ++b) {
        if (b->key.bucket > at || observed_moment(*b) > at) continue;
        if (!out.observed_at) out.observed_at = observed_moment(*b);
        if (!out.price && b->has_price) {
          out.price = b->close;
          out.price_observed_at = observed_moment(*b);
        }
        if (!oi_bar && b->oi) {
          oi_bar = &*b;
          oi_day = day->first;
        }
        if (!underlying_seen && b->underlying) {
          out.underlying = b->underlying;
          underlying_seen = true;
        }
        if (out.price && oi_bar && underlying_seen) break;
      }
    }
    if (out.price && oi_bar && underlying_seen) break;
  }
  if (!out.observed_at) return std::nullopt;
  if (oi_bar) {
    out.oi = oi_bar->oi;
    // The previous close: the last OI of the newest earlier day that has one.
    std::optional<std::int64_t> close;
    for (auto earlier = series->lower_bound(*oi_day); earlier != series->begin();) {
      --earlier;
      const Day& d = *earlier->second;
      if (d.last_oi) {
        close = d.bars[*d.last_oi].oi;
        break;
      }
    }
    if (close) {
      out.oi_change = *out.oi - *close;
    } else {
      out.oi_change = oi_bar->oi_change;
    }
  }
  return out;
}

void FuturesBook::for_each_bar(std::string_view symbol, Expiry expiry, UtcSeconds from,
                               UtcSeconds to,
                               const std::function<void(const FutureBar&)>& fn) const {
  const Series* series = find(symbol, expiry);
  if (!series || to <= from) return;
  for (auto day = series->lower_bound(ist_date(Timestamp{from})); day != series->end(); ++day) {
    if (day->first > ist_date(Timestamp{to})) break;
    const std::vector<FutureBar>& bars = day->second->bars;
    auto it = std::lower_bound(bars.begin(), bars.end(), from,
                               [](const FutureBar& b, UtcSeconds t) { return b.key.bucket < t; });
    for (; it != bars.end() && it->key.bucket < to; ++it) fn(*it);
  }
}

std::optional<UtcSeconds> FuturesBook::newest_bucket(std::string_view symbol) const {
  auto it = symbols_.find(symbol);
  if (it == symbols_.end()) return std::nullopt;
  std::optional<UtcSeconds> newest;
  for (const auto& [expiry, series] : *it->second) {
    if (series->empty()) continue;
    const Day& last = *series->rbegin()->second;
    if (!last.bars.empty() && (!newest || last.bars.back().key.bucket > *newest)) {
      newest = last.bars.back().key.bucket;
    }
  }
  return newest;
}

}  // namespace strikeline
