#include "app/store_warmup.h"

#include <spdlog/spdlog.h>

#include <string>

namespace strikeline::app {

namespace {

// After a failed read of a day, the next try.
constexpr auto kRetryAfter = std::chrono::seconds(10);

std::string waiting_for(std::size_t cold) {
  return std::to_string(cold) + (cold == 1 ? " older day" : " older days") +
         " of the window still read from the database (slower) until they are in memory";
}

}  // namespace

StoreWarmup::StoreWarmup(ChainStore& store) : store_(store) {
  status_.name = "memory";
  const std::size_t cold = store_.cold_window_days();
  if (cold == 0) {
    status_.state = StartupCheck::State::passed;
    status_.detail = "every day of the window is in memory";
  } else {
    status_.detail = waiting_for(cold);
  }
}

StoreWarmup::~StoreWarmup() {
  worker_.stop();
}

void StoreWarmup::start() {
  started_ = std::chrono::steady_clock::now();
  worker_.start([this](std::stop_token stop) { return run(stop); });
}

StartupCheck StoreWarmup::status() const {
  MutexLock lock(mutex_);
  return status_;
}

PeriodicWorker::Delay StoreWarmup::run(std::stop_token stop) {
  const auto started = std::chrono::steady_clock::now();
  const auto seconds_since = [](std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
  };
  try {
    const WarmStats stats = store_.warm_window(stop, [&](const WarmedDay& warmed) {
      spdlog::info("store: {} in memory ({} bars; {} of {} days, {:.1f} s after serving began)",
                   format_date(warmed.day), warmed.bars, warmed.resident_days, warmed.window_days,
                   seconds_since(started_));
      MutexLock lock(mutex_);
      status_.detail = waiting_for(warmed.window_days - warmed.resident_days);
    });
    if (stats.stopped) return PeriodicWorker::Delay::zero();  // the worker is stopping
    const std::size_t cold = store_.cold_window_days();
    MutexLock lock(mutex_);
    if (cold != 0) {
      // Days applies kept editing while they were read stay cold; they are served all the same.
      status_.state = StartupCheck::State::passed;
      status_.detail = std::to_string(cold) + " day(s) of the window stay in the database";
      spdlog::warn("store: {} (edited while read {} times)", status_.detail, stats.retries);
    } else if (status_.state == StartupCheck::State::pending) {
      status_.state = StartupCheck::State::passed;
      status_.detail = "every day of the window is in memory";
      if (stats.days_loaded) {
        spdlog::info("store: every day of the window in memory, {} bars read in {:.1f} s",
                     stats.bars_loaded, seconds_since(started));
      }
    }
  } catch (const std::exception& e) {
    spdlog::error("store: reading an older day into memory failed: {}; trying again in {} s",
                  e.what(), kRetryAfter.count());
    return kRetryAfter;
  }
  worker_.stop();  // from the worker: it ends after this run
  return PeriodicWorker::Delay::zero();
}

}  // namespace strikeline::app
