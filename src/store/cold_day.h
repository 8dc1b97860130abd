// ColdDay: every contract's chunk of one IST day that lies outside the chain store's memory
// window, as built from a DaySource's bars (or handed over when the day left the window).
// Immutable once built.
#pragma once

#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "store/contract_day_state.h"
#include "store/day_chunk.h"

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

// Builds a day from its bars (bars of other days and bars one_minute_bar_problem() rejects are
// skipped and counted) and, when given, the state before it (DaySource::states_before).
std::shared_ptr<const ColdDay> build_cold_day(Date day, std::span<const StrikeBar> bars,
                                              std::span<const ContractDayState> before = {});

// Every expiry's opening row from contract states (DaySource::states_before).
std::map<std::string, std::map<Expiry, std::shared_ptr<const StateRow>>, std::less<>> opening_rows(
    std::span<const ContractDayState> before);

}  // namespace strikeline
