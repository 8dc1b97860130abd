// PricingBatch: the Greeks of the option ticks the aggregator has placed but not yet applied to
// their minutes, in tick order. Ticks to price are priced together when the batch settles
// (pricing::analyse_options overlaps neighbouring options' work); a tick that supplied its own
// Greeks waits in line with them, so that every minute's sums receive their ticks' Greeks in the
// order the ticks came and the bars are exactly those of pricing each tick on arrival.
// Invariants: the inputs to price are the entries with !supplied, in the same order; after
// settle() the batch is empty.
#pragma once

#include <cassert>
#include <cstdint>
#include <vector>

#include "core/greeks.h"
#include "pricing/option_analytics.h"

namespace strikeline {

// Where a tick's Greeks go: one side of one minute of one row.
struct MinuteSide {
  std::uint32_t row;
  std::int64_t minute;
  std::size_t side;
};

class PricingBatch {
 public:
  struct Settlement {
    std::uint64_t computed = 0;  // priced with status ok
    std::uint64_t failed = 0;    // pricing said no
  };

  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }

  void add_supplied(const MinuteSide& to, const Greeks& greeks) {
    entries_.push_back({to, true, greeks});
  }
  void add_to_price(const MinuteSide& to, const pricing::MarketInputs& in) {
    entries_.push_back({to, false, {}});
    inputs_.push_back(in);
  }

  // Prices the waiting ticks and calls apply(MinuteSide, Greeks) for each tick with Greeks
  // (supplied, or priced with status ok), in tick order; then the batch is empty.
  template <class Apply>
  Settlement settle(Apply&& apply) {
    Settlement out;
    if (entries_.empty()) return out;
    results_.resize(inputs_.size());
    pricing::analyse_options(inputs_, results_);
    std::size_t priced = 0;
    for (const Entry& e : entries_) {
      Greeks greeks = e.greeks;
      if (!e.supplied) {
        const pricing::OptionAnalytics& a = results_[priced++];
        if (a.status != pricing::PricingStatus::ok) {
          ++out.failed;
          continue;
        }
        greeks = {a.iv_percent, a.delta, a.gamma, a.theta, a.vega};
        ++out.computed;
      }
      apply(e.to, greeks);
    }
    assert(priced == inputs_.size());
    entries_.clear();
    inputs_.clear();
    return out;
  }

 private:
  struct Entry {
    MinuteSide to;
    bool supplied;  // `greeks` holds them; else they are the next of results_
    Greeks greeks;
  };
  std::vector<Entry> entries_;
  std::vector<pricing::MarketInputs> inputs_;
  std::vector<pricing::OptionAnalytics> results_;
};

}  // namespace strikeline
