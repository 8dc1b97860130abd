// ColdDay: every contract's chunk of one IST day that lies outside the chain store's memory
// window, as built from a DaySource's bars (or handed over when the day left the window).
// Immutable once built.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <stdexcept>
#include <stop_token>
#include <string>
#include <string_view>
#include <vector>

#include "store/bar_validation.h"
#include "store/contract_day_state.h"
#include "store/day_chunk.h"
#include "store/day_source.h"

namespace strikeline {

struct ColdDay {
  Date day;
  std::map<std::string, std::map<Expiry, std::shared_ptr<const DayChunk>>, std::less<>> chunks;
  // The state before the day of every contract the source knew then (DaySource::states_before),
  // for days whose slot does not know its opening in memory.
  std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> openings;
  std::size_t skipped_bars = 0;  // bars of the source that were not storable 1-minute bars

  const DayChunk* find(std::string_view symbol, Expiry expiry) const;
  // The opening of a contract (an empty row when the source had nothing before the day).
  std::shared_ptr<const StateRow> opening(std::string_view symbol, Expiry expiry) const;
  std::size_t heap_bytes() const;
  std::size_t bar_count() const;
};

// Builds a day from its bars a slice at a time, best 15 minutes of them in time order (as
// read_cold_day cuts a DaySource's load_day): each slice is grouped by contract and appended to its
// chunk, as the live applies append minutes, so a whole-market day is never held as bars all at
// once (2.3 million bars, over a GB as StrikeBars). Bars of other days and bars
// one_minute_bar_problem() rejects are skipped and counted; the result does not depend on how the
// bars were sliced.
class ColdDayBuilder {
 public:
  explicit ColdDayBuilder(Date day);
  // Builds one slice of the day's bars.
  void add_slice(std::span<const StrikeBar> bars);
  // The day, with the state before it when given (DaySource::states_before). Once.
  std::shared_ptr<const ColdDay> finish(std::span<const ContractDayState> before = {});

 private:
  std::shared_ptr<ColdDay> out_;
  OneMinuteBarChecker checker_;
};

// A read given up because its caller asked to stop.
class ColdDayLoadStopped : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Reads a day from the source and builds it (with the state before it when `with_openings`).
// With `overlap` the source is read on a thread of its own while this one builds the slices read
// so far (on two cores about twice as fast). Throws what the source throws, ColdDayLoadStopped
// when `stop` is requested meanwhile.
std::shared_ptr<const ColdDay> read_cold_day(DaySource& source, Date day, bool with_openings,
                                             bool overlap, std::stop_token stop = {});

// Every expiry's opening row from contract states (DaySource::states_before).
std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> opening_rows(
    std::span<const ContractDayState> before);

}  // namespace strikeline
