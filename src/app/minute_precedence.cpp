#include "app/minute_precedence.h"

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "bars/daily_bars.h"
#include "store/day_source.h"

namespace strikeline::app {

std::size_t give_minute_data_precedence(BarRepository& repository,
                                        std::span<const StrikeBar> minute_bars, BarOrigin origin) {
  // The contracts each IST day's minute data touched; the import's own bars that look like daily
  // bars (a saved option chain of 15:30:00) are kept.
  std::map<Date, std::set<std::pair<std::string, Expiry>>> touched;
  std::set<std::tuple<std::string_view, Expiry, Strike, UtcSeconds>> own_closes;
  for (const StrikeBar& bar : minute_bars) {
    if (is_daily_bar(bar)) {
      own_closes.emplace(bar.key.symbol, bar.key.expiry, bar.key.strike, bar.key.bucket);
      continue;
    }
    touched[ist_date(bar.key.bucket)].emplace(bar.key.symbol, bar.key.expiry);
  }
  std::size_t removed = 0;
  for (const auto& [day, contracts] : touched) {
    std::vector<BarRepository::ContractDayKey> replaced;
    for (BarRepository::ContractDayKey& key : repository.daily_days(day)) {
      if (contracts.contains({key.symbol, key.expiry})) replaced.push_back(std::move(key));
    }
    if (replaced.empty()) continue;
    std::set<std::pair<std::string_view, Expiry>> keys;
    for (const auto& key : replaced) keys.emplace(key.symbol, key.expiry);
    std::vector<StrikeBar> kept;
    const UtcSeconds start = ist_day_start(day);
    repository.scan(start, start + std::chrono::hours{24}, [&](const StrikeBar& bar) {
      if (!keys.contains({bar.key.symbol, bar.key.expiry})) return;
      if (is_daily_bar(bar) &&
          !own_closes.contains({bar.key.symbol, bar.key.expiry, bar.key.strike, bar.key.bucket})) {
        ++removed;
      } else {
        kept.push_back(bar);
      }
    });
    repository.replace_contract_days(replaced, kept, origin);
  }
  return removed;
}

}  // namespace strikeline::app
