#include "app/simulator_feed.h"

#include <spdlog/spdlog.h>

namespace strikeline::app {

using namespace std::chrono;

SimulatorFeed::SimulatorFeed(SimulatorFeedOptions options)
    : options_(std::move(options)), market_(options_.market) {}

Timestamp SimulatorFeed::now() const {
  if (options_.clock) return options_.clock();
  return time_point_cast<microseconds>(system_clock::now());
}

void SimulatorFeed::catch_up(const BatchWriter& write, std::stop_token stop) {
  backfill(now(), write, stop);
}

void SimulatorFeed::backfill(Timestamp now, const BatchWriter& write, std::stop_token stop) {
  if (!backfill_until_) {
    // Bars from the newest stored minute on are (re)written: that minute may have been cut short.
    std::optional<UtcSeconds> newest;
    if (options_.newest_stored) newest = options_.newest_stored();
    write_from_ = newest.value_or(UtcSeconds::min());
    backfill_until_ = now;
    // The first day: `history_days` sessions back (calendar days around the clock, else trading
    // days).
    Date first = ist_date(now);
    for (int i = 0; i < options_.history_days; ++i) {
      first = options_.market.around_the_clock
                  ? first - days{1}
                  : options_.market.calendar.previous_trading_day(first);
    }
    clock_ = Timestamp{options_.market.around_the_clock
                           ? ist_time_on(first, 0min)
                           : market_.next_session_start(ist_time_on(first, 0min))};
    backfill_from_ = clock_;
  }
  const Timestamp until = *backfill_until_;
  const auto started = steady_clock::now();
  std::vector<MarketEvent> batch;
  batch.reserve(1 << 16);
  while (clock_ < until && !stop.stop_requested()) {
    const Timestamp to = std::min(until, clock_ + options_.backfill_slice);
    batch.clear();
    market_.run(clock_, to, [&](const MarketEvent& e) { batch.push_back(e); });
    clock_ = to;  // handed over below, even when the write fails (the pipeline keeps its bars)
    try {
      backfilled_bars_ += write(batch, write_from_);
    } catch (...) {
      backfill_time_ += steady_clock::now() - started;
      throw;
    }
  }
  backfill_time_ += steady_clock::now() - started;
  if (clock_ >= until) {
    spdlog::info("simulator: backfilled {} bars from {} in {:.1f} s", backfilled_bars_,
                 format_iso_utc(floor<seconds>(backfill_from_)),
                 duration<double>(backfill_time_).count());
  } else {
    spdlog::info("simulator: backfill interrupted by the stop after {} bars, at {}",
                 backfilled_bars_, format_iso_utc(floor<seconds>(clock_)));
  }
}

void SimulatorFeed::take(std::vector<MarketEvent>& out) {
  const Timestamp now = this->now();
  if (now <= clock_) return;
  market_.run(clock_, now, [&](const MarketEvent& e) { out.push_back(e); });
  clock_ = now;
}

}  // namespace strikeline::app
