// ParityBook: one expiry's newest option premiums per strike, for pricing on the synthetic forward
// (--forward synthetic, core/forward_source.h): each side's price for put-call parity is the mid
// of its newest quote when that quote had both a bid and an ask (ask >= bid > 0), else its newest
// last traded price (query/expiry_forward.h reads the stored chain the same way). A tick older
// than the side's newest one (a late tick) does not change it. forward() is the implied forward of
// the book now (pricing/implied_forward.h), nearest the given spot. Invariant: strikes ascending,
// unique.
#pragma once

#include <optional>
#include <vector>

#include "core/side.h"
#include "core/timestamp.h"
#include "pricing/implied_forward.h"

namespace strikeline {

class ParityBook {
 public:
  // What one option tick of the expiry says about its side: the last price and the quote, each
  // absent when the tick lacks it (prices not finite and positive count as absent).
  void observe(double strike, Side side, Timestamp ts, std::optional<double> last,
               std::optional<double> bid, std::optional<double> ask);

  // The implied forward now (nullopt: no strike has both sides priced).
  std::optional<double> forward(double spot, double years, double rate) const;

  std::size_t strikes() const { return quotes_.size(); }

 private:
  struct SideMarks {
    Timestamp ts{};
    double last = 0;  // 0: none
    double mid = 0;   // of the newest quote; 0: it lacked a side (or there was none)
  };
  struct Marks {
    SideMarks call, put;
  };
  std::vector<pricing::ParityQuote> quotes_;  // ascending by strike: each side's parity price
  std::vector<Marks> marks_;                  // parallel to quotes_
};

}  // namespace strikeline
