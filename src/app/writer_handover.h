// WriterHandover: the successor's side of a zero-downtime restart on a SQLite file. The old server
// holds the file's writer lock (store/sqlite/writer_lock.h) until SIGTERM begins its drain; the new
// one (serve --handover) loads the file and serves reads meanwhile, with its write path held
// (ingest answers 503 with Retry-After, no feed runs). This waits for the lock on a thread of its
// own, polling every 100 ms; once it has it, it re-reads the bars the old server wrote since the
// new one began loading, applies them to the chain store (so nothing written during the overlap is
// missing), opens the write path and calls `on_writer` (which starts the feed). status() is a
// pending start-up check ("degraded" in /health) until then. stop() ends the wait.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "api/service_context.h"
#include "app/ingest_pipeline.h"
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
  StartupCheck status() const;

 private:
  void run();

  std::shared_ptr<SqliteBarRepository> repository_;
  ChainStore& store_;
  IngestPipeline& pipeline_;
  UtcSeconds loaded_since_;
  std::function<void(const ApplyStats&)> on_applied_;
  std::function<void()> on_writer_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  StartupCheck status_;
  std::thread thread_;
};

}  // namespace strikeline::app
