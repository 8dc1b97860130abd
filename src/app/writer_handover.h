// WriterHandover: the successor's side of a zero-downtime restart on a SQLite file. The old server
// holds the file's writer lock (store/sqlite/writer_lock.h) until SIGTERM begins its drain; the new
// one (serve --handover) loads the file and serves reads meanwhile, with its write path held
// (ingest answers 503 with Retry-After, no feed runs). This waits for the lock on a worker of its
// own (core/periodic_worker.h), trying every 100 ms; once it has it, it re-reads the bars the old
// server wrote since the new one began loading, applies them to the chain store (so nothing written
// during the overlap is missing), opens the write path and calls `on_writer` (which starts the
// feed). status() is a pending start-up check ("degraded" in /health) until then. stop() ends the
// wait.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

#include "api/service_context.h"
#include "app/ingest_pipeline.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/chain_store.h"
#include "store/sqlite/sqlite_bar_repository.h"

namespace strikeline::app {

class WriterHandover {
 public:
  // `loaded_since`: a time before the store began loading the file.
  WriterHandover(std::shared_ptr<SqliteBarRepository> repository, ChainStore& store,
                 IngestPipeline& pipeline, UtcSeconds loaded_since,
                 std::function<void(const ApplyStats&)> on_applied,
                 std::function<void()> on_writer);
  ~WriterHandover();  // stops and joins
  WriterHandover(const WriterHandover&) = delete;
  WriterHandover& operator=(const WriterHandover&) = delete;

  void start();
  void interrupt();  // ends the wait (any thread, does not block)
  void stop();       // interrupt() and join
  StartupCheck status() const EXCLUDES(mutex_);

 private:
  // One try for the lock; once it is taken, the rest of the handover, and the worker stops.
  PeriodicWorker::Delay try_take_over() EXCLUDES(mutex_);
  void take_over() EXCLUDES(mutex_);

  std::shared_ptr<SqliteBarRepository> repository_;
  ChainStore& store_;
  IngestPipeline& pipeline_;
  UtcSeconds loaded_since_;
  std::function<void(const ApplyStats&)> on_applied_;
  std::function<void()> on_writer_;
  std::chrono::steady_clock::time_point started_{}, next_note_{};  // the worker's
  mutable Mutex mutex_;
  StartupCheck status_ GUARDED_BY(mutex_);
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline::app
