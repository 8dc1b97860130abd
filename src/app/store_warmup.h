// StoreWarmup: the second step of the chain store's start-up (store/chain_store.h). The server
// serves as soon as the newest day is in memory; this brings the window's older days in after
// it, newest first (ChainStore::warm_window), on a worker of its own while the server answers
// and the feed writes. Until they are all in, status() is a pending start-up check named
// "memory" ("degraded" in /health; those days are answered meanwhile, slower, from the
// database). A storage failure is logged and retried after a delay. Stopping (interrupt() when
// the drain begins, or the destructor) gives up the day being read.
#pragma once

#include <chrono>

#include "api/service_context.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/chain_store.h"

namespace strikeline::app {

class StoreWarmup {
 public:
  explicit StoreWarmup(ChainStore& store);
  ~StoreWarmup();  // interrupts and joins
  StoreWarmup(const StoreWarmup&) = delete;
  StoreWarmup& operator=(const StoreWarmup&) = delete;

  void start();
  void interrupt() { worker_.interrupt(); }
  void stop() { worker_.stop(); }
  StartupCheck status() const EXCLUDES(mutex_);

 private:
  PeriodicWorker::Delay run(std::stop_token stop) EXCLUDES(mutex_);

  ChainStore& store_;
  std::chrono::steady_clock::time_point started_;  // start()'s: when the server began to serve
  mutable Mutex mutex_;
  StartupCheck status_ GUARDED_BY(mutex_);
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline::app
