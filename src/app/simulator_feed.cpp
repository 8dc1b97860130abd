#include "app/simulator_feed.h"

#include <spdlog/spdlog.h>

#include <vector>

namespace strikeline::app {

using namespace std::chrono;

namespace {

Timestamp now_utc() {
  return time_point_cast<microseconds>(system_clock::now());
}

}  // namespace

SimulatorFeed::SimulatorFeed(SimulatorFeedOptions options, IngestPipeline& pipeline)
    : options_(std::move(options)), pipeline_(pipeline), market_(options_.market) {}

SimulatorFeed::~SimulatorFeed() {
  stop();
}

void SimulatorFeed::backfill(Timestamp now) {
  backfilling_ = true;
  const auto started = steady_clock::now();
  // The first day: `history_days` sessions back (calendar days around the clock, else trading
  // days).
  Date first = ist_date(now);
  for (int i = 0; i < options_.history_days; ++i) {
    first = options_.market.around_the_clock ? first - days{1}
                                             : options_.market.calendar.previous_trading_day(first);
  }
  const Timestamp from{options_.market.around_the_clock
                           ? ist_time_on(first, 0min)
                           : market_.next_session_start(ist_time_on(first, 0min))};
  // Bars from the newest stored minute on are (re)written: that minute may have been cut short.
  const UtcSeconds write_from = options_.newest_stored.value_or(UtcSeconds::min());
  std::vector<MarketEvent> batch;
  batch.reserve(1 << 16);
  auto flush = [&] {
    backfilled_bars_ += pipeline_.ingest_events(batch, write_from);
    batch.clear();
  };
  auto interrupted_at = [&](Timestamp t) {
    backfilling_ = false;
    spdlog::info("simulator: backfill interrupted by the stop after {} bars, at {}",
                 backfilled_bars_, format_iso_utc(floor<seconds>(t)));
  };
  for (Timestamp t = from; t < now; t += 30min) {
    if (interrupted_.load()) return interrupted_at(t);
    const Timestamp to = std::min(now, t + 30min);
    market_.run(t, to, [&](const MarketEvent& e) { batch.push_back(e); });
    try {
      flush();
    } catch (const std::exception&) {
      // A stop closes the pipeline (IngestPipeline::hold) after interrupting: the step it refused
      // is the interruption, not a failure.
      if (interrupted_.load()) return interrupted_at(t);
      throw;
    }
  }
  clock_ = now;
  backfilling_ = false;
  spdlog::info("simulator: backfilled {} bars from {} in {:.1f} s", backfilled_bars_,
               format_iso_utc(floor<seconds>(from)),
               duration<double>(steady_clock::now() - started).count());
}

void SimulatorFeed::start() {
  std::lock_guard lock(mutex_);
  if (interrupted_.load() || running_.exchange(true)) return;
  thread_ = std::thread([this] { stream(); });
}

void SimulatorFeed::interrupt() {
  {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
    running_ = false;
  }
  wake_.notify_all();
}

void SimulatorFeed::stop() {
  {
    std::lock_guard lock(mutex_);
    interrupted_ = true;
    running_ = false;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void SimulatorFeed::stream() {
  std::vector<MarketEvent> batch;
  while (running_.load()) {
    const Timestamp now = now_utc();
    if (now > clock_) {
      batch.clear();
      market_.run(clock_, now, [&](const MarketEvent& e) { batch.push_back(e); });
      try {
        pipeline_.ingest_events(batch);
        if (failed_.exchange(false)) spdlog::info("simulator: writes resumed");
      } catch (const std::exception& e) {
        // The pipeline keeps the bars pending and writes them with the next batch.
        std::lock_guard lock(mutex_);
        detail_ = e.what();
        if (!failed_.exchange(true)) spdlog::error("simulator: cannot store bars: {}", e.what());
      }
      clock_ = now;
    }
    std::unique_lock lock(mutex_);
    wake_.wait_for(lock, options_.step, [this] { return !running_.load(); });
  }
}

std::string SimulatorFeed::state() const {
  if (failed_.load()) return "failed";
  if (backfilling_.load()) return "backfilling";
  return running_.load() ? "running" : "stopped";
}

std::string SimulatorFeed::detail() const {
  std::lock_guard lock(mutex_);
  return failed_.load() ? detail_ : std::string{};
}

}  // namespace strikeline::app
