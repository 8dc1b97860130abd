// FeedRunner: runs one Feed (app/feed.h) into the ingest pipeline, the same way for every feed.
// On its worker it first catches the feed up (the simulator's backfill), then starts the feed and,
// every batch interval, takes the strikes its instrument source lists and the events it made and
// hands them to the pipeline (listings to the chain store, events written as bars). A failed
// catch-up or write is retried with backoff (1 s doubling to 30 s by default): the pipeline keeps
// the bars it could not write and the feed keeps its events meanwhile, so nothing is lost, and
// /health shows the feed failed, with the error, until a retry succeeds. stop() (or destruction)
// stops the worker (a catch-up stops between its batches), stops the feed and writes its last
// events; interrupt() (any thread, at once: a drain beginning) only asks the worker to stop, and
// before start() keeps it from ever starting. start() and stop() may come from different threads
// (the writer handover's starts the feed), in either order. The pipeline must not be held while
// the runner writes (serve stops the runner before it holds the pipeline).
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "api/service_context.h"
#include "app/feed.h"
#include "app/ingest_pipeline.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "feed/kite/reconnect_backoff.h"

namespace strikeline::app {

struct FeedRunnerOptions {
  std::chrono::milliseconds batch_interval{500};
  kite::BackoffPolicy retry{std::chrono::seconds{1}, std::chrono::seconds{30}, 2.0, 0.25};
};

class FeedRunner {
 public:
  FeedRunner(Feed& feed, IngestPipeline& pipeline, FeedRunnerOptions options = {});
  ~FeedRunner();
  FeedRunner(const FeedRunner&) = delete;
  FeedRunner& operator=(const FeedRunner&) = delete;

  void start() EXCLUDES(lifecycle_, mutex_);
  void interrupt();
  void stop() EXCLUDES(lifecycle_, mutex_);

  FeedStatus status() const EXCLUDES(mutex_);
  // Bars the catch-up wrote (the simulator's backfill).
  std::size_t caught_up_bars() const EXCLUDES(mutex_);

 private:
  enum class Phase : std::uint8_t { starting, catching_up, streaming, stopped };

  PeriodicWorker::Delay step(std::stop_token stop) EXCLUDES(mutex_);
  PeriodicWorker::Delay catch_up(std::stop_token stop) EXCLUDES(mutex_);
  PeriodicWorker::Delay write_batch() EXCLUDES(mutex_);
  // Hands the feed's strike listings (the chain store's grid) and its events since the last call
  // to the pipeline; throws what the pipeline's write throws.
  void hand_over();
  // After a failed attempt: records it (logged once per outage) and returns the wait before the
  // next one.
  PeriodicWorker::Delay failed(std::string_view what, const std::exception& e) EXCLUDES(mutex_);
  void succeeded() EXCLUDES(mutex_);

  Feed& feed_;
  IngestPipeline& pipeline_;
  const FeedRunnerOptions options_;
  kite::ReconnectBackoff retry_;         // the worker's only
  std::vector<MarketEvent> batch_;       // the worker's only (and stop()'s once it has stopped)
  std::vector<StrikeListing> listings_;  // likewise
  Mutex lifecycle_;                      // held by start() and stop() throughout
  mutable Mutex mutex_;                  // guards the phase and the failure /health reads
  Phase phase_ GUARDED_BY(mutex_) = Phase::starting;
  std::optional<std::string> failure_ GUARDED_BY(mutex_);  // while attempts fail: the last error
  std::size_t caught_up_bars_ GUARDED_BY(mutex_) = 0;
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline::app
