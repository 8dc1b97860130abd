// RepositoryDaySource: a DaySource over any BarRepository. load_day() is a time-range scan;
// contract_days() scans the whole repository (the chain store asks once, at load_window()); a
// repository with a catalogue of its own, like the SQLite one, is better used directly.
#pragma once

#include "store/bar_repository.h"
#include "store/day_source.h"

namespace strikeline {

class RepositoryDaySource final : public DaySource {
 public:
  explicit RepositoryDaySource(BarRepository& repository) : repository_(repository) {}

  std::vector<ContractDay> contract_days() override;
  void load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) override;

 private:
  BarRepository& repository_;
};

}  // namespace strikeline
