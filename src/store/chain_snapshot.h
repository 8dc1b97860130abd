// ChainSnapshot: one published version of the chain store, and the ChainReader the query stage
// uses (store/chain_reader.h). It is immutable: holding it never blocks the writer, and every
// call sees exactly the batches applied before it was published.
//
// Timeframes: 1min, 15min and 1day bars are read from the chunks; 3min/5min are composed from
// 1-minute rows and 30min/1hour from 15-minute rows when asked (day_chunk.h), the forming bucket
// included. Days outside the memory window are not held by a snapshot: they are read through the
// ColdDayCache, which loads them from the DaySource on a miss (such a call may then throw
// StorageError). So a late correction of such a day, once in the repository, can show in a
// snapshot older than its apply that had not read (or no longer caches) that day; a day it has
// read and that is still cached keeps the content it had then. Either way a day is read in one
// consistent read of the repository, so no batch is ever seen in part.
#pragma once

#include <cstdint>
#include <memory>

#include "store/chain_reader.h"
#include "store/chain_tree.h"
#include "store/cold_day_cache.h"
#include "store/strike_listing.h"

namespace strikeline {

class ChainSnapshot final : public ChainReader {
 public:
  ChainSnapshot() = default;
  ChainSnapshot(ChainTree tree, std::shared_ptr<const DayGenerations> generations,
                std::shared_ptr<ColdDayCache> cold, std::uint64_t version,
                std::shared_ptr<const StrikeListings> listings = nullptr,
                std::shared_ptr<const FuturesBook> futures = nullptr)
      : tree_(std::move(tree)),
        generations_(std::move(generations)),
        cold_(std::move(cold)),
        version_(version),
        listings_(std::move(listings)),
        futures_(std::move(futures)) {}

  std::vector<std::string> symbols() const override;
  std::vector<Expiry> expiries(std::string_view symbol) const override;
  std::vector<Strike> strikes(std::string_view symbol, Expiry expiry) const override;
  std::optional<UtcSeconds> latest_bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                                          std::optional<UtcSeconds> at) const override;
  std::optional<UtcSeconds> newest_bucket(std::string_view symbol) const override;
  std::vector<UtcSeconds> bucket_times(std::string_view symbol, Expiry expiry, Timeframe tf,
                                       UtcSeconds from, UtcSeconds to) const override;
  std::vector<StrikeBar> bucket(std::string_view symbol, Expiry expiry, Timeframe tf,
                                UtcSeconds bucket_start) const override;
  std::vector<StrikeBar> strike_series(std::string_view symbol, Expiry expiry, Strike strike,
                                       Timeframe tf, UtcSeconds from, UtcSeconds to) const override;
  void for_each_bucket(std::string_view symbol, Expiry expiry, Timeframe tf, UtcSeconds from,
                       UtcSeconds to, const BucketVisitor& fn) const override;
  std::optional<ChainState> chain_at(std::string_view symbol, Expiry expiry,
                                     UtcSeconds at) const override;
  void for_each_bucket_state(std::string_view symbol, Expiry expiry, Timeframe tf, UtcSeconds from,
                             UtcSeconds to, std::optional<UtcSeconds> until, bool with_flows,
                             StateFields fields, const BucketStateVisitor& fn) const override;
  std::optional<Date> session_day(std::string_view symbol, UtcSeconds at) const override;
  BarSource source(std::string_view symbol, Expiry expiry) const override;
  const FuturesBook* futures() const override { return futures_.get(); }
  const std::shared_ptr<const FuturesBook>& futures_book() const { return futures_; }
  StoredIvConvention iv_convention(std::string_view symbol, Expiry expiry,
                                   std::optional<Date> through) const override;

  // The writer's view of this version.
  const ChainTree& tree() const { return tree_; }
  const std::shared_ptr<const DayGenerations>& generations() const { return generations_; }
  std::uint64_t generation_of(Date day) const;
  const std::shared_ptr<ColdDayCache>& history() const { return cold_; }
  // The instrument source's listed strikes (null: none known).
  const std::shared_ptr<const StrikeListings>& listings() const { return listings_; }
  // Increases by one with every published version.
  std::uint64_t version() const { return version_; }

 private:
  struct ChunkRef {
    const DayChunk* chunk = nullptr;
    std::shared_ptr<const ColdDay> hold;  // keeps a cold day alive while it is read
  };
  enum class Source { minute, quarter, day };

  const ExpiryChain* find_chain(std::string_view symbol, Expiry expiry) const;
  ChunkRef resolve(const DaySlot& slot, std::string_view symbol, Expiry expiry) const;
  // The day holding the state before `end` (exclusive): the newest slot whose first minute starts
  // before it; nullptr when none.
  static const DaySlot* state_slot(const ExpiryChain& chain, UtcSeconds end);
  std::shared_ptr<const StateRow> opening_of(const DaySlot& slot, std::string_view symbol,
                                             Expiry expiry) const;
  // The day's own state from its minutes starting before `end` (whole minutes), or, with a
  // cutoff, from its observations at or before it.
  StateRow day_state(const DaySlot& slot, std::string_view symbol, Expiry expiry, UtcSeconds end,
                     std::optional<UtcSeconds> cutoff) const;
  // The strikes the instrument source lists for the expiry.
  std::span<const ListedStrike> listed(std::string_view symbol, Expiry expiry) const;
  // The chain's state from `slot`: into `out` (its strikes with the `fields` asked, underlying,
  // as_of, session_day).
  void state_from(const DaySlot& slot, std::string_view symbol, Expiry expiry, UtcSeconds end,
                  std::optional<UtcSeconds> cutoff, StateFields fields, ChainState& out) const;
  template <typename Fn>
  void walk(const ExpiryChain& chain, std::string_view symbol, Expiry expiry, Source source,
            UtcSeconds from, UtcSeconds to, Fn&& fn) const;
  template <typename Fn>
  void compose(std::string_view symbol, Expiry expiry, Timeframe tf, UtcSeconds from, UtcSeconds to,
               std::optional<Strike> only, Fn&& fn,
               std::optional<UtcSeconds> cutoff = std::nullopt) const;

  ChainTree tree_;
  std::shared_ptr<const DayGenerations> generations_;
  std::shared_ptr<ColdDayCache> cold_;
  std::uint64_t version_ = 0;
  std::shared_ptr<const StrikeListings> listings_;
  std::shared_ptr<const FuturesBook> futures_;
};

}  // namespace strikeline
