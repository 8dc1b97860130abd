#include "app/ingest_pipeline.h"

#include <algorithm>

namespace strikeline::app {

namespace {

// The last version of every key, ascending by key: what writing all of `bars` in order would leave
// (a later bar replaces an earlier one with the same key). Keeps the pending bars of a long outage
// to one per bucket and strike instead of one per flush.
std::vector<StrikeBar> latest_per_key(std::vector<StrikeBar> bars) {
  std::stable_sort(bars.begin(), bars.end(),
                   [](const StrikeBar& a, const StrikeBar& b) { return a.key < b.key; });
  std::vector<StrikeBar> out;
  out.reserve(bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (i + 1 < bars.size() && bars[i + 1].key == bars[i].key) continue;  // a later one follows
    out.push_back(std::move(bars[i]));
  }
  return out;
}

bool side_misses_open_interest(const SideBar& side) {
  return !side.empty() && (!side.oi || *side.oi == 0);
}

}  // namespace

bool misses_open_interest(const StrikeBar& bar) {
  return side_misses_open_interest(bar.call) || side_misses_open_interest(bar.put);
}

IngestPipeline::IngestPipeline(BarRepository& repository, ChainStore& store,
                               AggregatorConfig config)
    : repository_(repository), store_(store), aggregator_(std::move(config)) {}

void IngestPipeline::check_open() const {
  if (held_) throw IngestUnavailable(*held_);
}

std::size_t IngestPipeline::ingest_events(std::span<const MarketEvent> events,
                                          UtcSeconds write_from) {
  std::lock_guard lock(mutex_);
  check_open();
  aggregator_.add(events);
  stats_.events += events.size();
  std::vector<StrikeBar> bars = aggregator_.drain();
  if (write_from != UtcSeconds::min()) {
    std::erase_if(bars, [&](const StrikeBar& b) { return b.key.bucket < write_from; });
  }
  return commit(std::move(bars));
}

std::size_t IngestPipeline::ingest_bars(std::span<const StrikeBar> bars) {
  std::lock_guard lock(mutex_);
  check_open();
  return commit(std::vector<StrikeBar>(bars.begin(), bars.end()));
}

void IngestPipeline::write_pending_first() {
  check_open();
  if (pending_.empty()) return;
  try {
    commit({});
  } catch (const std::exception& e) {
    throw IngestUnavailable(std::string("the store is failing: ") + e.what());
  }
}

IngestReceipt IngestPipeline::receive_events(std::span<const MarketEvent> events) {
  std::lock_guard lock(mutex_);
  write_pending_first();
  aggregator_.add(events);
  stats_.events += events.size();
  return commit_receipt(aggregator_.drain());
}

IngestReceipt IngestPipeline::receive_bars(std::span<const StrikeBar> bars) {
  std::lock_guard lock(mutex_);
  write_pending_first();
  return commit_receipt(std::vector<StrikeBar>(bars.begin(), bars.end()));
}

IngestReceipt IngestPipeline::commit_receipt(std::vector<StrikeBar> bars) {
  IngestReceipt receipt;
  const std::size_t count = bars.size();
  try {
    receipt.bars_written = commit(std::move(bars));
  } catch (const std::exception& e) {
    // commit() kept the bars pending: they will be written with a later call.
    receipt.bars_pending = count;
    receipt.failure = e.what();
  }
  return receipt;
}

void IngestPipeline::flush_pending() {
  std::lock_guard lock(mutex_);
  check_open();
  if (!pending_.empty()) commit({});
}

void IngestPipeline::hold(std::string reason) {
  std::lock_guard lock(mutex_);  // after the write in progress
  held_ = std::move(reason);
}

void IngestPipeline::resume() {
  std::lock_guard lock(mutex_);
  held_.reset();
}

std::size_t IngestPipeline::commit(std::vector<StrikeBar> bars) {
  if (!pending_.empty()) {
    // Earlier bars that could not be written go first; later versions of the same key win.
    bars.insert(bars.begin(), std::make_move_iterator(pending_.begin()),
                std::make_move_iterator(pending_.end()));
    pending_.clear();
  }
  if (bars.empty()) return 0;
  try {
    repository_.write(bars);
  } catch (...) {
    ++stats_.failed_writes;
    pending_ = latest_per_key(std::move(bars));
    throw;
  }
  for (const StrikeBar& bar : bars) {
    if (misses_open_interest(bar)) ++stats_.stored_missing_oi[bar.key.symbol];
  }
  ApplyStats applied = store_.apply(bars);
  stats_.bars_written += bars.size();
  ++stats_.batches;
  for (const Listener& l : listeners_) l(applied);
  return bars.size();
}

void IngestPipeline::list_strikes(std::string_view symbol, Expiry expiry,
                                  std::span<const Strike> strikes, Date since) {
  store_.list_strikes(symbol, expiry, strikes, since);
}

void IngestPipeline::add_listener(Listener listener) {
  std::lock_guard lock(mutex_);
  listeners_.push_back(std::move(listener));
}

IngestStats IngestPipeline::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

std::size_t IngestPipeline::pending_bars() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

AggregatorStats IngestPipeline::aggregator_stats() const {
  std::lock_guard lock(mutex_);
  return aggregator_.stats();
}

}  // namespace strikeline::app
