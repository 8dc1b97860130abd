#include "app/ingest_pipeline.h"

#include <algorithm>
#include <stdexcept>

namespace strikeline::app {

namespace {

// The last version of every key, ascending by key: what writing all of `bars` in order would leave
// (a later bar replaces an earlier one with the same key). Keeps the pending bars of a long outage
// to one per bucket and key instead of one per flush. For option bars and future bars alike.
template <class Bar>
std::vector<Bar> latest_per_key(std::vector<Bar> bars) {
  std::stable_sort(bars.begin(), bars.end(),
                   [](const Bar& a, const Bar& b) { return a.key < b.key; });
  std::vector<Bar> out;
  out.reserve(bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    if (i + 1 < bars.size() && bars[i + 1].key == bars[i].key) continue;  // a later one follows
    out.push_back(std::move(bars[i]));
  }
  return out;
}

template <class T>
void append_moved(std::vector<T>& to, std::vector<T>& from) {
  to.insert(to.end(), std::make_move_iterator(from.begin()), std::make_move_iterator(from.end()));
}

bool side_misses_open_interest(const SideBar& side) {
  return !side.empty() && (!side.oi || *side.oi == 0);
}

}  // namespace

bool misses_open_interest(const StrikeBar& bar) {
  return side_misses_open_interest(bar.call) || side_misses_open_interest(bar.put);
}

IngestPipeline::IngestPipeline(BarRepository& repository, ChainStore& store,
                               AggregatorConfig config, ProvenanceOptions provenance)
    : repository_(repository),
      store_(store),
      provenance_(provenance),
      iv_convention_(stored_iv_convention(config.iv_convention)),
      aggregator_(std::move(config)) {
  if (provenance_.feed != BarSource::market && provenance_.feed != BarSource::simulator) {
    throw std::invalid_argument("a feed's data is market or simulator data");
  }
}

void IngestPipeline::refuse_simulated(
    const std::set<std::pair<std::string, Expiry>>& contracts) const {
  const std::shared_ptr<const ChainReader> snapshot = store_.snapshot();
  std::string simulated;
  std::size_t count = 0;
  for (const auto& [symbol, expiry] : contracts) {
    if (!holds_simulated(snapshot->source(symbol, expiry))) continue;
    if (++count <= 5)
      simulated += (simulated.empty() ? "" : ", ") + symbol + " " + format_date(expiry);
  }
  if (count == 0) return;
  if (count > 5) simulated += " and " + std::to_string(count - 5) + " more";
  throw SimulatedDataConflict(
      "the store holds simulated bars (the built-in market simulator's) for " + simulated +
      ": real data is not mixed with them; start the server with --discard-simulated to remove "
      "them, or with --allow-mixed to keep both (their days marked mixed)");
}

void IngestPipeline::check_provenance(std::span<const MarketEvent> events, BarSource source) const {
  if (source != BarSource::market || provenance_.allow_mixed) return;
  std::set<std::pair<std::string, Expiry>> contracts;
  std::set<std::string> underlyings;
  for (const MarketEvent& event : events) {
    if (const auto* o = std::get_if<OptionTick>(&event)) {
      contracts.emplace(o->symbol, o->expiry);
    } else if (const auto* f = std::get_if<FutureTick>(&event)) {
      contracts.emplace(f->symbol, f->expiry);
    } else if (const auto* u = std::get_if<UnderlyingTick>(&event)) {
      underlyings.insert(u->symbol);
    }
  }
  if (!underlyings.empty()) {
    // An underlying tick updates the bars of every expiry of its symbol.
    const std::shared_ptr<const ChainReader> snapshot = store_.snapshot();
    for (const std::string& symbol : underlyings) {
      for (Expiry expiry : snapshot->expiries(symbol)) contracts.emplace(symbol, expiry);
    }
  }
  refuse_simulated(contracts);
}

void IngestPipeline::check_provenance(std::span<const StrikeBar> bars, BarSource source) const {
  if (source != BarSource::market || provenance_.allow_mixed) return;
  std::set<std::pair<std::string, Expiry>> contracts;
  for (const StrikeBar& bar : bars) contracts.emplace(bar.key.symbol, bar.key.expiry);
  refuse_simulated(contracts);
}

AggregatorHeld IngestPipeline::aggregator_held() const {
  MutexLock lock(mutex_);
  return aggregator_.held();
}

void IngestPipeline::check_open() const {
  if (held_) throw IngestUnavailable(*held_);
}

void IngestPipeline::check_leading() const {
  if (following_) throw IngestUnavailable(*following_);
}

std::size_t IngestPipeline::ingest_events(std::span<const MarketEvent> events,
                                          UtcSeconds write_from) {
  MutexLock lock(mutex_);
  check_open();
  check_provenance(events, provenance_.feed);
  aggregator_.add(events);
  stats_.events += events.size();
  Batch batch;
  batch.bars = aggregator_.drain();
  aggregator_.drain_futures(batch.futures);
  if (write_from != UtcSeconds::min()) {
    std::erase_if(batch.bars, [&](const StrikeBar& b) { return b.key.bucket < write_from; });
    std::erase_if(batch.futures, [&](const FutureBar& b) { return b.key.bucket < write_from; });
  }
  return commit(std::move(batch), BarOrigin{provenance_.feed, convention_of(events)});
}

std::size_t IngestPipeline::ingest_bars(std::span<const StrikeBar> bars) {
  MutexLock lock(mutex_);
  check_open();
  check_provenance(bars, provenance_.feed);
  return commit(Batch{std::vector<StrikeBar>(bars.begin(), bars.end()), {}}, provenance_.feed);
}

void IngestPipeline::write_pending_first() {
  check_open();
  check_leading();
  if (pending_.empty()) return;
  try {
    commit(Batch{}, BarSource::market);
  } catch (const std::exception& e) {
    throw IngestUnavailable(std::string("the store is failing: ") + e.what());
  }
}

IngestReceipt IngestPipeline::receive_events(std::span<const MarketEvent> events) {
  MutexLock lock(mutex_);
  check_open();
  check_leading();
  check_provenance(events, BarSource::market);
  write_pending_first();
  aggregator_.add(events);
  stats_.events += events.size();
  Batch batch;
  batch.bars = aggregator_.drain();
  aggregator_.drain_futures(batch.futures);
  return commit_receipt(std::move(batch), BarOrigin{BarSource::market, convention_of(events)});
}

IngestReceipt IngestPipeline::receive_bars(std::span<const StrikeBar> bars) {
  MutexLock lock(mutex_);
  check_open();
  check_leading();
  check_provenance(bars, BarSource::market);
  write_pending_first();
  return commit_receipt(Batch{std::vector<StrikeBar>(bars.begin(), bars.end()), {}},
                        BarSource::market);
}

IngestReceipt IngestPipeline::commit_receipt(Batch batch, BarOrigin source) {
  IngestReceipt receipt;
  const std::size_t count = batch.bars.size();
  try {
    receipt.bars_written = commit(std::move(batch), source);
    // Fenced in this very write: the client's data was withheld, not written.
    check_leading();
  } catch (const IngestUnavailable&) {
    throw;
  } catch (const std::exception& e) {
    // commit() kept the bars pending: they will be written with a later call.
    receipt.bars_pending = count;
    receipt.failure = e.what();
  }
  return receipt;
}

void IngestPipeline::flush_pending() {
  MutexLock lock(mutex_);
  check_open();
  check_leading();  // a follower has nothing pending: its bars are withheld
  if (!pending_.empty()) commit(Batch{}, BarSource::market);
}

void IngestPipeline::follow(std::string reason) {
  MutexLock lock(mutex_);  // after the write in progress
  start_following(std::move(reason));
}

std::size_t IngestPipeline::lead(std::optional<UtcSeconds> from) {
  MutexLock lock(mutex_);
  following_.reset();
  if (from) withheld_from_ = std::max(withheld_from_, *from);
  prune_withheld();
  for (auto& [origin, batch] : withheld_) {
    Batch& kept = pending_[origin];
    append_moved(kept.bars, batch.bars);
    append_moved(kept.futures, batch.futures);
    kept.bars = latest_per_key(std::move(kept.bars));
    kept.futures = latest_per_key(std::move(kept.futures));
  }
  withheld_.clear();
  withheld_from_ = UtcSeconds::min();
  if (pending_.empty()) return 0;
  return commit(Batch{}, pending_.begin()->first);
}

void IngestPipeline::forget_withheld_before(UtcSeconds bucket) {
  MutexLock lock(mutex_);
  withheld_from_ = std::max(withheld_from_, bucket);
  prune_withheld();
}

bool IngestPipeline::following() const {
  MutexLock lock(mutex_);
  return following_.has_value();
}

std::size_t IngestPipeline::withheld_bars() const {
  MutexLock lock(mutex_);
  std::size_t count = 0;
  for (const auto& [origin, batch] : withheld_) count += batch.bars.size() + batch.futures.size();
  return count;
}

void IngestPipeline::on_fenced(FencedListener listener) {
  MutexLock lock(mutex_);
  on_fenced_ = std::move(listener);
}

void IngestPipeline::prune_withheld() {
  const UtcSeconds from = withheld_from_;  // a copy: the lambdas below are not seen to hold mutex_
  for (auto it = withheld_.begin(); it != withheld_.end();) {
    Batch& batch = it->second;
    std::erase_if(batch.bars, [from](const StrikeBar& b) { return b.key.bucket < from; });
    std::erase_if(batch.futures, [from](const FutureBar& b) { return b.key.bucket < from; });
    batch.bars = latest_per_key(std::move(batch.bars));
    batch.futures = latest_per_key(std::move(batch.futures));
    it = batch.bars.empty() && batch.futures.empty() ? withheld_.erase(it) : std::next(it);
  }
}

std::size_t IngestPipeline::withhold(Batch batch, BarOrigin origin) {
  if (batch.bars.empty() && batch.futures.empty()) return 0;
  const ApplyStats applied = store_.apply(batch.bars, origin, batch.futures);
  for (const Listener& l : listeners_) l(applied);
  Batch& kept = withheld_[origin];
  append_moved(kept.bars, batch.bars);
  append_moved(kept.futures, batch.futures);
  prune_withheld();
  return 0;
}

void IngestPipeline::start_following(std::string reason) {
  following_ = std::move(reason);
  for (auto& [origin, batch] : pending_) {
    Batch& kept = withheld_[origin];
    append_moved(kept.bars, batch.bars);
    append_moved(kept.futures, batch.futures);
  }
  pending_.clear();
  prune_withheld();
}

void IngestPipeline::fenced(const std::string& why) {
  start_following("this writer lost the writer lease (" + why + "); send writes to the leader");
  if (on_fenced_) on_fenced_(why);
}

void IngestPipeline::hold(std::string reason) {
  MutexLock lock(mutex_);  // after the write in progress
  held_ = std::move(reason);
}

void IngestPipeline::resume() {
  MutexLock lock(mutex_);
  held_.reset();
}

StoredIvConvention IngestPipeline::convention_of(std::span<const MarketEvent> events) const {
  for (const MarketEvent& e : events) {
    if (const auto* tick = std::get_if<OptionTick>(&e); tick && tick->iv)
      return StoredIvConvention::unknown;
  }
  return iv_convention_;
}

std::size_t IngestPipeline::commit(Batch batch, BarOrigin source) {
  if (following_) return withhold(std::move(batch), source);
  try {
    return write_in_order(std::move(batch), source);
  } catch (const WriteFenced& e) {
    // write_in_order() kept the batch pending; the bars are applied as a follower's.
    for (const auto& [origin, kept] : pending_) {
      const ApplyStats applied = store_.apply(kept.bars, origin, kept.futures);
      for (const Listener& l : listeners_) l(applied);
    }
    fenced(e.what());
    return 0;
  }
}

std::size_t IngestPipeline::write_in_order(Batch batch, BarOrigin source) {
  std::size_t written = 0;
  // Earlier bars of another source that could not be written go first, as their own batch.
  for (auto it = pending_.begin(); it != pending_.end();) {
    if (it->first == source) {
      ++it;
      continue;
    }
    try {
      store_batch(it->second, it->first);
    } catch (...) {
      Batch& kept = pending_[source];
      append_moved(kept.bars, batch.bars);
      append_moved(kept.futures, batch.futures);
      kept.bars = latest_per_key(std::move(kept.bars));
      kept.futures = latest_per_key(std::move(kept.futures));
      throw;
    }
    written += it->second.bars.size();
    it = pending_.erase(it);
  }
  if (auto same = pending_.find(source); same != pending_.end()) {
    // Earlier bars that could not be written go first; later versions of the same key win.
    batch.bars.insert(batch.bars.begin(), std::make_move_iterator(same->second.bars.begin()),
                      std::make_move_iterator(same->second.bars.end()));
    batch.futures.insert(batch.futures.begin(),
                         std::make_move_iterator(same->second.futures.begin()),
                         std::make_move_iterator(same->second.futures.end()));
    pending_.erase(same);
  }
  if (batch.bars.empty() && batch.futures.empty()) return written;
  try {
    store_batch(batch, source);
  } catch (...) {
    Batch& kept = pending_[source];
    kept.bars = latest_per_key(std::move(batch.bars));
    kept.futures = latest_per_key(std::move(batch.futures));
    throw;
  }
  return written + batch.bars.size();
}

void IngestPipeline::store_batch(const Batch& batch, BarOrigin source) {
  try {
    repository_.write_with_futures(batch.bars, batch.futures, source);
  } catch (const WriteFenced&) {
    throw;  // not a failure of the database: this writer steps down (commit)
  } catch (...) {
    ++stats_.failed_writes;
    throw;
  }
  for (const StrikeBar& bar : batch.bars) {
    if (misses_open_interest(bar)) ++stats_.stored_missing_oi[bar.key.symbol];
  }
  ApplyStats applied = store_.apply(batch.bars, source, batch.futures);
  stats_.bars_written += batch.bars.size();
  stats_.future_bars_written += batch.futures.size();
  ++stats_.batches;
  for (const Listener& l : listeners_) l(applied);
}

void IngestPipeline::list_strikes(std::string_view symbol, Expiry expiry,
                                  std::span<const Strike> strikes, Date since) {
  store_.list_strikes(symbol, expiry, strikes, since);
}

void IngestPipeline::add_listener(Listener listener) {
  MutexLock lock(mutex_);
  listeners_.push_back(std::move(listener));
}

IngestStats IngestPipeline::stats() const {
  MutexLock lock(mutex_);
  return stats_;
}

std::size_t IngestPipeline::pending_bars() const {
  MutexLock lock(mutex_);
  std::size_t count = 0;
  for (const auto& [source, batch] : pending_) count += batch.bars.size() + batch.futures.size();
  return count;
}

AggregatorStats IngestPipeline::aggregator_stats() const {
  MutexLock lock(mutex_);
  return aggregator_.stats();
}

}  // namespace strikeline::app
