#include "store/day_source.h"

#include <map>
#include <set>
#include <tuple>

namespace strikeline {

std::vector<ContractDayState> DaySource::states_before(Date day) {
  return states_before_by_loading(*this, day);
}

std::vector<ContractDayState> states_before_by_loading(DaySource& source, Date day) {
  std::set<Date> days;
  for (const ContractDay& c : source.contract_days()) {
    if (c.day < day && c.expiry >= day) days.insert(c.day);
  }
  using Key = std::tuple<std::string, Expiry, Strike>;
  std::map<Key, ContractDayState> folded;
  std::vector<StrikeBar> bars;
  for (Date earlier : days) {  // ascending: later days fold over earlier ones
    bars.clear();
    source.load_day(earlier, [&](const StrikeBar& bar) {
      if (bar.key.expiry >= day) bars.push_back(bar);
    });
    for (ContractDayState& s : day_states_of(bars)) {
      auto [it, fresh] = folded.try_emplace(Key{s.symbol, s.expiry, s.strike}, s);
      if (!fresh) fold_day_state(it->second, s);
    }
  }
  std::vector<ContractDayState> out;
  out.reserve(folded.size());
  for (auto& [key, state] : folded) out.push_back(std::move(state));
  return out;
}

UtcSeconds ist_day_start(Date ist_day) {
  return ist_time_on(ist_day, std::chrono::minutes{0});
}

}  // namespace strikeline
