// SimulatorFeed: the built-in market simulator as the server's Feed (app/feed.h). Its catch-up
// backfills from the session start `history_days` days back up to the moment it began: the whole
// period is replayed through the pipeline's aggregator (so volumes and OI changes are right), but
// only bars from the newest stored minute on are written, so a restart on the same store continues
// without rewriting or duplicating history. The backfill goes in 30-minute batches and resumes
// after the last batch it handed over (a failed write keeps that batch's bars pending in the
// pipeline), so a retry neither repeats nor skips a tick; a stop requested meanwhile (SIGTERM's
// drain) ends it between two batches. Then take() hands over the market from where the backfill
// ended up to now.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <stop_token>
#include <vector>

#include "app/feed.h"
#include "feed/simulator/market_simulator.h"

namespace strikeline::app {

struct SimulatorFeedOptions {
  sim::SimulatorConfig market;
  int history_days = 2;  // previous days to backfill besides today
  // The backfill's slices of market time (each one batch of events, held in memory at once): the
  // whole NSE F&O market makes about 10 million events in the open's half hour.
  std::chrono::minutes backfill_slice{30};
  // The newest 1-minute bucket already in the store (nullopt: none), asked when the backfill
  // begins (a successor taking a SQLite file over asks once its predecessor has stopped writing);
  // may throw (a storage error: the backfill is retried). Empty: nothing is stored.
  std::function<std::optional<UtcSeconds>()> newest_stored;
  std::function<Timestamp()> clock;  // now; default: the system clock
};

class SimulatorFeed final : public Feed {
 public:
  explicit SimulatorFeed(SimulatorFeedOptions options);

  std::string_view name() const override { return "simulator"; }
  bool simulated() const override { return true; }
  void catch_up(const BatchWriter& write, std::stop_token stop) override;
  void start() override {}
  void take(std::vector<MarketEvent>& out) override;
  void stop() override {}

  // The backfill up to `now` (fixed by the first call; a later call resumes it).
  void backfill(Timestamp now, const BatchWriter& write, std::stop_token stop = {});
  std::size_t backfilled_bars() const { return backfilled_bars_; }

 private:
  Timestamp now() const;

  SimulatorFeedOptions options_;
  sim::MarketSimulator market_;
  std::optional<Timestamp> backfill_until_;  // set by the first backfill call
  Timestamp backfill_from_{};
  UtcSeconds write_from_{};  // bars from here on are written
  Timestamp clock_{};        // the market's time: the events before it have been handed over
  std::size_t backfilled_bars_ = 0;
  std::chrono::steady_clock::duration backfill_time_{};
};

}  // namespace strikeline::app
