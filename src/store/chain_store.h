// ChainStore: the writer side of the in-memory query engine (DESIGN.md "Storage").
//
// apply() inserts or replaces 1-minute bars by key (idempotent: re-sending a batch changes
// nothing; a late or corrected bar recomputes every rollup above it) and then publishes a new
// ChainSnapshot atomically. snapshot() is an atomic shared_ptr load that never waits for an apply
// in progress: readers never block the writer and never see part of a batch. Writes are
// serialised.
// Publication is copy-on-write: an apply copies the touched 15-minute pages (15 minutes x strikes
// of one contract), the touched day chunks' page lists and the path above them; everything else
// is shared with the previous version.
//
// Memory window: with a DaySource, only the newest `window_days` IST days that have bars stay in
// memory; when the window moves on, the oldest day goes to a cache of `history_cache_days` days
// (least recently used dropped first) and from then on is loaded from the DaySource when a reader
// or a late bar needs it, transparently. The window's content and answers are the same whether a
// day was resident, evicted or reloaded. Bars must be durable in the DaySource before they are
// applied (the ingest path writes the repository first), otherwise an evicted day would lose them.
// Without a DaySource every day stays in memory.
//
// Start-up (issue 22): load_window(1) publishes the catalogue with only the newest day in memory,
// so the server answers within seconds of a start; the window's older days are then read through
// the history cache (the same answers, each day read once however many ask) until warm_window()
// has brought them into memory, newest first, each read without the writer's lock and published
// as soon as it is in, while applies go on.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <set>
#include <span>
#include <stop_token>
#include <string>
#include <vector>

#include "store/chain_snapshot.h"
#include "store/cold_day_cache.h"
#include "store/day_source.h"

namespace strikeline {

struct ChainStoreOptions {
  // Newest IST days with bars kept in memory (0: every day). Ignored without a DaySource.
  std::size_t window_days = 5;
  // Older days kept after they were needed, least recently used dropped first.
  std::size_t history_cache_days = 2;
  // Threads reading days in load_window() (0: one per core).
  std::size_t load_threads = 0;
};

// A contract an apply wrote to, with the span of 1-minute buckets written.
struct TouchedContract {
  std::string symbol;
  Expiry expiry;
  UtcSeconds first_bucket, last_bucket;
};

struct ApplyStats {
  std::size_t bars = 0;
  std::size_t future_bars = 0;
  std::size_t contract_days = 0;
  // Ascending by symbol, expiry: the contracts whose option bars or future bars the batch held.
  std::vector<TouchedContract> touched;
  std::uint64_t version = 0;  // of the snapshot published
};

struct WindowLoadStats {
  std::size_t days_known = 0;   // IST days with bars in the source
  std::size_t days_loaded = 0;  // of them, loaded into memory
  std::size_t bars_loaded = 0;
  std::size_t bars_skipped = 0;  // rows of the source that are not storable 1-minute bars
};

struct WarmStats {
  std::size_t days_loaded = 0;  // brought into memory by this call
  std::size_t bars_loaded = 0;
  std::size_t retries = 0;  // reads repeated because an apply edited the day meanwhile
  bool stopped = false;     // the stop token ended it early
};

// A day warm_window() brought into memory, and how far the window is.
struct WarmedDay {
  Date day;
  std::size_t bars = 0;
  std::size_t resident_days = 0;  // of the window, in memory now
  std::size_t window_days = 0;
};

struct StoreMemory {
  std::size_t resident_days = 0;
  std::size_t one_minute_bars = 0;  // held in memory, excluding the history cache
  std::size_t heap_bytes = 0;       // cells, pages, chunks and tree of the current version
  ColdCacheStats history;           // days outside the window held in the cache

  double bytes_per_bar() const {
    return one_minute_bars ? static_cast<double>(heap_bytes) / one_minute_bars : 0.0;
  }
};

class ChainStore {
 public:
  explicit ChainStore(ChainStoreOptions options = {}, std::shared_ptr<DaySource> source = nullptr);

  // Inserts or replaces 1-minute bars (any order; of equal keys in one batch the later wins) and
  // publishes the result. `origin.source` is where the bars came from (market or simulator): each
  // contract-day touched combines it with what it had (core/bar_source.h); unknown leaves the
  // days' sources as they are (record_sources() then says them). `origin.iv_convention` is
  // combined the same way (unknown leaves it). A bar that is not a storable
  // 1-minute bar (store/bar_validation.h) throws std::invalid_argument naming it; a day that must
  // be read from the DaySource and cannot be throws StorageError. Either way nothing of the batch
  // is applied.
  // Future bars of the same batch (core/future_bar.h) are applied with them, in the same published
  // version (store/futures_book.h); one that fails future_bar_problem() throws
  // std::invalid_argument and nothing is applied.
  ApplyStats apply(std::span<const StrikeBar> one_minute_bars,
                   BarOrigin origin = BarOrigin{BarSource::unknown},
                   std::span<const FutureBar> future_bars = {});
  // Replaces the futures with these bars (the repository's, at start) and publishes them.
  void load_futures(std::span<const FutureBar> bars);

  // Sets the sources and IV conventions of the contract-days the store knows to the catalogue's
  // (a replica following its writers reads them back after applying their bars) and publishes
  // them. Days it does not know are ignored.
  void record_sources(std::span<const ContractDay> days);

  // Replaces the store's content with the DaySource's: its catalogue of days, and the bars of the
  // newest `resident_days` days of the window (0: the whole window; read by load_threads threads,
  // a day each). The window's other days are read through the history cache until warm_window()
  // brings them in. Meant for start-up. Throws StorageError (the store is then unchanged).
  WindowLoadStats load_window(std::size_t resident_days = 0);
  // Brings the window's days that are not in memory into it, newest first, one at a time: each is
  // read (through the history cache, so a reader asking for it meanwhile shares the read) without
  // the writer's lock, then put in and published under it. A day an apply edited while it was
  // read is read again. `on_day` hears each day brought in. Returns when the whole window is in
  // memory or `stop` is requested (the day being read is then given up). Throws StorageError
  // (what was brought in stays).
  WarmStats warm_window(std::stop_token stop = {},
                        const std::function<void(const WarmedDay&)>& on_day = {});
  // Days of the window not in memory yet (0 once warm_window() is done, or without a source).
  std::size_t cold_window_days() const;

  // Records that the instrument source lists these strikes of the expiry from IST day `since` on
  // (store/strike_listing.h) and publishes a version with them. Bars are unchanged.
  void list_strikes(std::string_view symbol, Expiry expiry, std::span<const Strike> strikes,
                    Date since);
  // The current version. Holding it keeps that version's memory alive.
  std::shared_ptr<const ChainReader> snapshot() const { return current(); }
  std::shared_ptr<const ChainSnapshot> current() const { return published_.load(); }

  // The store's own accounting of its memory.
  StoreMemory memory() const;

 private:
  std::set<Date> window_of(const std::set<Date>& days) const;

  ChainStoreOptions options_;
  std::shared_ptr<DaySource> source_;
  std::shared_ptr<ColdDayCache> history_;  // null without a source

  mutable std::mutex writer_;
  std::set<Date> known_days_;     // IST days with bars, resident or not
  std::set<Date> resident_days_;  // the window
  std::atomic<std::shared_ptr<const ChainSnapshot>> published_;
};

}  // namespace strikeline
