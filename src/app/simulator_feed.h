// SimulatorFeed: runs the built-in market simulator as the server's feed. At start it backfills
// from the session start `history_days` days back up to now: the whole period is replayed through
// the pipeline's aggregator (so volumes and OI changes are right), but only bars from the newest
// stored minute on are written, so a restart on the same store continues without rewriting or
// duplicating history. Then it streams live ticks, `step` at a time, until stopped. stop() (or
// interrupt(), from any thread, e.g. when SIGTERM begins the drain) also cuts a backfill short
// between two of its half-hour steps, so a stop never waits for the whole backfill.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "app/ingest_pipeline.h"
#include "feed/simulator/market_simulator.h"

namespace strikeline::app {

struct SimulatorFeedOptions {
  sim::SimulatorConfig market;
  int history_days = 2;  // previous days to backfill besides today
  std::chrono::milliseconds step{500};
  std::optional<UtcSeconds> newest_stored;  // newest 1-minute bucket already in the store
};

class SimulatorFeed {
 public:
  SimulatorFeed(SimulatorFeedOptions options, IngestPipeline& pipeline);
  ~SimulatorFeed();

  // Backfills synchronously, then streams on a background thread. backfill() returns early, with
  // interrupted() true, when interrupt() or stop() is called meanwhile; start() then does nothing.
  void backfill(Timestamp now);
  void start();
  void stop();
  void interrupt();
  bool interrupted() const { return interrupted_.load(); }

  std::string state() const;
  bool healthy() const { return !failed_.load(); }
  std::string detail() const;
  std::size_t backfilled_bars() const { return backfilled_bars_; }

 private:
  void stream();

  SimulatorFeedOptions options_;
  IngestPipeline& pipeline_;
  sim::MarketSimulator market_;
  Timestamp clock_{};
  std::size_t backfilled_bars_ = 0;
  std::atomic<bool> running_{false}, failed_{false}, backfilling_{false}, interrupted_{false};
  std::string detail_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::thread thread_;
};

}  // namespace strikeline::app
