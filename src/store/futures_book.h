// FuturesBook: the futures the chain store keeps in memory (every stored 1-minute future bar,
// core/future_bar.h), per symbol, expiry and IST day, for as-of reads: a future's state as of a
// moment (its last traded price, OI with its change against the previous day's close, the spot
// seen with it) and its bars over a span (flows). Immutable: with() makes the next version,
// sharing every day that the new bars do not touch (copy-on-write), so a chain snapshot holds one
// version and readers never see half a batch. As of t nothing observed after t is read: a bar's
// state counts from its observation time (core/future_bar.h's observed_moment). A future has no
// state from the IST day after its expiry on.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/future_bar.h"

namespace strikeline {

struct FutureState {
  std::optional<double> price;  // the last traded price (close of the newest bar with a price)
  std::optional<UtcSeconds> price_observed_at;
  std::optional<std::int64_t> oi;  // units
  // OI against the close of the newest earlier IST day with OI (else the day file's own change);
  // the day is the one of the OI's observation.
  std::optional<std::int64_t> oi_change;
  std::optional<double> underlying;       // the spot seen with the newest observation that had one
  std::optional<UtcSeconds> observed_at;  // of the newest observation counted
  friend bool operator==(const FutureState&, const FutureState&) = default;
};

class FuturesBook {
 public:
  // The next version: `bars` inserted or replacing bars with the same key (a later bar of equal
  // key wins). Bars are assumed valid (future_bar_problem() is the writer's check).
  FuturesBook with(std::span<const FutureBar> bars) const;

  std::vector<std::string> symbols() const;                     // ascending
  std::vector<Expiry> expiries(std::string_view symbol) const;  // ascending
  // The state as of `at`; nullopt when nothing of the future was observed by then, or `at` is
  // after its expiry day.
  std::optional<FutureState> state_at(std::string_view symbol, Expiry expiry, UtcSeconds at) const;
  // The bars with bucket start in [from, to), ascending.
  void for_each_bar(std::string_view symbol, Expiry expiry, UtcSeconds from, UtcSeconds to,
                    const std::function<void(const FutureBar&)>& fn) const;
  // The newest bucket of any future of the symbol (nullopt: none).
  std::optional<UtcSeconds> newest_bucket(std::string_view symbol) const;
  std::size_t bar_count() const { return bars_; }

 private:
  struct Day {
    std::vector<FutureBar> bars;  // ascending by bucket
    // The newest bar with a price, with OI and with an underlying (indices into bars).
    std::optional<std::size_t> last_price, last_oi, last_underlying;
  };
  using Series = std::map<Date, std::shared_ptr<const Day>>;
  using SymbolFutures = std::map<Expiry, std::shared_ptr<const Series>>;

  const Series* find(std::string_view symbol, Expiry expiry) const;
  static std::shared_ptr<const Day> merged(const Day* before, std::span<const FutureBar* const> in);

  std::map<std::string, std::shared_ptr<const SymbolFutures>, std::less<>> symbols_;
  std::size_t bars_ = 0;
};

}  // namespace strikeline
