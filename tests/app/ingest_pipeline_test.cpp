// The ingest pipeline's write path against a repository that can be made to fail: nothing reaches
// the chain store before it is durable, bars of failed writes are written with the next call, and
// during an outage the pending bars stay at one per key however often the forming bars are flushed;
// every write carries its source, and real data is refused over simulated bars of its contracts;
// every write says the IV convention of its bars (the pipeline's for ticks it prices, unknown for
// bars and for ticks that give their own IV); a follower (writer fail-over) writes nothing but
// shows its bars, and when it leads writes the withheld bars from the given minute on; a fenced
// write makes the pipeline a follower that keeps its bars; the aggregator holds the minutes of the
// newest IST day only (the rows that have not traded on a new day end theirs when it begins).
#include <gtest/gtest.h>

#include <map>

#include "app/ingest_pipeline.h"

namespace strikeline::app {
namespace {

// Keeps the last written version of every key; throws while `failing`.
class FlakyRepository final : public BarRepository {
 public:
  bool failing = false;
  bool fenced = false;  // another writer took the lease: WriteFenced
  std::map<BarKey, StrikeBar> stored;
  int writes = 0;
  std::vector<BarSource> sources;  // of every successful write
  std::vector<StoredIvConvention> conventions;

  void write(std::span<const StrikeBar> bars, BarOrigin origin) override {
    if (failing) throw StorageError("database unreachable");
    if (fenced) throw WriteFenced("term 1 was taken over");
    ++writes;
    sources.push_back(origin.source);
    conventions.push_back(origin.iv_convention);
    for (const StrikeBar& bar : bars) stored[bar.key] = bar;
  }
  void scan(UtcSeconds, UtcSeconds, const std::function<void(const StrikeBar&)>&) override {}
  std::optional<std::pair<UtcSeconds, UtcSeconds>> time_range() override { return std::nullopt; }
  RepositoryHealth health() override { return {!failing, failing ? "down" : ""}; }
};

const Expiry kExpiry{std::chrono::sys_days{std::chrono::year{2025} / 11 / 4}};

StrikeBar bar(int minute, std::int64_t strike, std::int64_t volume) {
  StrikeBar b;
  b.key.symbol = "NIFTY";
  b.key.expiry = kExpiry;
  b.key.strike = Strike::from_hundredths(strike * 100);
  b.key.timeframe = Timeframe::m1;
  b.key.bucket = utc_seconds(1762141500 + 60 * minute);  // 2025-11-03 09:15 IST
  b.underlying_close = 24310.5;
  b.call.count = 1;
  b.call.volume = volume;
  return b;
}

TEST(IngestPipeline, AnOutageKeepsOnePendingBarPerKeyAndLosesNothing) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  repository.failing = true;
  // The forming minute of two strikes flushed 50 times, then the next minute once.
  for (int flush = 1; flush <= 50; ++flush) {
    const std::vector<StrikeBar> bars{bar(0, 24300, flush), bar(0, 24350, 2 * flush)};
    EXPECT_THROW(pipeline.ingest_bars(bars), StorageError);
  }
  EXPECT_THROW(pipeline.ingest_bars(std::vector<StrikeBar>{bar(1, 24300, 7)}), StorageError);
  EXPECT_EQ(pipeline.pending_bars(), 3u);
  EXPECT_FALSE(store.snapshot()->newest_bucket("NIFTY"));  // nothing visible before it is durable
  EXPECT_EQ(pipeline.stats().failed_writes, 51u);

  repository.failing = false;
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(1, 24350, 9)}), 4u);
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  ASSERT_EQ(repository.stored.size(), 4u);
  EXPECT_EQ(repository.stored.at(bar(0, 24300, 0).key).call.volume, 50);  // the last version
  EXPECT_EQ(repository.stored.at(bar(0, 24350, 0).key).call.volume, 100);
  EXPECT_EQ(repository.stored.at(bar(1, 24300, 0).key).call.volume, 7);
  EXPECT_EQ(repository.stored.at(bar(1, 24350, 0).key).call.volume, 9);
  const auto minute0 =
      store.snapshot()->bucket("NIFTY", kExpiry, Timeframe::m1, bar(0, 0, 0).key.bucket);
  ASSERT_EQ(minute0.size(), 2u);
  EXPECT_EQ(minute0[0].call.volume, 50);
  EXPECT_EQ(minute0[1].call.volume, 100);
}

TEST(IngestPipeline, APendingBarNeverOverwritesANewerVersionOfItsKey) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  repository.failing = true;
  EXPECT_THROW(pipeline.ingest_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}), StorageError);
  repository.failing = false;
  // The same key again, newer: it goes after the pending one, so it wins.
  pipeline.ingest_bars(std::vector<StrikeBar>{bar(0, 24300, 6)});
  EXPECT_EQ(repository.stored.at(bar(0, 24300, 0).key).call.volume, 6);
  const auto minute0 =
      store.snapshot()->bucket("NIFTY", kExpiry, Timeframe::m1, bar(0, 0, 0).key.bucket);
  ASSERT_EQ(minute0.size(), 1u);
  EXPECT_EQ(minute0[0].call.volume, 6);
}

// HTTP ingest's receipts say exactly what became of the data: a write that fails during the call
// keeps its bars pending (to be written) and says so instead of throwing; a call while the store
// still fails takes nothing (IngestUnavailable) and nothing of it is written later.
TEST(IngestPipeline, ReceiptsSayExactlyWhatBecameOfTheData) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  IngestReceipt r = pipeline.receive_bars(std::vector<StrikeBar>{bar(0, 24300, 5)});
  EXPECT_TRUE(r.durable());
  EXPECT_EQ(r.bars_written, 1u);

  repository.failing = true;
  r = pipeline.receive_bars(std::vector<StrikeBar>{bar(1, 24300, 6)});
  EXPECT_FALSE(r.durable());
  EXPECT_EQ(r.bars_written, 0u);
  EXPECT_EQ(r.bars_pending, 1u);
  EXPECT_EQ(r.failure, "database unreachable");
  // While the store still fails, the next body is refused untouched.
  EXPECT_THROW(pipeline.receive_bars(std::vector<StrikeBar>{bar(2, 24350, 7)}), IngestUnavailable);
  EXPECT_EQ(pipeline.pending_bars(), 1u);

  repository.failing = false;
  r = pipeline.receive_bars(std::vector<StrikeBar>{bar(3, 24400, 8)});
  EXPECT_TRUE(r.durable());
  // The pending bar of the 202 was written first; the refused one never is.
  EXPECT_EQ(repository.stored.size(), 3u);
  EXPECT_EQ(repository.stored.count(bar(2, 24350, 7).key), 0u);
  EXPECT_EQ(repository.stored.at(bar(1, 24300, 6).key).call.volume, 6);
}

TEST(IngestPipeline, FlushPendingWritesWhatAFailureLeft) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  repository.failing = true;
  EXPECT_FALSE(pipeline.receive_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}).durable());
  EXPECT_THROW(pipeline.flush_pending(), StorageError);
  repository.failing = false;
  pipeline.flush_pending();
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  EXPECT_EQ(repository.stored.size(), 1u);
  EXPECT_TRUE(store.snapshot()->newest_bucket("NIFTY"));
}

TEST(IngestPipeline, AHeldPipelineTakesNothing) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  pipeline.hold("handing the file over");
  EXPECT_THROW(pipeline.receive_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}), IngestUnavailable);
  EXPECT_THROW(pipeline.ingest_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}), IngestUnavailable);
  EXPECT_EQ(repository.writes, 0);
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  pipeline.resume();
  EXPECT_TRUE(pipeline.receive_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}).durable());
}

TEST(IngestPipeline, RealDataIsRefusedOverSimulatedBarsOfItsContractsUnlessMixingIsAllowed) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline simulator(repository, store, {}, {.feed = BarSource::simulator});
  EXPECT_EQ(simulator.ingest_bars(std::vector<StrikeBar>{bar(0, 24300, 5)}), 1u);
  EXPECT_EQ(repository.sources, std::vector<BarSource>{BarSource::simulator});
  EXPECT_EQ(store.snapshot()->source("NIFTY", kExpiry), BarSource::simulator);

  // HTTP ingest is real data: refused whole for the simulated contract, nothing taken.
  try {
    simulator.receive_bars(std::vector<StrikeBar>{bar(1, 24350, 6)});
    ADD_FAILURE() << "real bars were taken over simulated ones";
  } catch (const SimulatedDataConflict& e) {
    EXPECT_NE(std::string(e.what()).find("NIFTY 2025-11-04"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--discard-simulated"), std::string::npos) << e.what();
  }
  const MarketEvent spot = UnderlyingTick{Timestamp{std::chrono::seconds{1762141600}}, "NIFTY", 1};
  EXPECT_THROW(simulator.receive_events(std::span(&spot, 1)), SimulatedDataConflict);
  EXPECT_EQ(repository.writes, 1);
  EXPECT_EQ(simulator.stats().events, 0u);
  EXPECT_TRUE(
      store.snapshot()->bucket("NIFTY", kExpiry, Timeframe::m1, bar(1, 0, 0).key.bucket).empty());

  // Another contract is free; its bars are market data.
  StrikeBar other = bar(1, 24300, 7);
  other.key.expiry = kExpiry + std::chrono::days{7};
  EXPECT_TRUE(simulator.receive_bars(std::vector<StrikeBar>{other}).durable());
  EXPECT_EQ(repository.sources.back(), BarSource::market);
  EXPECT_EQ(store.snapshot()->source("NIFTY", other.key.expiry), BarSource::market);

  // Bars a failure left pending keep their source: written first, as their own batch.
  repository.failing = true;
  EXPECT_THROW(simulator.ingest_bars(std::vector<StrikeBar>{bar(2, 24300, 8)}), StorageError);
  repository.failing = false;
  other.key.bucket = bar(3, 0, 0).key.bucket;
  EXPECT_TRUE(simulator.receive_bars(std::vector<StrikeBar>{other}).durable());
  EXPECT_EQ(repository.sources, (std::vector<BarSource>{BarSource::simulator, BarSource::market,
                                                        BarSource::simulator, BarSource::market}));

  // --allow-mixed: taken, and the day reads mixed.
  IngestPipeline mixing(repository, store, {}, {.feed = BarSource::market, .allow_mixed = true});
  EXPECT_TRUE(mixing.receive_bars(std::vector<StrikeBar>{bar(1, 24350, 6)}).durable());
  EXPECT_EQ(repository.sources.back(), BarSource::market);
  EXPECT_EQ(store.snapshot()->source("NIFTY", kExpiry), BarSource::mixed);
}

TEST(IngestPipeline, WritesSayTheIvConventionOfTheirBars) {
  FlakyRepository repository;
  ChainStore store;
  AggregatorConfig config;
  config.iv_convention = IvConvention::nse;
  IngestPipeline pipeline(repository, store, config);
  const Timestamp at{std::chrono::seconds{1762141530}};  // 2025-11-03 09:15:30 IST
  OptionTick tick;
  tick.ts = at;
  tick.symbol = "NIFTY";
  tick.expiry = kExpiry;
  tick.strike = Strike::from_hundredths(2430000);
  tick.price = 120.5;
  tick.oi = 750;
  const std::vector<MarketEvent> priced{UnderlyingTick{at, "NIFTY", 24310.5}, tick};
  EXPECT_GE(pipeline.ingest_events(priced), 1u);
  EXPECT_EQ(repository.conventions, std::vector<StoredIvConvention>{StoredIvConvention::nse});
  EXPECT_EQ(store.snapshot()->iv_convention("NIFTY", kExpiry), StoredIvConvention::nse);
  // A tick with its own IV: the pipeline did not compute it.
  tick.iv = 14.5;
  tick.ts = at + std::chrono::seconds{60};
  EXPECT_GE(pipeline.receive_events(std::vector<MarketEvent>{tick}).bars_written, 1u);
  EXPECT_EQ(repository.conventions.back(), StoredIvConvention::unknown);
  // Bars come with their IVs: unknown; the day stays nse.
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(5, 24300, 5)}), 1u);
  EXPECT_EQ(repository.conventions.back(), StoredIvConvention::unknown);
  EXPECT_EQ(store.snapshot()->iv_convention("NIFTY", kExpiry), StoredIvConvention::nse);
}

TEST(IngestPipeline, TheAggregatorHoldsTheNewestDaysMinutesOnly) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store, AggregatorConfig{});
  const Expiry later{std::chrono::sys_days{std::chrono::year{2025} / 11 / 25}};
  const auto option = [&](Timestamp at, Expiry expiry, std::int64_t strike) {
    OptionTick tick;
    tick.ts = at;
    tick.symbol = "NIFTY";
    tick.expiry = expiry;
    tick.strike = Strike::from_hundredths(strike * 100);
    tick.price = 100;
    tick.oi = 750;
    return MarketEvent{tick};
  };
  // Monday 3 Nov: 3 rows (one of the 4 Nov expiry) trade 10 minutes each.
  const Timestamp monday{std::chrono::seconds{1762141530}};  // 09:15:30 IST
  std::vector<MarketEvent> events;
  for (int m = 0; m < 10; ++m) {
    const Timestamp at = monday + std::chrono::minutes(m);
    events.push_back(option(at, kExpiry, 24300));
    events.push_back(option(at, later, 24300));
    events.push_back(option(at, later, 24400));
  }
  pipeline.ingest_events(events);
  EXPECT_EQ(pipeline.aggregator_held().rows, 3u);
  EXPECT_EQ(pipeline.aggregator_held().row_minutes, 30u);
  // Wednesday 5 Nov (the 4 Nov expiry is over): one row trades; the others end Monday.
  const Timestamp wednesday = monday + std::chrono::days(2);
  pipeline.ingest_events(std::vector{option(wednesday, later, 24400)});
  EXPECT_EQ(pipeline.aggregator_held().rows, 2u);
  EXPECT_EQ(pipeline.aggregator_held().row_minutes, 1u);
  // Monday's bars were all written, none lost by the eviction.
  std::size_t monday_bars = 0;
  for (const auto& [key, stored] : repository.stored)
    monday_bars += ist_date(key.bucket) < ist_date(wednesday);
  EXPECT_EQ(monday_bars, 30u);
}

TEST(IngestPipeline, AFollowerWritesNothingAndLeadsFromTheGivenMinute) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  pipeline.follow("a follower");
  EXPECT_TRUE(pipeline.following());
  // Minutes 0-3, the forming minute 3 flushed twice.
  for (int minute = 0; minute < 4; ++minute) {
    EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(minute, 24300, 10 + minute)}), 0u);
  }
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(3, 24300, 99)}), 0u);
  EXPECT_EQ(repository.writes, 0);
  EXPECT_EQ(pipeline.stats().bars_written, 0u);
  EXPECT_EQ(pipeline.withheld_bars(), 4u);                                       // one per key
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), bar(3, 0, 0).key.bucket);  // shown
  EXPECT_THROW(pipeline.receive_bars(std::vector<StrikeBar>{bar(3, 24350, 1)}), IngestUnavailable);
  EXPECT_THROW(pipeline.flush_pending(), IngestUnavailable);

  pipeline.forget_withheld_before(bar(1, 0, 0).key.bucket);  // the leader stored minute 0
  EXPECT_EQ(pipeline.withheld_bars(), 3u);
  EXPECT_EQ(pipeline.lead(bar(2, 0, 0).key.bucket), 2u);  // minutes 2 and 3
  EXPECT_FALSE(pipeline.following());
  ASSERT_EQ(repository.stored.size(), 2u);
  EXPECT_EQ(repository.stored.at(bar(2, 24300, 0).key).call.volume, 12);
  EXPECT_EQ(repository.stored.at(bar(3, 24300, 0).key).call.volume, 99);  // the last version
  EXPECT_EQ(pipeline.withheld_bars(), 0u);
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(4, 24300, 1)}), 1u);  // as usual
}

TEST(IngestPipeline, AFencedWriteMakesAFollowerThatKeepsItsBars) {
  FlakyRepository repository;
  ChainStore store;
  IngestPipeline pipeline(repository, store);
  std::vector<std::string> told;
  pipeline.on_fenced([&](const std::string& why) { told.push_back(why); });
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(0, 24300, 1)}), 1u);
  repository.failing = true;  // a failed write leaves its bar pending
  EXPECT_THROW(pipeline.ingest_bars(std::vector<StrikeBar>{bar(1, 24300, 2)}), StorageError);
  repository.failing = false;
  repository.fenced = true;
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(2, 24300, 3)}), 0u);  // no throw
  EXPECT_TRUE(pipeline.following());
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].find("taken over"), std::string::npos);
  EXPECT_EQ(pipeline.pending_bars(), 0u);
  EXPECT_EQ(pipeline.withheld_bars(), 2u);  // minutes 1 and 2
  EXPECT_EQ(repository.stored.size(), 1u);
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), bar(2, 0, 0).key.bucket);
  EXPECT_EQ(pipeline.ingest_bars(std::vector<StrikeBar>{bar(3, 24300, 4)}), 0u);
  EXPECT_EQ(told.size(), 1u);  // a follower does not try
  repository.fenced = false;
  EXPECT_EQ(pipeline.lead(std::nullopt), 3u);
  EXPECT_EQ(repository.stored.size(), 4u);
}

}  // namespace
}  // namespace strikeline::app
