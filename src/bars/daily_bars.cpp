#include "bars/daily_bars.h"

#include <algorithm>
#include <cassert>
#include <numeric>
#include <tuple>

#include "pricing/forward_choice.h"
#include "pricing/implied_forward.h"
#include "pricing/option_analytics.h"

namespace strikeline {

namespace {

using namespace std::chrono_literals;

struct PricingTarget {
  std::size_t bar;
  Side side;
};

// The group's future of `expiry`, else the nearest expiring on or after it, else the latest.
const FutureDay* nearest_future(std::span<const FutureDay> futures, Expiry expiry) {
  const FutureDay* best = nullptr;
  for (const FutureDay& f : futures) {
    if (f.expiry >= expiry) return &f;  // ascending by expiry: the first on or after it
    best = &f;
  }
  return best;
}

double future_price(const FutureDay& f) {
  return f.settle ? *f.settle : f.close;
}

// The premium a record is priced with: its settlement price, else its close.
double record_premium(const EndOfDayRecord& r) {
  return r.settle ? *r.settle : r.close;
}

// Per expiry of one (day, symbol) group, the implied forward of its options' premiums
// (pricing/implied_forward.h, nearest the spot, else the expiry's or the nearest future), for
// --forward synthetic. `options` holds the group's option records, ascending by (expiry, strike,
// side).
std::vector<std::pair<Expiry, double>> implied_forwards(
    std::span<const EndOfDayRecord* const> options, std::optional<double> spot,
    std::span<const FutureDay> futures, double rate, Timestamp at) {
  std::vector<std::pair<Expiry, double>> out;
  std::vector<pricing::ParityQuote> quotes;
  std::size_t k = 0;
  while (k < options.size()) {
    const Expiry expiry = options[k]->expiry;
    quotes.clear();
    for (; k < options.size() && options[k]->expiry == expiry; ++k) {
      const EndOfDayRecord& r = *options[k];
      const double strike = r.strike.to_double();
      if (quotes.empty() || quotes.back().strike != strike) quotes.push_back({strike, 0, 0});
      (r.side == Side::call ? quotes.back().call : quotes.back().put) = record_premium(r);
    }
    double reference = spot.value_or(0);
    if (!spot) {
      if (const FutureDay* f = nearest_future(futures, expiry)) reference = future_price(*f);
    }
    const double years = years_to_expiry(expiry, at);
    if (years < 0) continue;
    const pricing::ImpliedForward f = pricing::implied_forward(quotes, reference, years, rate);
    if (f.found) out.emplace_back(expiry, f.forward);
  }
  return out;
}

}  // namespace

UtcSeconds daily_bar_time(Date day) {
  return ist_time_on(day, 15h + 30min);
}

bool is_daily_bar(const StrikeBar& bar) {
  const UtcSeconds bucket = bar.key.bucket;
  if (bar.key.timeframe != Timeframe::m1 || bucket != daily_bar_time(ist_date(bucket)))
    return false;
  bool any = false;
  for (const SideBar* side : {&bar.call, &bar.put}) {
    if (side->empty()) continue;
    if (side->count != 1 || side->observed_at != bucket) return false;
    any = true;
  }
  return any;
}

DailyBars build_daily_bars(std::span<const EndOfDayRecord> records,
                           const DailyBarOptions& options) {
  DailyBars out;
  std::vector<std::uint32_t> order(records.size());
  std::iota(order.begin(), order.end(), 0u);
  // Futures first within a (day, symbol) (future = true sorts after false, so compare negated).
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    const EndOfDayRecord &x = records[a], &y = records[b];
    if (x.day != y.day) return x.day < y.day;
    if (x.symbol != y.symbol) return x.symbol < y.symbol;
    if (x.future != y.future) return x.future;
    return std::tie(x.expiry, x.strike, x.side) < std::tie(y.expiry, y.strike, y.side);
  });

  std::vector<pricing::MarketInputs> inputs;
  std::vector<PricingTarget> targets;
  inputs.reserve(records.size());
  targets.reserve(records.size());
  out.bars.reserve(records.size() / 2 + 1);

  std::size_t i = 0;
  while (i < order.size()) {
    const EndOfDayRecord& first = records[order[i]];
    const Date day = first.day;
    const std::string& symbol = first.symbol;
    const UtcSeconds bucket = daily_bar_time(day);
    const Timestamp at{bucket};
    std::size_t end = i;
    std::optional<double> spot;
    while (end < order.size() && records[order[end]].day == day &&
           records[order[end]].symbol == symbol) {
      if (!spot && records[order[end]].underlying) spot = records[order[end]].underlying;
      ++end;
    }
    if (!spot) {
      if (auto it = options.underlying_close.find({symbol, day});
          it != options.underlying_close.end())
        spot = it->second;
    }
    // The group's futures (first in the order), one per expiry (a repeated row: the later).
    const std::size_t futures_begin = out.futures.size();
    for (; i < end && records[order[i]].future; ++i) {
      const EndOfDayRecord& r = records[order[i]];
      ++out.stats.futures;
      const std::optional<std::int64_t> lot = r.lot         ? r.lot
                                              : options.lot ? options.lot(symbol, r.expiry, day)
                                                            : std::nullopt;
      if (!lot && r.volume_contracts > 0) ++out.stats.volume_without_lot;
      FutureDay f;
      f.day = day;
      f.symbol = symbol;
      f.expiry = r.expiry;
      f.close = r.close;
      f.open = r.open;
      f.high = r.high;
      f.low = r.low;
      f.settle = r.settle;
      f.oi = r.oi;
      f.oi_change = r.oi_change;
      f.volume = lot ? r.volume_contracts * *lot : 0;
      f.traded = r.volume_contracts > 0;
      f.underlying = spot;
      if (out.futures.size() > futures_begin && out.futures.back().expiry == r.expiry) {
        ++out.stats.duplicates;
        out.futures.back() = std::move(f);
      } else {
        out.futures.push_back(std::move(f));
      }
    }
    const std::span<const FutureDay> futures(out.futures.data() + futures_begin,
                                             out.futures.size() - futures_begin);
    std::vector<std::pair<Expiry, double>> synthetic;
    if (options.forward == ForwardSource::synthetic &&
        options.convention == IvConvention::strikeline) {
      std::vector<const EndOfDayRecord*> group;
      for (std::size_t k = i; k < end; ++k) group.push_back(&records[order[k]]);
      synthetic = implied_forwards(group, spot, futures, options.rate, at);
    }
    // The options, a bar per (expiry, strike).
    for (; i < end; ++i) {
      const EndOfDayRecord& r = records[order[i]];
      assert(!r.future);
      ++out.stats.options;
      if (out.bars.empty() || out.bars.back().key.symbol != symbol ||
          out.bars.back().key.expiry != r.expiry || out.bars.back().key.strike != r.strike ||
          out.bars.back().key.bucket != bucket) {
        StrikeBar bar;
        bar.key = BarKey{symbol, r.expiry, r.strike, Timeframe::m1, bucket};
        const FutureDay* same = nullptr;
        for (const FutureDay& f : futures) {
          if (f.expiry == r.expiry) same = &f;
        }
        if (spot) {
          bar.underlying_close = spot;
        } else if (const FutureDay* f = same ? same : nearest_future(futures, r.expiry)) {
          bar.underlying_close = future_price(*f);
          ++out.stats.underlying_from_future;
        }
        out.bars.push_back(std::move(bar));
      }
      StrikeBar& bar = out.bars.back();
      SideBar& s = bar.side(r.side);
      if (!s.empty()) ++out.stats.duplicates;
      s = SideBar{};
      const std::optional<std::int64_t> lot = r.lot         ? r.lot
                                              : options.lot ? options.lot(symbol, r.expiry, day)
                                                            : std::nullopt;
      if (lot) {
        s.volume = r.volume_contracts * *lot;
      } else if (r.volume_contracts > 0) {
        ++out.stats.volume_without_lot;
      }
      s.oi = r.oi;
      s.oi_change = r.oi_change;
      s.count = 1;
      s.observed_at = bucket;
      if (r.volume_contracts > 0 && r.close > 0) {
        s.has_premium = true;
        s.close = r.close;
        s.open = r.open > 0 ? r.open : r.close;
        s.high = std::max(r.high, r.close);
        s.low = r.low > 0 ? std::min(r.low, r.close) : r.close;
        s.open = std::clamp(s.open, s.low, s.high);
      }
      const double premium = r.settle ? *r.settle : r.close;
      if (premium <= 0) continue;
      pricing::MarketInputs in{};
      in.side = r.side;
      in.premium = premium;
      in.strike = r.strike.to_double();
      in.years = convention_years(options.convention, r.expiry, at);
      if (options.convention == IvConvention::nse) {
        if (!spot) {
          ++out.stats.without_underlying;
          continue;
        }
        in.underlying = *spot;
        in.rate = kNseIvRate;
        in.dividend_yield = 0;
      } else {
        const FutureDay* same = nullptr;
        for (const FutureDay& f : futures) {
          if (f.expiry == r.expiry) same = &f;
        }
        pricing::ForwardCandidates candidates{spot, std::nullopt, std::nullopt};
        if (same) candidates.future = future_price(*same);
        for (const auto& [expiry, forward] : synthetic) {
          if (expiry == r.expiry) candidates.synthetic = forward;
        }
        const pricing::ChosenForward chosen = pricing::choose_forward(
            PricingPolicy{options.forward, options.rate, 0.0}, std::max(in.years, 0.0), candidates);
        in.rate = options.rate;
        if (chosen.found) {
          in.underlying = chosen.underlying;
          in.underlying_is_forward = chosen.underlying_is_forward;
        } else if (const FutureDay* f = nearest_future(futures, r.expiry)) {
          in.underlying = future_price(*f);
          in.underlying_is_forward = true;
        } else {
          ++out.stats.without_underlying;
          continue;
        }
      }
      inputs.push_back(in);
      targets.push_back({out.bars.size() - 1, r.side});
    }
  }

  std::vector<pricing::OptionAnalytics> results(inputs.size());
  pricing::analyse_options(inputs, results);
  for (std::size_t k = 0; k < results.size(); ++k) {
    const pricing::OptionAnalytics& a = results[k];
    if (a.status != pricing::PricingStatus::ok) {
      ++out.stats.pricing_failed;
      continue;
    }
    ++out.stats.priced;
    SideBar& s = out.bars[targets[k].bar].side(targets[k].side);
    s.iv = a.iv_percent;
    s.delta = a.delta;
    s.gamma = a.gamma;
    s.theta = a.theta;
    s.vega = a.vega;
    s.analytics_count = 1;
  }
  return out;
}

FutureBar future_day_bar(const FutureDay& f) {
  FutureBar bar;
  bar.key = FutureBarKey{f.symbol, f.expiry, daily_bar_time(f.day)};
  if (f.traded && f.close > 0) {
    bar.has_price = true;
    bar.close = f.close;
    bar.open = f.open > 0 ? f.open : f.close;
    bar.high = std::max({f.high, bar.open, bar.close});
    bar.low = f.low > 0 ? std::min({f.low, bar.open, bar.close}) : std::min(bar.open, bar.close);
  }
  if (f.settle && *f.settle > 0) bar.settle = f.settle;
  bar.volume = f.volume;
  bar.oi = f.oi;
  bar.oi_change = f.oi_change;
  if (f.underlying && *f.underlying > 0) bar.underlying = f.underlying;
  bar.observed_at = bar.key.bucket;
  bar.count = 1;
  return bar;
}

}  // namespace strikeline
