// DaySource: where the chain store finds the days outside its memory window (DESIGN.md "Storage"):
// a catalogue of which contracts have 1-minute bars on which IST calendar day, and the bars of one
// day. The SQLite repository implements it directly; RepositoryDaySource adapts any BarRepository.
// Each catalogue entry says where its bars came from and the IV convention of their IVs
// (core/bar_origin.h).
// Implementations are safe to call from several threads at once and throw StorageError
// (store/bar_repository.h) when the storage fails.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "core/bar_origin.h"
#include "core/strike_bar.h"
#include "store/contract_day_state.h"

namespace strikeline {

struct ContractDay {
  Date day;  // IST calendar day
  std::string symbol;
  Expiry expiry;
  UtcSeconds first_bucket, last_bucket;   // its oldest and newest 1-minute bucket that day
  BarSource source = BarSource::unknown;  // unknown: stored before sources were recorded
  // The convention of the day's IVs (unknown: not recorded, or bars given with their IVs).
  StoredIvConvention iv_convention = StoredIvConvention::unknown;
  friend bool operator==(const ContractDay&, const ContractDay&) = default;
};

class DaySource {
 public:
  virtual ~DaySource() = default;
  // Every contract-day with bars, ascending by day, symbol, expiry.
  virtual std::vector<ContractDay> contract_days() = 0;
  // Visits the 1-minute bars whose bucket start falls on that IST day, ascending by time.
  virtual void load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) = 0;
  // For every contract with an expiry on or after `day` and bars before it: the state those bars
  // leave (store/contract_day_state.h, folded over the days before `day`), in any order. The
  // default reads every earlier day that holds such a contract with load_day(); repositories
  // answer from the day states they keep (fo_contract_states).
  virtual std::vector<ContractDayState> states_before(Date day);
};

// The default states_before() of any DaySource, from its catalogue and day loads.
std::vector<ContractDayState> states_before_by_loading(DaySource& source, Date day);

// The UTC instants an IST calendar day spans: [start, start + 24 h).
UtcSeconds ist_day_start(Date ist_day);

}  // namespace strikeline
