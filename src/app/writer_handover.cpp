#include "app/writer_handover.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace strikeline::app {

using namespace std::chrono;

WriterHandover::WriterHandover(std::shared_ptr<SqliteBarRepository> repository, ChainStore& store,
                               IngestPipeline& pipeline, UtcSeconds loaded_since,
                               std::function<void(const ApplyStats&)> on_applied,
                               std::function<void()> on_writer)
    : repository_(std::move(repository)),
      store_(store),
      pipeline_(pipeline),
      loaded_since_(loaded_since),
      on_applied_(std::move(on_applied)),
      on_writer_(std::move(on_writer)) {
  status_.name = "writer";
  status_.detail = "waiting for " + repository_->writer_lock_holder() + " to release " +
                   repository_->path() + " (a zero-downtime handover; reads are served)";
}

WriterHandover::~WriterHandover() {
  stop();
}

void WriterHandover::start() {
  started_ = steady_clock::now();
  next_note_ = started_ + seconds{10};
  worker_.start([this](std::stop_token) { return try_take_over(); });
}

void WriterHandover::interrupt() {
  worker_.interrupt();
}

void WriterHandover::stop() {
  worker_.stop();
}

StartupCheck WriterHandover::status() const {
  MutexLock lock(mutex_);
  return status_;
}

PeriodicWorker::Delay WriterHandover::try_take_over() {
  try {
    if (repository_->take_writer_lock()) {
      take_over();
      worker_.stop();  // from the worker: it ends after this run
      return PeriodicWorker::Delay::zero();
    }
  } catch (const std::exception& e) {
    spdlog::error("handover: {}", e.what());
  }
  if (steady_clock::now() >= next_note_) {
    spdlog::info("handover: still {}", status().detail);
    next_note_ += seconds{10};
  }
  return milliseconds{100};
}

void WriterHandover::take_over() {
  // The predecessor's last writes, which the load may not have seen.
  std::vector<StrikeBar> bars;
  try {
    repository_->scan_written_since(loaded_since_, [&](const StrikeBar& b) { bars.push_back(b); });
    if (!bars.empty()) {
      const ApplyStats applied = store_.apply(bars);
      store_.record_sources(repository_->contract_days());  // where those bars came from
      if (on_applied_) on_applied_(applied);
    }
    // Its future bars of the last hour before the load began and since (a live feed writes the
    // current minutes; re-applying a bar the load saw changes nothing).
    std::vector<FutureBar> futures;
    repository_->scan_futures(loaded_since_ - hours{1}, UtcSeconds::max(),
                              [&](const FutureBar& b) { futures.push_back(b); });
    if (!futures.empty()) {
      const ApplyStats applied = store_.apply({}, BarOrigin{BarSource::unknown}, futures);
      if (on_applied_) on_applied_(applied);
    }
  } catch (const std::exception& e) {
    spdlog::error("handover: re-reading the predecessor's last writes failed: {}", e.what());
  }
  pipeline_.resume();
  {
    MutexLock lock(mutex_);
    status_.state = StartupCheck::State::passed;
    status_.detail = "writing";
  }
  spdlog::info(
      "handover: this server writes {} now (after {:.1f} s; {} bars written meanwhile "
      "by the predecessor re-read)",
      repository_->path(), duration<double>(steady_clock::now() - started_).count(), bars.size());
  if (on_writer_) on_writer_();
}

}  // namespace strikeline::app
