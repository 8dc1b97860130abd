#include "core/periodic_worker.h"

#include <algorithm>
#include <cassert>

namespace strikeline {

void PeriodicWorker::start(Task task) {
  assert(!thread_.joinable());
  task_ = std::move(task);
  thread_ = std::thread([this, stop = stop_.get_token()] { run(stop); });
}

void PeriodicWorker::wake() {
  {
    MutexLock lock(mutex_);
    woken_ = true;
  }
  wake_.notify_one();
}

void PeriodicWorker::stop() {
  stop_.request_stop();  // also ends a wait (condition_variable_any's stop_token wait)
  if (!thread_.joinable() || thread_.get_id() == std::this_thread::get_id()) return;
  thread_.join();
}

void PeriodicWorker::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      MutexLock lock(mutex_);
      woken_ = false;
    }
    // At most an hour: a task with nothing to do until woken returns a long delay.
    const Delay delay = std::clamp(task_(stop), Delay::zero(), Delay{std::chrono::hours{1}});
    MutexLock lock(mutex_);
    wake_.wait_for(lock, stop, delay, [this]() REQUIRES(mutex_) { return woken_; });
  }
}

}  // namespace strikeline
