// ChainReader: the read side of the chain store, as the query stage sees it. An implementation is a
// consistent snapshot: every call on one reader sees the same applied batches (never half a batch),
// and holding a reader never blocks ingest. Two readings of the same data (DESIGN.md, "The chain
// as of a moment"): the chain's state as of a moment (chain_state.h: open interest, prices,
// analytics and the underlying of every listed contract, carried across minutes and days), and
// bars, a bucket's flows at the requested timeframe with DESIGN.md's rollup rules applied, the
// still-forming bucket included. The futures of the same version are read through futures().
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/bar_origin.h"
#include "core/strike_bar.h"
#include "store/chain_state.h"
#include "store/futures_book.h"

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

  // The chain of one expiry as of `at` (chain_state.h); nullopt when nothing of it is listed then,
  // and from the IST day after the expiry on (the state carries until the contract expires; the
  // expiry day's evening still reads its final state).
  virtual std::optional<ChainState> chain_at(std::string_view symbol, Expiry expiry,
                                             UtcSeconds at) const = 0;

  // Every bucket of tf with data starting in [from, to], ascending: fn(bucket, flows, state) with
  // the bucket's own bars (its flows; left empty unless with_flows) and the chain's state at the
  // end of the bucket (every observation in the bucket's minutes and before), or as of `until`
  // when that comes first (then the bucket's flows hold only minutes wholly observed by then).
  // fn may modify `flows` (a scratch vector); `state` is valid during the call and holds the
  // `fields` asked (chain_state.h: the others are empty).
  using BucketStateVisitor =
      std::function<void(UtcSeconds, std::vector<StrikeBar>&, const ChainState&)>;
  virtual void for_each_bucket_state(std::string_view symbol, Expiry expiry, Timeframe tf,
                                     UtcSeconds from, UtcSeconds to,
                                     std::optional<UtcSeconds> until, bool with_flows,
                                     StateFields fields, const BucketStateVisitor& fn) const = 0;

  // Where the served bars of an expiry came from, over all its days (core/bar_source.h's
  // combined()); unknown when nothing says (a reader without sources, data stored before them).
  virtual BarSource source(std::string_view symbol, Expiry expiry) const {
    (void)symbol;
    (void)expiry;
    return BarSource::unknown;
  }

  // The futures of this version (store/futures_book.h: every stored future bar, as-of reads);
  // nullptr when the reader keeps none.
  virtual const FuturesBook* futures() const { return nullptr; }
  // The IV convention of the stored IVs of an expiry over its IST days up to `through` (all days
  // without it), combined (core/bar_origin.h): what the IVs an answer reads were computed with;
  // unknown when nothing says (a reader without conventions, data stored before them, bars given
  // with their IVs).
  virtual StoredIvConvention iv_convention(std::string_view symbol, Expiry expiry,
                                           std::optional<Date> through = std::nullopt) const {
    (void)symbol;
    (void)expiry;
    (void)through;
    return StoredIvConvention::unknown;
  }

  // The trading day of `at` for a symbol: the newest IST day with data (any expiry) at or before
  // it (nullopt: none).
  virtual std::optional<Date> session_day(std::string_view symbol, UtcSeconds at) const = 0;
};

}  // namespace strikeline
