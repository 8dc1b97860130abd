// IntegrityCheck: SQLite's PRAGMA quick_check of the bar file, run once after the server starts
// serving (it reads the whole file, so it runs on a worker of its own while the server answers).
// Until it passes, status() is a pending start-up check ("degraded" in /health); when it finds a
// problem, a failed one (503 naming "integrity") and an error in the log with the first problem
// and what to do (restore the last backup). Stopping interrupts it.
#pragma once

#include <atomic>
#include <memory>

#include "api/service_context.h"
#include "core/mutex.h"
#include "core/periodic_worker.h"
#include "store/sqlite/sqlite_bar_repository.h"

namespace strikeline::app {

class IntegrityCheck {
 public:
  explicit IntegrityCheck(std::shared_ptr<SqliteBarRepository> repository);
  ~IntegrityCheck();  // interrupts and joins
  IntegrityCheck(const IntegrityCheck&) = delete;
  IntegrityCheck& operator=(const IntegrityCheck&) = delete;

  void start();
  StartupCheck status() const EXCLUDES(mutex_);

 private:
  void run() EXCLUDES(mutex_);

  std::shared_ptr<SqliteBarRepository> repository_;
  std::atomic<bool> cancel_{false};  // set when the worker is stopped: quick_check gives up
  mutable Mutex mutex_;
  StartupCheck status_ GUARDED_BY(mutex_);
  PeriodicWorker worker_;  // last: stopped before the members it uses go
};

}  // namespace strikeline::app
