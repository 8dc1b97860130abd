#include "store/contract_day_batch.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace strikeline {

std::vector<ContractDayBatch> group_by_contract_day(std::span<const StrikeBar> bars) {
  using Key = std::tuple<Date, std::string_view, Expiry>;
  std::map<Key, std::size_t> index_of;
  std::vector<ContractDayBatch> groups;
  Key last_key;
  std::size_t last = static_cast<std::size_t>(-1);
  for (const StrikeBar& bar : bars) {
    const Key key{ist_date(bar.key.bucket), bar.key.symbol, bar.key.expiry};
    if (last == static_cast<std::size_t>(-1) || key != last_key) {
      auto [it, inserted] = index_of.try_emplace(key, groups.size());
      if (inserted) groups.push_back({bar.key.symbol, bar.key.expiry, std::get<0>(key), {}});
      last = it->second;
      last_key = key;
    }
    groups[last].bars.push_back(&bar);
  }
  const auto earlier = [](const StrikeBar* a, const StrikeBar* b) {
    return std::tie(a->key.bucket, a->key.strike) < std::tie(b->key.bucket, b->key.strike);
  };
  for (ContractDayBatch& group : groups) {
    if (!std::is_sorted(group.bars.begin(), group.bars.end(), earlier)) {
      std::stable_sort(group.bars.begin(), group.bars.end(), earlier);
    }
  }
  std::sort(groups.begin(), groups.end(), [](const ContractDayBatch& a, const ContractDayBatch& b) {
    return std::tie(a.day, a.symbol, a.expiry) < std::tie(b.day, b.symbol, b.expiry);
  });
  return groups;
}

}  // namespace strikeline
