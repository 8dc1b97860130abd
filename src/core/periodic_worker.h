// PeriodicWorker: the one way the server runs background work. A std::jthread runs a task again
// and again: the task returns how long to wait before its next run (at most an hour is waited: a
// task with nothing to do until woken returns a long delay); wake() ends the wait early (a
// wake while the task runs is not lost: the next wait ends at once). stop(), or destruction, ends
// the current wait at once, lets a running task finish (a long task watches the stop_token it is
// given) and joins; from the worker's own thread it only asks the worker to stop. interrupt() asks
// it to stop without waiting for it, from any thread at any time (a signal's drain beginning), even
// before start() (the task then never runs). start() and stop() are the owner's: not called
// concurrently with each other. The task must not throw (an escaping exception terminates the
// process, as for any thread).
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <stop_token>
#include <thread>

#include "core/mutex.h"

namespace strikeline {

class PeriodicWorker {
 public:
  using Delay = std::chrono::steady_clock::duration;
  using Task = std::function<Delay(std::stop_token)>;

  PeriodicWorker() = default;  // no thread until start()
  explicit PeriodicWorker(Task task) { start(std::move(task)); }
  ~PeriodicWorker() { stop(); }
  PeriodicWorker(const PeriodicWorker&) = delete;
  PeriodicWorker& operator=(const PeriodicWorker&) = delete;

  // Runs `task` on a new thread at once; the worker must not have been started before.
  void start(Task task);
  void wake() EXCLUDES(mutex_);
  void interrupt() { stop_.request_stop(); }
  void stop();
  bool running() const { return thread_.joinable(); }

 private:
  void run(std::stop_token stop) EXCLUDES(mutex_);

  Task task_;  // set before the thread starts, then only the thread uses it
  std::stop_source stop_;
  Mutex mutex_;
  bool woken_ GUARDED_BY(mutex_) = false;  // a wake() not yet answered by a run of the task
  std::condition_variable_any wake_;
  std::thread thread_;  // last: it is stopped and joined before the members it uses go
};

}  // namespace strikeline
