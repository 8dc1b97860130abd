// PeriodicWorker: the task runs again after the delay it returns; wake() ends a wait (and one that
// comes while the task runs is not lost); stop() ends an hour-long wait at once, from another
// thread or from the task itself. No timing is asserted: waits have generous deadlines, and a stop
// that did not end the wait would hang the test (ctest's timeout).
#include "core/periodic_worker.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace strikeline;
using namespace std::chrono;

namespace {

// Polls until `done` or 30 s pass; returns done().
template <class Done>
bool eventually(Done done) {
  for (auto deadline = steady_clock::now() + 30s; steady_clock::now() < deadline;) {
    if (done()) return true;
    std::this_thread::sleep_for(1ms);
  }
  return done();
}

}  // namespace

TEST(PeriodicWorker, RunsTheTaskAgainAfterTheDelayItReturns) {
  std::atomic<int> runs{0};
  PeriodicWorker worker([&](std::stop_token) {
    ++runs;
    return milliseconds{1};
  });
  EXPECT_TRUE(worker.running());
  EXPECT_TRUE(eventually([&] { return runs.load() >= 5; }));
  worker.stop();
  EXPECT_FALSE(worker.running());
  const int stopped_at = runs.load();
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(runs.load(), stopped_at);  // nothing runs once stop() has returned
}

TEST(PeriodicWorker, WakeEndsALongWait) {
  std::atomic<int> runs{0};
  PeriodicWorker worker([&](std::stop_token) {
    ++runs;
    return hours{1};
  });
  ASSERT_TRUE(eventually([&] { return runs.load() == 1; }));
  worker.wake();
  EXPECT_TRUE(eventually([&] { return runs.load() == 2; }));
  worker.wake();
  EXPECT_TRUE(eventually([&] { return runs.load() == 3; }));
}

TEST(PeriodicWorker, AWakeWhileTheTaskRunsIsNotLost) {
  std::atomic<int> runs{0};
  std::atomic<bool> release{false};
  PeriodicWorker* self = nullptr;
  PeriodicWorker worker;
  self = &worker;
  worker.start([&](std::stop_token) {
    if (++runs == 1) {
      self->wake();  // during the run: the wait after it must end at once
      while (!release.load()) std::this_thread::sleep_for(1ms);
    }
    return hours{1};
  });
  release = true;
  EXPECT_TRUE(eventually([&] { return runs.load() == 2; }));
}

TEST(PeriodicWorker, StopEndsAnHourLongWaitAndTheTaskSeesTheStopToken) {
  std::atomic<int> runs{0};
  std::atomic<bool> saw_stop{false};
  PeriodicWorker worker([&](std::stop_token stop) {
    ++runs;
    if (runs.load() == 2) {
      while (!stop.stop_requested()) std::this_thread::sleep_for(1ms);
      saw_stop = true;
    }
    return runs.load() == 1 ? milliseconds{0} : milliseconds{hours{1}};
  });
  ASSERT_TRUE(eventually([&] { return runs.load() == 2; }));
  worker.stop();  // returns only once the second run has seen the stop request
  EXPECT_TRUE(saw_stop.load());
  EXPECT_EQ(runs.load(), 2);
}

TEST(PeriodicWorker, TheTaskMayStopItsOwnWorker) {
  std::atomic<int> runs{0};
  {
    PeriodicWorker* self = nullptr;
    PeriodicWorker worker;
    self = &worker;
    worker.start([&](std::stop_token) {
      ++runs;
      self->stop();  // asks to stop; the wait that follows ends at once
      return hours{1};
    });
    ASSERT_TRUE(eventually([&] { return runs.load() == 1; }));
  }  // the destructor joins the worker, which has left its loop
  EXPECT_EQ(runs.load(), 1);
}

TEST(PeriodicWorker, InterruptEndsAWaitWithoutJoiningAndBeforeStartTheTaskNeverRuns) {
  std::atomic<int> runs{0};
  PeriodicWorker worker([&](std::stop_token) {
    ++runs;
    return hours{1};
  });
  ASSERT_TRUE(eventually([&] { return runs.load() == 1; }));
  std::thread([&] { worker.interrupt(); }).join();  // another thread; returns at once
  worker.stop();                                    // the hour-long wait has ended
  EXPECT_EQ(runs.load(), 1);

  std::atomic<int> never{0};
  PeriodicWorker early;
  early.interrupt();
  early.start([&](std::stop_token) {
    ++never;
    return milliseconds{1};
  });
  early.stop();
  EXPECT_EQ(never.load(), 0);
}
