#include "store/cold_day.h"

#include <algorithm>
#include <cassert>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "core/timestamp.h"
#include "store/bar_validation.h"
#include "store/contract_day_batch.h"

namespace strikeline {

const DayChunk* ColdDay::find(std::string_view symbol, Expiry expiry) const {
  auto by_symbol = chunks.find(symbol);
  if (by_symbol == chunks.end()) return nullptr;
  auto it = by_symbol->second.find(expiry);
  return it == by_symbol->second.end() ? nullptr : it->second.get();
}

std::shared_ptr<const StateRow> ColdDay::opening(std::string_view symbol, Expiry expiry) const {
  static const auto kNothing = std::make_shared<const StateRow>();
  auto by_symbol = openings.find(symbol);
  if (by_symbol == openings.end()) return kNothing;
  auto it = by_symbol->second.find(expiry);
  return it == by_symbol->second.end() ? kNothing : it->second;
}

std::size_t ColdDay::heap_bytes() const {
  std::size_t bytes = sizeof(ColdDay);
  for (const auto& [symbol, by_expiry] : chunks) {
    for (const auto& [expiry, chunk] : by_expiry) bytes += chunk->heap_bytes();
  }
  for (const auto& [symbol, by_expiry] : openings) {
    for (const auto& [expiry, row] : by_expiry) bytes += sizeof(StateRow) + row->heap_bytes();
  }
  return bytes;
}

std::size_t ColdDay::bar_count() const {
  std::size_t bars = 0;
  for (const auto& [symbol, by_expiry] : chunks) {
    for (const auto& [expiry, chunk] : by_expiry) bars += chunk->bar_count;
  }
  return bars;
}

std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> opening_rows(
    std::span<const ContractDayState> before) {
  std::map<std::pair<std::string, Expiry>, std::vector<ContractDayState>> by_chain;
  for (const ContractDayState& s : before) by_chain[{s.symbol, s.expiry}].push_back(s);
  std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> out;
  for (const auto& [chain, contracts] : by_chain) {
    out[chain.first][chain.second] = std::make_shared<const StateRow>(opening_row(contracts));
  }
  return out;
}

ColdDayBuilder::ColdDayBuilder(Date day) : out_(std::make_shared<ColdDay>()) {
  out_->day = day;
}

void ColdDayBuilder::add_slice(std::span<const StrikeBar> bars) {
  assert(out_ && "finish() was called");
  std::vector<StrikeBar> kept;
  std::span<const StrikeBar> usable = bars;
  const auto storable = [&](const StrikeBar& bar) {
    return ist_date(bar.key.bucket) == out_->day && !checker_.problem(bar);
  };
  if (!std::all_of(bars.begin(), bars.end(), storable)) {
    for (const StrikeBar& bar : bars) {
      if (!storable(bar)) {
        ++out_->skipped_bars;
      } else {
        kept.push_back(bar);
      }
    }
    usable = kept;
  }
  for (const ContractDayBatch& batch : group_by_contract_day(usable)) {
    auto& by_expiry = out_->chunks[std::string(batch.symbol)];
    std::shared_ptr<const DayChunk>& chunk = by_expiry[batch.expiry];
    chunk = edit_day_chunk(chunk.get(), batch.day, batch.bars);
  }
}

std::shared_ptr<const ColdDay> ColdDayBuilder::finish(std::span<const ContractDayState> before) {
  out_->openings = opening_rows(before);
  return std::move(out_);
}

namespace {

// Slices of a day read on one thread and built on another: at most kQueued wait to be built.
class SliceQueue {
 public:
  static constexpr std::size_t kQueued = 4;

  // The reader's: false once the builder gave up (the reader then stops).
  bool push(std::vector<StrikeBar> slice) {
    std::unique_lock lock(mutex_);
    room_.wait(lock, [&] { return slices_.size() < kQueued || abandoned_; });
    if (abandoned_) return false;
    slices_.push_back(std::move(slice));
    ready_.notify_one();
    return true;
  }
  void close(std::exception_ptr error) {
    std::lock_guard lock(mutex_);
    closed_ = true;
    error_ = error;
    ready_.notify_one();
  }
  // The builder's: the next slice, or nothing once the reader is done (its error rethrown).
  std::optional<std::vector<StrikeBar>> pop() {
    std::unique_lock lock(mutex_);
    ready_.wait(lock, [&] { return !slices_.empty() || closed_; });
    if (slices_.empty()) {
      if (error_) std::rethrow_exception(error_);
      return std::nullopt;
    }
    std::vector<StrikeBar> slice = std::move(slices_.front());
    slices_.pop_front();
    room_.notify_one();
    return slice;
  }
  void abandon() {
    std::lock_guard lock(mutex_);
    abandoned_ = true;
    room_.notify_one();
  }

 private:
  std::mutex mutex_;
  std::condition_variable ready_, room_;
  std::deque<std::vector<StrikeBar>> slices_;
  bool closed_ = false, abandoned_ = false;
  std::exception_ptr error_;
};

// Cuts bars handed over in time order into 15-minute slices (a page's span; IST's offset is a
// multiple of it), each handed to `emit` whole.
class DaySlicer {
 public:
  explicit DaySlicer(std::function<void(std::vector<StrikeBar>&&)> emit) : emit_(std::move(emit)) {}
  void add(const StrikeBar& bar) {
    const std::int64_t t = bar.key.bucket.time_since_epoch().count();
    const std::int64_t block = (t >= 0 ? t : t - 899) / 900;
    if (!slice_.empty() && block != block_) flush();
    if (slice_.empty()) slice_.reserve(4096);
    block_ = block;
    slice_.push_back(bar);
  }
  void flush() {
    if (slice_.empty()) return;
    emit_(std::move(slice_));
    slice_ = {};
  }

 private:
  std::function<void(std::vector<StrikeBar>&&)> emit_;
  std::vector<StrikeBar> slice_;
  std::int64_t block_ = 0;
};

// Thrown inside the reader's callback to end a read the builder gave up.
struct ReadAbandoned {};

}  // namespace

std::shared_ptr<const ColdDay> read_cold_day(DaySource& source, Date day, bool with_openings,
                                             bool overlap, std::stop_token stop) {
  std::size_t seen = 0;
  const auto check_stop = [&] {
    if ((seen++ & 0xfff) == 0 && stop.stop_requested()) {
      throw ColdDayLoadStopped("chain store: the read of " + format_date(day) + " was stopped");
    }
  };
  ColdDayBuilder builder(day);
  if (!overlap) {
    DaySlicer slicer([&](std::vector<StrikeBar>&& slice) { builder.add_slice(slice); });
    source.load_day(day, [&](const StrikeBar& bar) {
      check_stop();
      slicer.add(bar);
    });
    slicer.flush();
  } else {
    SliceQueue queue;
    std::thread reader([&] {
      std::exception_ptr error;
      try {
        DaySlicer slicer([&](std::vector<StrikeBar>&& slice) {
          if (!queue.push(std::move(slice))) throw ReadAbandoned{};
        });
        source.load_day(day, [&](const StrikeBar& bar) {
          check_stop();
          slicer.add(bar);
        });
        slicer.flush();
      } catch (const ReadAbandoned&) {
      } catch (...) {
        error = std::current_exception();
      }
      queue.close(error);
    });
    try {
      while (std::optional<std::vector<StrikeBar>> slice = queue.pop()) builder.add_slice(*slice);
    } catch (...) {
      queue.abandon();
      reader.join();
      throw;
    }
    reader.join();
  }
  if (stop.stop_requested()) {
    throw ColdDayLoadStopped("chain store: the read of " + format_date(day) + " was stopped");
  }
  if (!with_openings) return builder.finish();
  const std::vector<ContractDayState> before = source.states_before(day);
  return builder.finish(before);
}

}  // namespace strikeline
