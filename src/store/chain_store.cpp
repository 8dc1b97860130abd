#include "store/chain_store.h"

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <thread>
#include <tuple>

#include "store/bar_validation.h"
#include "store/chain_tree_editor.h"
#include "store/contract_day_batch.h"

namespace strikeline {

namespace {

// Moves one day's chunks out of the tree (their slots stay, with a null chunk) into a ColdDay.
std::shared_ptr<ColdDay> evict_day(ChainTreeEditor& editor, Date day) {
  auto cold = std::make_shared<ColdDay>();
  cold->day = day;
  std::vector<std::pair<std::string, Expiry>> holders;
  for (const auto& [symbol, symbol_chain] : editor.tree()) {
    for (const auto& [expiry, chain] : symbol_chain->expiries) {
      const DaySlot* slot = chain->find(day);
      if (slot && slot->chunk) holders.emplace_back(symbol, expiry);
    }
  }
  for (const auto& [symbol, expiry] : holders) {
    DaySlot& slot = editor.chain(symbol, expiry).slot(day);
    cold->chunks[symbol][expiry] = std::move(slot.chunk);
    slot.chunk = nullptr;
  }
  return cold;
}

// Puts a loaded day's chunks into their slots: the day is in memory from then on. Returns the
// bars.
std::size_t install_day(ChainTreeEditor& editor, const ColdDay& loaded) {
  std::size_t bars = 0;
  for (const auto& [symbol, by_expiry] : loaded.chunks) {
    for (const auto& [expiry, chunk] : by_expiry) {
      DaySlot& slot = editor.chain(symbol, expiry).slot(loaded.day);
      slot.chunk = chunk;
      slot.first_minute = chunk->first_minute;
      slot.last_minute = chunk->last_minute;
      slot.day_state = chunk->final_state();
      bars += chunk->bar_count;
    }
  }
  return bars;
}

// Openings from the DaySource's states_before(), one read per day for the whole store.
class SourceOpenings {
 public:
  explicit SourceOpenings(DaySource* source) : source_(source) {}
  // A day whose openings were read already (a ColdDay holds them).
  void know(const ColdDay& day) { days_.try_emplace(day.day, day.openings); }
  // The opening of a contract on a day; null without a source. May throw StorageError.
  std::shared_ptr<const StateRow> get(std::string_view symbol, Expiry expiry, Date day) {
    if (!source_) return nullptr;
    auto it = days_.find(day);
    if (it == days_.end()) it = days_.emplace(day, opening_rows(source_->states_before(day))).first;
    static const auto kNothing = std::make_shared<const StateRow>();
    auto by_symbol = it->second.find(symbol);
    if (by_symbol == it->second.end()) return kNothing;
    auto row = by_symbol->second.find(expiry);
    return row == by_symbol->second.end() ? kNothing : row->second;
  }

 private:
  DaySource* source_;
  std::map<Date,
           std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>>>
      days_;
};

// Recomputes the openings of the days of `chain` from `from` on: each from the day before's
// opening and own state. The first day of a chain opens empty. A resident day whose predecessor's
// state is not known in memory (a day older than the start-up window) takes its opening from the
// source; a cold one keeps it unknown (null: its ColdDay brings it when read).
void carry_states(ExpiryChain& chain, std::string_view symbol, Expiry expiry, Date from,
                  SourceOpenings& source) {
  static const auto kNothing = std::make_shared<const StateRow>();
  auto it = std::lower_bound(chain.days.begin(), chain.days.end(), from,
                             [](const DaySlot& slot, Date d) { return slot.day < d; });
  for (; it != chain.days.end(); ++it) {
    if (it == chain.days.begin()) {
      it->opening = kNothing;
      continue;
    }
    const DaySlot& previous = *(it - 1);
    if (previous.opening && previous.day_state) {
      it->opening =
          std::make_shared<const StateRow>(merged(*previous.opening, *previous.day_state));
    } else {
      it->opening = it->chunk ? source.get(symbol, expiry, it->day) : nullptr;
    }
  }
}

}  // namespace

ChainStore::ChainStore(ChainStoreOptions options, std::shared_ptr<DaySource> source)
    : options_(options), source_(std::move(source)) {
  if (source_) history_ = std::make_shared<ColdDayCache>(source_, options_.history_cache_days);
  published_.store(std::make_shared<const ChainSnapshot>(ChainTree{}, nullptr, history_, 0));
}

std::set<Date> ChainStore::window_of(const std::set<Date>& days) const {
  if (!source_ || options_.window_days == 0 || days.size() <= options_.window_days) return days;
  auto first = days.end();
  std::advance(first, -static_cast<std::ptrdiff_t>(options_.window_days));
  return {first, days.end()};
}

namespace {

// `touched` (ascending by symbol, expiry) with the contracts of `future_bars` added: a future's
// (symbol, expiry) is the option chain's of the same expiry, whose header (its `future`) changed.
std::vector<TouchedContract> touched_by(std::span<const FutureBar> future_bars,
                                        std::vector<TouchedContract> touched) {
  if (future_bars.empty()) return touched;
  std::map<std::pair<std::string, Expiry>, std::pair<UtcSeconds, UtcSeconds>> spans;
  const auto add = [&](const std::string& symbol, Expiry expiry, UtcSeconds first,
                       UtcSeconds last) {
    auto [it, inserted] = spans.try_emplace({symbol, expiry}, first, last);
    if (!inserted) {
      it->second.first = std::min(it->second.first, first);
      it->second.second = std::max(it->second.second, last);
    }
  };
  for (const TouchedContract& t : touched) add(t.symbol, t.expiry, t.first_bucket, t.last_bucket);
  for (const FutureBar& f : future_bars)
    add(f.key.symbol, f.key.expiry, f.key.bucket, f.key.bucket);
  std::vector<TouchedContract> out;
  out.reserve(spans.size());
  for (const auto& [contract, span] : spans)
    out.push_back({contract.first, contract.second, span.first, span.second});
  return out;
}

}  // namespace

ApplyStats ChainStore::apply(std::span<const StrikeBar> one_minute_bars, BarOrigin origin,
                             std::span<const FutureBar> future_bars) {
  const BarSource source = origin.source;
  std::lock_guard lock(writer_);
  OneMinuteBarChecker checker;
  for (std::size_t i = 0; i < one_minute_bars.size(); ++i) {
    if (auto problem = checker.problem(one_minute_bars[i])) {
      throw std::invalid_argument("chain store: bar #" + std::to_string(i) + " (" +
                                  describe_key(one_minute_bars[i].key) + "): " + *problem +
                                  "; nothing of the batch was applied");
    }
  }
  for (std::size_t i = 0; i < future_bars.size(); ++i) {
    if (auto problem = future_bar_problem(future_bars[i])) {
      throw std::invalid_argument("chain store: future bar #" + std::to_string(i) + " (" +
                                  future_bars[i].key.symbol + " " +
                                  format_date(future_bars[i].key.expiry) + "): " + *problem +
                                  "; nothing of the batch was applied");
    }
  }
  const std::shared_ptr<const ChainSnapshot> current = published_.load();
  ApplyStats stats;
  stats.bars = one_minute_bars.size();
  stats.future_bars = future_bars.size();
  stats.version = current->version();
  std::shared_ptr<const FuturesBook> futures = current->futures_book();
  if (!future_bars.empty()) {
    futures =
        std::make_shared<const FuturesBook>((futures ? *futures : FuturesBook{}).with(future_bars));
  }
  if (one_minute_bars.empty()) {
    if (future_bars.empty()) return stats;
    stats.touched = touched_by(future_bars, {});
    stats.version = current->version() + 1;
    published_.store(std::make_shared<const ChainSnapshot>(
        current->tree(), current->generations(), history_, stats.version, current->listings(),
        std::move(futures)));
    return stats;
  }

  const std::vector<ContractDayBatch> batches = group_by_contract_day(one_minute_bars);
  std::set<Date> known = known_days_;
  for (const ContractDayBatch& batch : batches) known.insert(batch.day);
  const std::set<Date> window = window_of(known);
  // A window day is in memory, or new; anything else is read through the history cache.
  const auto resident = [&](Date day) {
    return window.contains(day) && (resident_days_.contains(day) || !known_days_.contains(day));
  };
  std::set<Date> resident_after;
  for (Date day : window) {
    if (resident(day)) resident_after.insert(day);
  }

  // Days outside the window are read first: the only step that can fail, before anything changes.
  std::map<Date, std::shared_ptr<const ColdDay>> cold_base;
  for (const ContractDayBatch& batch : batches) {
    if (!resident(batch.day) && !cold_base.contains(batch.day)) {
      cold_base[batch.day] = history_->get(batch.day, current->generation_of(batch.day));
    }
  }

  ChainTreeEditor editor(current->tree());
  std::map<Date, std::shared_ptr<ColdDay>> cold_edits;
  std::map<std::pair<std::string_view, Expiry>, std::pair<UtcSeconds, UtcSeconds>> touched;
  for (const ContractDayBatch& batch : batches) {
    ExpiryChain& expiry_chain = editor.chain(batch.symbol, batch.expiry);
    const bool new_day = expiry_chain.find(batch.day) == nullptr;
    DaySlot& slot = expiry_chain.slot(batch.day);
    if (source != BarSource::unknown) {
      slot.source = new_day ? source : combined(slot.source, source);
    }
    slot.iv_convention = combined(slot.iv_convention, origin.iv_convention);
    std::shared_ptr<const DayChunk> chunk;
    if (resident(batch.day)) {
      chunk = edit_day_chunk(slot.chunk.get(), batch.day, batch.bars);
      slot.chunk = chunk;
    } else {
      std::shared_ptr<ColdDay>& edit = cold_edits[batch.day];
      if (!edit) edit = std::make_shared<ColdDay>(*cold_base.at(batch.day));
      chunk = edit_day_chunk(edit->find(batch.symbol, batch.expiry), batch.day, batch.bars);
      edit->chunks[std::string(batch.symbol)][batch.expiry] = chunk;
      if (!slot.opening) slot.opening = edit->opening(batch.symbol, batch.expiry);
    }
    slot.first_minute = chunk->first_minute;
    slot.last_minute = chunk->last_minute;
    slot.day_state = chunk->final_state();
    auto [it, inserted] =
        touched.try_emplace({batch.symbol, batch.expiry}, batch.bars.front()->key.bucket,
                            batch.bars.back()->key.bucket);
    if (!inserted) {
      it->second.first = std::min(it->second.first, batch.bars.front()->key.bucket);
      it->second.second = std::max(it->second.second, batch.bars.back()->key.bucket);
    }
  }

  // The carried state of every day from the earliest one each contract's edit touched (reading
  // the source where a day before is not in memory: before anything is published).
  SourceOpenings openings(source_.get());
  std::optional<Date> earliest;
  for (const auto& [contract, span] : touched) {
    const Date first = ist_date(span.first);
    carry_states(editor.chain(contract.first, contract.second), contract.first, contract.second,
                 first, openings);
    if (!earliest || first < *earliest) earliest = first;
  }
  // Cold days after an edited day: the openings their cached copies hold may have changed.
  std::vector<Date> stale;
  for (Date day : known) {
    if (earliest && day > *earliest && !resident_after.contains(day) && !cold_edits.contains(day)) {
      stale.push_back(day);
    }
  }

  std::shared_ptr<const DayGenerations> generations = current->generations();
  const bool evicting = std::any_of(resident_days_.begin(), resident_days_.end(),
                                    [&](Date day) { return !window.contains(day); });
  if (!cold_edits.empty() || evicting || !stale.empty()) {
    auto next = generations ? std::make_shared<DayGenerations>(*generations)
                            : std::make_shared<DayGenerations>();
    for (Date day : stale) ++(*next)[day];
    for (auto& [day, edit] : cold_edits) history_->put(day, ++(*next)[day], edit);
    for (Date day : resident_days_) {
      if (!window.contains(day)) history_->put(day, ++(*next)[day], evict_day(editor, day));
    }
    generations = next;
  }

  known_days_ = std::move(known);
  resident_days_ = std::move(resident_after);

  stats.contract_days = batches.size();
  std::vector<TouchedContract> options_touched;
  for (const auto& [contract, span] : touched) {
    options_touched.push_back(
        {std::string(contract.first), contract.second, span.first, span.second});
  }
  stats.touched = touched_by(future_bars, std::move(options_touched));
  stats.version = current->version() + 1;
  published_.store(std::make_shared<const ChainSnapshot>(editor.release(), std::move(generations),
                                                         history_, stats.version,
                                                         current->listings(), std::move(futures)));
  return stats;
}

void ChainStore::load_futures(std::span<const FutureBar> bars) {
  std::lock_guard lock(writer_);
  const std::shared_ptr<const ChainSnapshot> current = published_.load();
  auto futures = std::make_shared<const FuturesBook>(FuturesBook{}.with(bars));
  published_.store(std::make_shared<const ChainSnapshot>(current->tree(), current->generations(),
                                                         history_, current->version() + 1,
                                                         current->listings(), std::move(futures)));
}

WindowLoadStats ChainStore::load_window(std::size_t resident_days) {
  std::lock_guard lock(writer_);
  WindowLoadStats stats;
  if (!source_) return stats;
  const std::vector<ContractDay> catalogue = source_->contract_days();
  ChainTreeEditor editor(ChainTree{});
  std::set<Date> known;
  for (const ContractDay& entry : catalogue) {
    known.insert(entry.day);
    DaySlot& slot = editor.chain(entry.symbol, entry.expiry).slot(entry.day);
    slot.first_minute = entry.first_bucket;
    slot.last_minute = entry.last_bucket;
    slot.source = entry.source;
    slot.iv_convention = entry.iv_convention;
  }
  const std::set<Date> window = window_of(known);
  // The newest `resident_days` of the window now; the rest stay cold until warm_window().
  std::vector<Date> days(window.begin(), window.end());
  if (resident_days != 0 && resident_days < days.size()) {
    days.erase(days.begin(), days.end() - static_cast<std::ptrdiff_t>(resident_days));
  }

  // Days are read and built in parallel (each worker reads whole days from the source); a single
  // day with threads to spare is read on one while another builds it.
  std::vector<std::shared_ptr<const ColdDay>> loaded(days.size());
  std::vector<std::exception_ptr> errors(days.size());
  std::atomic<std::size_t> next{0};
  std::size_t threads = options_.load_threads;
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const bool overlap = threads > days.size();
  threads = std::min(threads, days.size());
  const auto worker = [&] {
    for (std::size_t i; (i = next++) < days.size();) {
      try {
        loaded[i] = read_cold_day(*source_, days[i], /*with_openings=*/false, overlap);
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();
  for (std::thread& thread : pool) thread.join();
  for (const std::exception_ptr& error : errors) {
    if (error) std::rethrow_exception(error);
  }

  for (const std::shared_ptr<const ColdDay>& day : loaded) {
    stats.bars_skipped += day->skipped_bars;
    stats.bars_loaded += install_day(editor, *day);
    ++stats.days_loaded;
  }
  stats.days_known = known.size();
  std::vector<std::pair<std::string, Expiry>> contracts;
  for (const auto& [symbol, symbol_chain] : editor.tree()) {
    for (const auto& [expiry, chain] : symbol_chain->expiries)
      contracts.emplace_back(symbol, expiry);
  }
  SourceOpenings openings(source_.get());
  for (const auto& [symbol, expiry] : contracts) {
    ExpiryChain& chain = editor.chain(symbol, expiry);
    if (!chain.days.empty()) carry_states(chain, symbol, expiry, chain.days.front().day, openings);
  }

  // A fresh history cache: nothing cached for the previous content can be mistaken for this one.
  history_ = std::make_shared<ColdDayCache>(source_, options_.history_cache_days);
  known_days_ = std::move(known);
  resident_days_ = std::set<Date>(days.begin(), days.end());
  const std::shared_ptr<const ChainSnapshot> before = published_.load();
  published_.store(std::make_shared<const ChainSnapshot>(editor.release(), nullptr, history_,
                                                         before->version() + 1, before->listings(),
                                                         before->futures_book()));
  return stats;
}

std::size_t ChainStore::cold_window_days() const {
  std::lock_guard lock(writer_);
  std::size_t cold = 0;
  for (Date day : window_of(known_days_)) cold += !resident_days_.contains(day);
  return cold;
}

WarmStats ChainStore::warm_window(std::stop_token stop,
                                  const std::function<void(const WarmedDay&)>& on_day) {
  // A day read again this many times because applies kept editing it stays cold (still served).
  constexpr std::size_t kMaxReads = 4;
  WarmStats stats;
  std::map<Date, std::size_t> reads;
  for (;;) {
    Date day;
    std::uint64_t generation = 0;
    std::shared_ptr<ColdDayCache> history;
    {
      std::lock_guard lock(writer_);
      const std::set<Date> window = window_of(known_days_);
      std::optional<Date> coldest;  // the newest day not in memory
      for (auto it = window.rbegin(); it != window.rend(); ++it) {
        if (!resident_days_.contains(*it) && reads[*it] < kMaxReads) {
          coldest = *it;
          break;
        }
      }
      if (!coldest || !source_) return stats;
      day = *coldest;
      generation = published_.load()->generation_of(day);
      history = history_;
    }
    if (stop.stop_requested()) {
      stats.stopped = true;
      return stats;
    }
    if (reads[day]++ > 0) ++stats.retries;
    std::shared_ptr<const ColdDay> loaded;
    try {
      loaded = history->get(day, generation, stop);
    } catch (const ColdDayLoadStopped&) {
      stats.stopped = true;
      return stats;
    }

    WarmedDay warmed{.day = day};
    {
      std::lock_guard lock(writer_);
      const std::shared_ptr<const ChainSnapshot> current = published_.load();
      // Read again when an apply edited the day meanwhile (its generation moved on), or when a
      // new load_window() replaced the content; skip it when it left the window or is in already.
      if (history != history_ || current->generation_of(day) != generation) continue;
      const std::set<Date> window = window_of(known_days_);
      if (!window.contains(day) || resident_days_.contains(day)) continue;
      ChainTreeEditor editor(current->tree());
      warmed.bars = install_day(editor, *loaded);
      // The carried states from this day on of the contracts put in (the day before is cold or
      // older: its openings, which the loaded day holds, are the source's).
      SourceOpenings openings(source_.get());
      openings.know(*loaded);
      for (const auto& [symbol, by_expiry] : loaded->chunks) {
        for (const auto& [expiry, chunk] : by_expiry)
          carry_states(editor.chain(symbol, expiry), symbol, expiry, day, openings);
      }
      resident_days_.insert(day);
      history_->forget(day);
      published_.store(std::make_shared<const ChainSnapshot>(
          editor.release(), current->generations(), history_, current->version() + 1,
          current->listings(), current->futures_book()));
      for (Date d : window) warmed.resident_days += resident_days_.contains(d);
      warmed.window_days = window.size();
    }
    ++stats.days_loaded;
    stats.bars_loaded += warmed.bars;
    if (on_day) on_day(warmed);
  }
}

void ChainStore::record_sources(std::span<const ContractDay> days) {
  std::lock_guard lock(writer_);
  const std::shared_ptr<const ChainSnapshot> current = published_.load();
  ChainTreeEditor editor(current->tree());
  bool changed = false;
  for (const ContractDay& day : days) {
    const auto symbol = current->tree().find(day.symbol);
    if (symbol == current->tree().end()) continue;
    const auto expiry = symbol->second->expiries.find(day.expiry);
    if (expiry == symbol->second->expiries.end()) continue;
    const DaySlot* known = expiry->second->find(day.day);
    if (!known || (known->source == day.source && known->iv_convention == day.iv_convention))
      continue;
    DaySlot& slot = editor.chain(day.symbol, day.expiry).slot(day.day);
    slot.source = day.source;
    slot.iv_convention = day.iv_convention;
    changed = true;
  }
  if (!changed) return;
  published_.store(std::make_shared<const ChainSnapshot>(
      editor.release(), current->generations(), history_, current->version() + 1,
      current->listings(), current->futures_book()));
}

void ChainStore::list_strikes(std::string_view symbol, Expiry expiry,
                              std::span<const Strike> strikes, Date since) {
  std::lock_guard lock(writer_);
  const std::shared_ptr<const ChainSnapshot> current = published_.load();
  const StrikeListings& before = current->listings() ? *current->listings() : StrikeListings{};
  auto listings =
      std::make_shared<const StrikeListings>(before.with(symbol, expiry, strikes, since));
  published_.store(std::make_shared<const ChainSnapshot>(
      current->tree(), current->generations(), history_, current->version() + 1,
      std::move(listings), current->futures_book()));
}

StoreMemory ChainStore::memory() const {
  const std::shared_ptr<const ChainSnapshot> snap = published_.load();
  StoreMemory out;
  std::set<Date> days;
  out.heap_bytes = sizeof(ChainSnapshot);
  for (const auto& [symbol, symbol_chain] : snap->tree()) {
    out.heap_bytes += sizeof(SymbolChain) + symbol.capacity() + 64;
    for (const auto& [expiry, chain] : symbol_chain->expiries) {
      out.heap_bytes += sizeof(ExpiryChain) + chain->days.capacity() * sizeof(DaySlot) + 64;
      for (const DaySlot& slot : chain->days) {
        if (!slot.chunk) continue;
        days.insert(slot.day);
        out.heap_bytes += slot.chunk->heap_bytes();
        out.one_minute_bars += slot.chunk->bar_count;
      }
    }
  }
  out.resident_days = days.size();
  if (const auto& history = snap->history()) out.history = history->stats();
  return out;
}

}  // namespace strikeline
