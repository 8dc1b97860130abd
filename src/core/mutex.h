// Mutex and MutexLock: std::mutex and a scoped lock of it, annotated for clang's thread-safety
// analysis (core/thread_annotations.h), so that members declared GUARDED_BY(mutex) are checked at
// compile time to be touched only under their lock. A condition variable waits on a MutexLock with
// std::condition_variable_any (MutexLock is BasicLockable). Neither is copyable or movable.
#pragma once

#include <mutex>

#include "core/thread_annotations.h"

namespace strikeline {

class CAPABILITY("mutex") Mutex {
 public:
  Mutex() = default;
  Mutex(const Mutex&) = delete;
  Mutex& operator=(const Mutex&) = delete;

  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }
  bool try_lock() TRY_ACQUIRE(true) { return mutex_.try_lock(); }

 private:
  std::mutex mutex_;
};

class SCOPED_CAPABILITY MutexLock {
 public:
  explicit MutexLock(Mutex& mutex) ACQUIRE(mutex) : mutex_(mutex) { mutex_.lock(); }
  ~MutexLock() RELEASE() { mutex_.unlock(); }
  MutexLock(const MutexLock&) = delete;
  MutexLock& operator=(const MutexLock&) = delete;

  // For std::condition_variable_any, which unlocks while it waits and locks again before it
  // returns: to the analysis the lock is held throughout.
  void lock() ACQUIRE() { mutex_.lock(); }
  void unlock() RELEASE() { mutex_.unlock(); }

 private:
  Mutex& mutex_;
};

}  // namespace strikeline
