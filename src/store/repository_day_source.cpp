#include "store/repository_day_source.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace strikeline {

std::vector<ContractDay> RepositoryDaySource::contract_days() {
  std::vector<ContractDay> days;
  if (auto range = repository_.time_range()) {
    std::map<std::tuple<Date, std::string, Expiry>, std::pair<UtcSeconds, UtcSeconds>> seen;
    repository_.scan(
        range->first, range->second + std::chrono::seconds{1}, [&](const StrikeBar& bar) {
          auto key = std::make_tuple(ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry);
          auto [it, inserted] = seen.try_emplace(std::move(key), bar.key.bucket, bar.key.bucket);
          if (!inserted) {
            it->second.first = std::min(it->second.first, bar.key.bucket);
            it->second.second = std::max(it->second.second, bar.key.bucket);
          }
        });
    for (const auto& [key, span] : seen) {
      days.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), span.first, span.second,
                      BarSource::unknown, StoredIvConvention::unknown});
    }
  }
  return days;
}

void RepositoryDaySource::load_day(Date ist_day, const std::function<void(const StrikeBar&)>& fn) {
  const UtcSeconds start = ist_day_start(ist_day);
  repository_.scan(start, start + std::chrono::hours{24}, fn);
}

}  // namespace strikeline
