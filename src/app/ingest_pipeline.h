// IngestPipeline: the one write path of the server. Market events go through the bar aggregator;
// the changed 1-minute bars (or bars given directly), with the changed future bars of the same
// events in the same transaction, are written to the durable repository and only then applied to
// the chain store, so a caller that gets a result back knows its data is durable
// and visible. Calls are serialised (one writer). When the repository fails, the bars stay pending
// and are written with the next call; the feed's calls (ingest_events, ingest_bars) get
// StorageError. Pending bars are kept as the last version of each key (bucket, strike), so during a
// long outage they grow with the buckets the feed reaches, not with every flush of the forming
// ones. Listeners hear about every applied batch (the live stream uses this). The stats count, per
// symbol, the stored bars that have a side with data (ticks, a price, volume, Greeks) but no open
// interest or zero: the write path's view of missing OI (README "Monitoring").
//
// HTTP ingest must tell its client exactly what became of its data, so it calls receive_events /
// receive_bars: they first write what earlier failures left pending and, when that still fails,
// throw IngestUnavailable before touching the new data (nothing of it is taken, nothing written
// later); otherwise they take the data and return a receipt: bars written, or, when this very
// write fails, bars held pending (to be written once the store recovers).
//
// Provenance (issue 25): the feed's calls (ingest_events, ingest_bars) carry the feed's source
// (ProvenanceOptions::feed: simulator for the built-in simulator, market for Kite); HTTP ingest's
// (receive_*) are market data. The repository records the source with the bars and the chain
// store carries it. Market data for a contract (symbol, expiry) whose stored bars are simulated is
// refused (SimulatedDataConflict, nothing taken) unless allow_mixed; an underlying tick counts for
// every expiry of its symbol. Bars a failure left pending keep their source.
//
// hold() closes the pipeline to writes (a server handing its SQLite file to a successor, or one
// waiting to receive it): it returns once the write in progress has finished, and until resume()
// every call throws IngestUnavailable without touching anything.
//
// Writer fail-over (app/writer_failover.h): follow() makes the pipeline a follower's. The feed's
// calls still aggregate and apply their bars to the chain store (and the listeners hear them), but
// nothing is written: the bars are withheld instead, the last version of each key, those before
// the bucket given to forget_withheld_before() dropped (the leader has stored them). HTTP ingest
// (receive_*, flush_pending) throws IngestUnavailable naming the reason. lead() ends following:
// the withheld bars from a bucket on become pending and are written at once, then writes go on as
// usual. A write the repository refuses with WriteFenced (another writer took the lease) makes the
// pipeline a follower at once: the refused and pending bars are withheld, the fenced listener is
// told (under the pipeline's lock: it must not call the pipeline), and the feed's call returns 0.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "api/ingest/ingest_sink.h"
#include "bars/bar_aggregator.h"
#include "core/market_event.h"
#include "core/mutex.h"
#include "store/bar_repository.h"
#include "store/chain_store.h"

namespace strikeline::app {

struct IngestStats {
  std::uint64_t events = 0;
  std::uint64_t bars_written = 0;
  std::uint64_t future_bars_written = 0;
  std::uint64_t batches = 0;
  std::uint64_t failed_writes = 0;
  // Durable 1-minute bars with a side that has data but no (or zero) open interest, per symbol.
  std::map<std::string, std::uint64_t> stored_missing_oi;
};

// True when a side of the bar has data (ticks, a price, volume, Greeks) but its open interest is
// missing or zero.
bool misses_open_interest(const StrikeBar& bar);

struct ProvenanceOptions {
  BarSource feed = BarSource::market;  // the source of the feed's calls: market or simulator
  bool allow_mixed = false;            // market data may join simulated bars of the same contracts
};

class IngestPipeline {
 public:
  using Listener = std::function<void(const ApplyStats&)>;

  IngestPipeline(BarRepository& repository, ChainStore& store, AggregatorConfig config = {},
                 ProvenanceOptions provenance = {});

  // Aggregates the events and makes the bars they change durable and visible. Returns the number
  // of bars written. A bar whose bucket starts before `write_from` is aggregated but not written
  // (used to replay history that is already stored).
  std::size_t ingest_events(std::span<const MarketEvent> events,
                            UtcSeconds write_from = UtcSeconds::min());
  // Makes the given 1-minute bars durable and visible. Returns the number written.
  std::size_t ingest_bars(std::span<const StrikeBar> bars);

  // The instrument source lists these strikes of an expiry from IST day `since` on: the chain
  // store lists them (store/strike_listing.h). Nothing is written to the repository.
  void list_strikes(std::string_view symbol, Expiry expiry, std::span<const Strike> strikes,
                    Date since);

  // For callers that answer a client (see above).
  IngestReceipt receive_events(std::span<const MarketEvent> events);
  IngestReceipt receive_bars(std::span<const StrikeBar> bars);
  // Writes what earlier failures left pending; StorageError when the store still fails.
  void flush_pending();

  void hold(std::string reason);
  void resume();

  // Writer fail-over (see above).
  void follow(std::string reason);
  // Returns the bars written (StorageError other than WriteFenced: they stay pending).
  std::size_t lead(std::optional<UtcSeconds> from);
  void forget_withheld_before(UtcSeconds bucket);
  bool following() const;
  std::size_t withheld_bars() const;
  using FencedListener = std::function<void(const std::string& why)>;
  void on_fenced(FencedListener listener);

  void add_listener(Listener listener);
  IngestStats stats() const;
  std::size_t pending_bars() const;
  AggregatorStats aggregator_stats() const;
  // The aggregator's rows and row-minutes (about one IST day: the rows that have not traded on a
  // new day end their day when it begins).
  AggregatorHeld aggregator_held() const EXCLUDES(mutex_);

 private:
  // The option bars and future bars of one write (one transaction, one published version).
  struct Batch {
    std::vector<StrikeBar> bars;
    std::vector<FutureBar> futures;
  };
  std::size_t commit(Batch batch, BarOrigin origin) REQUIRES(mutex_);
  // commit()'s writes: earlier pending bars of other origins first, then this origin's.
  std::size_t write_in_order(Batch batch, BarOrigin origin) REQUIRES(mutex_);
  IngestReceipt commit_receipt(Batch batch, BarOrigin origin) REQUIRES(mutex_);
  // Writes and applies one batch of one origin; StorageError (nothing changed) when the write
  // fails.
  void store_batch(const Batch& batch, BarOrigin origin) REQUIRES(mutex_);
  // The IV convention of bars aggregated from `events`: the pipeline's, unknown when a tick gave
  // its own IV.
  StoredIvConvention convention_of(std::span<const MarketEvent> events) const;
  // SimulatedDataConflict when market data for these contracts may not be stored.
  void check_provenance(std::span<const MarketEvent> events, BarSource source) const;
  void check_provenance(std::span<const StrikeBar> bars, BarSource source) const;
  void refuse_simulated(const std::set<std::pair<std::string, Expiry>>& contracts) const;
  void check_open() const REQUIRES(mutex_);     // IngestUnavailable while held
  void check_leading() const REQUIRES(mutex_);  // IngestUnavailable while following
  // A follower's commit: applied to the store, withheld, not written.
  std::size_t withhold(Batch batch, BarOrigin origin) REQUIRES(mutex_);
  void prune_withheld() REQUIRES(mutex_);
  // Following from now on for `reason`: the pending bars move to the withheld ones.
  void start_following(std::string reason) REQUIRES(mutex_);
  // After WriteFenced: following, the pending bars withheld.
  void fenced(const std::string& why) REQUIRES(mutex_);
  // For receive_*: IngestUnavailable when the store still fails.
  void write_pending_first() REQUIRES(mutex_);

  BarRepository& repository_;
  ChainStore& store_;
  const ProvenanceOptions provenance_;
  const StoredIvConvention iv_convention_;  // the aggregator's, for the IVs it computes
  // The one writer's turn: held for a whole call, so calls are serialised.
  mutable Mutex mutex_;
  BarAggregator aggregator_ GUARDED_BY(mutex_);
  // Drained but not yet durable (option and future bars), one per key, by origin.
  std::map<BarOrigin, Batch> pending_ GUARDED_BY(mutex_);
  std::vector<Listener> listeners_ GUARDED_BY(mutex_);
  IngestStats stats_ GUARDED_BY(mutex_);
  std::optional<std::string> held_ GUARDED_BY(mutex_);       // why writes are held
  std::optional<std::string> following_ GUARDED_BY(mutex_);  // why this writer does not write
  std::map<BarOrigin, Batch> withheld_ GUARDED_BY(mutex_);   // a follower's, one per key
  UtcSeconds withheld_from_ GUARDED_BY(mutex_) = UtcSeconds::min();
  FencedListener on_fenced_ GUARDED_BY(mutex_);
};

}  // namespace strikeline::app
