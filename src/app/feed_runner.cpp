#include "app/feed_runner.h"

#include <spdlog/spdlog.h>

namespace strikeline::app {

FeedRunner::FeedRunner(Feed& feed, IngestPipeline& pipeline, FeedRunnerOptions options)
    : feed_(feed), pipeline_(pipeline), options_(options), retry_(options_.retry) {}

FeedRunner::~FeedRunner() {
  stop();
}

void FeedRunner::start() {
  MutexLock lifecycle(lifecycle_);
  {
    MutexLock lock(mutex_);
    if (phase_ != Phase::starting) return;
    phase_ = Phase::catching_up;
  }
  worker_.start([this](std::stop_token stop) { return step(stop); });
}

void FeedRunner::interrupt() {
  worker_.interrupt();
}

void FeedRunner::stop() {
  MutexLock lifecycle(lifecycle_);
  worker_.stop();  // joins: from here on this thread is the only one using the feed
  Phase was;
  {
    MutexLock lock(mutex_);
    was = phase_;
    phase_ = Phase::stopped;
  }
  if (was != Phase::streaming) return;
  feed_.stop();
  try {
    hand_over();
  } catch (const std::exception& e) {
    spdlog::error("{}: cannot store the last bars: {}", feed_.name(), e.what());
  }
}

PeriodicWorker::Delay FeedRunner::step(std::stop_token stop) {
  Phase phase;
  {
    MutexLock lock(mutex_);
    phase = phase_;
  }
  return phase == Phase::catching_up ? catch_up(stop) : write_batch();
}

PeriodicWorker::Delay FeedRunner::catch_up(std::stop_token stop) {
  const Feed::BatchWriter write = [this](std::span<const MarketEvent> events,
                                         UtcSeconds write_from) {
    const std::size_t written = pipeline_.ingest_events(events, write_from);
    MutexLock lock(mutex_);
    caught_up_bars_ += written;
    return written;
  };
  try {
    feed_.catch_up(write, stop);
    if (stop.stop_requested()) return PeriodicWorker::Delay::zero();
    feed_.start();
  } catch (const std::exception& e) {
    return failed("start-up", e);
  }
  succeeded();
  {
    MutexLock lock(mutex_);
    phase_ = Phase::streaming;
  }
  return options_.batch_interval;
}

PeriodicWorker::Delay FeedRunner::write_batch() {
  try {
    hand_over();
  } catch (const std::exception& e) {
    return failed("cannot store bars", e);
  }
  succeeded();
  return options_.batch_interval;
}

void FeedRunner::hand_over() {
  listings_.clear();
  feed_.take_listings(listings_);
  for (const StrikeListing& l : listings_) {
    pipeline_.list_strikes(l.symbol, l.expiry, l.strikes, l.since);
  }
  batch_.clear();
  feed_.take(batch_);
  // An empty batch still retries bars the repository refused last time.
  pipeline_.ingest_events(batch_);
}

PeriodicWorker::Delay FeedRunner::failed(std::string_view what, const std::exception& e) {
  const std::chrono::milliseconds delay = retry_.next();
  bool first;
  {
    MutexLock lock(mutex_);
    first = !failure_.has_value();
    failure_ = std::string(what) + ": " + e.what();
  }
  if (first) {
    spdlog::error("{}: {}: {}; retrying in {} ms", feed_.name(), what, e.what(), delay.count());
  } else {
    spdlog::debug("{}: {}: {}; retrying in {} ms", feed_.name(), what, e.what(), delay.count());
  }
  return delay;
}

void FeedRunner::succeeded() {
  bool recovered;
  {
    MutexLock lock(mutex_);
    recovered = failure_.has_value();
    failure_.reset();
  }
  if (recovered) {
    retry_.reset();
    spdlog::info("{}: writes resumed", feed_.name());
  }
}

FeedStatus FeedRunner::status() const {
  FeedStatus status;
  status.source = std::string(feed_.name());
  status.simulated = feed_.simulated();
  Phase phase;
  {
    MutexLock lock(mutex_);
    phase = phase_;
    if (failure_) {
      status.state = "failed";
      status.healthy = false;
      status.detail = *failure_;
      return status;
    }
  }
  switch (phase) {
    case Phase::starting:
      status.state = "starting";
      break;
    case Phase::catching_up:
      status.state = "backfilling";
      break;
    case Phase::streaming: {
      Feed::Condition condition = feed_.condition();
      status.state = std::move(condition.state);
      status.healthy = condition.healthy;
      status.detail = std::move(condition.detail);
      break;
    }
    case Phase::stopped:
      status.state = "stopped";
      break;
  }
  return status;
}

std::size_t FeedRunner::caught_up_bars() const {
  MutexLock lock(mutex_);
  return caught_up_bars_;
}

}  // namespace strikeline::app
