// ChainReader: the read side of the chain store, as the query stage sees it. An implementation is a
// consistent snapshot: every call on one reader sees the same applied batches (never half a batch),
// and holding a reader never blocks ingest. Bars come back at the requested timeframe with
// DESIGN.md's rollup rules applied, the still-forming bucket included.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/strike_bar.h"

namespace strikeline {

class ChainReader {
 public:
  virtual ~ChainReader() = default;

  // Canonical symbols with data, ascending.
  virtual std::vector<std::string> symbols() const = 0;
  // Expiries of a symbol with data, ascending.
  virtual std::vector<Expiry> expiries(std::string_view symbol) const = 0;
  // Strikes of a symbol/expiry with data, ascending.
  virtual std::vector<Strike> strikes(std::string_view symbol, Expiry expiry) const = 0;

  // Start of the newest bucket of this timeframe with data at or before `at` (nullopt: none).
  // Without `at`, the newest bucket of all.
  virtual std::optional<UtcSeconds> latest_bucket(
      std::string_view symbol, Expiry expiry, Timeframe tf,
      std::optional<UtcSeconds> at = std::nullopt) const = 0;
  // The newest 1-minute bucket of any expiry of the symbol (nullopt: no data).
  virtual std::optional<UtcSeconds> newest_bucket(std::string_view symbol) const = 0;

  // Bucket starts with data in [from, to] for this timeframe, ascending.
  virtual std::vector<UtcSeconds> bucket_times(std::string_view symbol, Expiry expiry, Timeframe tf,
                                               UtcSeconds from, UtcSeconds to) const = 0;

  // Every strike's bar of one bucket, ascending by strike (strikes without data in it are absent).
  virtual std::vector<StrikeBar> bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                                        UtcSeconds bucket_start) const = 0;

  // One strike's bars with bucket start in [from, to], ascending by time.
  virtual std::vector<StrikeBar> strike_series(std::string_view symbol, Expiry expiry,
                                               Strike strike, Timeframe tf, UtcSeconds from,
                                               UtcSeconds to) const = 0;

  // Every strike's bars with bucket start in [from, to], grouped by bucket (ascending), then
  // strike. fn is called once per bucket with that bucket's bars, in a scratch vector that fn may
  // modify (the reader does not look at it again), so callers can adjust bars without a copy.
  using BucketVisitor = std::function<void(UtcSeconds, std::vector<StrikeBar>&)>;
  virtual void for_each_bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                               UtcSeconds from, UtcSeconds to, const BucketVisitor& fn) const = 0;
};

}  // namespace strikeline
