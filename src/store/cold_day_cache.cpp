#include "store/cold_day_cache.h"

#include <stdexcept>
#include <vector>

namespace strikeline {

std::shared_ptr<const ColdDay> ColdDayCache::get(Date day, std::uint64_t generation) {
  const Key key{day, generation};
  {
    std::lock_guard lock(mutex_);
    if (auto it = index_.find(key); it != index_.end()) {
      lru_.splice(lru_.begin(), lru_, it->second);
      ++hits_;
      return it->second->content;
    }
  }
  if (!source_) throw std::logic_error("chain store: a cold day was asked for without a source");
  std::vector<StrikeBar> bars;
  source_->load_day(day, [&](const StrikeBar& bar) { bars.push_back(bar); });
  const std::vector<ContractDayState> before = source_->states_before(day);
  std::shared_ptr<const ColdDay> loaded = build_cold_day(day, bars, before);

  std::lock_guard lock(mutex_);
  ++loads_;
  if (auto it = index_.find(key); it != index_.end()) return it->second->content;
  insert_locked(key, loaded);
  return loaded;
}

void ColdDayCache::put(Date day, std::uint64_t generation, std::shared_ptr<const ColdDay> content) {
  std::lock_guard lock(mutex_);
  const Key key{day, generation};
  if (auto it = index_.find(key); it != index_.end()) {
    lru_.erase(it->second);
    index_.erase(it);
  }
  insert_locked(key, std::move(content));
}

void ColdDayCache::insert_locked(const Key& key, std::shared_ptr<const ColdDay> content) {
  lru_.push_front(Entry{key, std::move(content)});
  index_[key] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

ColdCacheStats ColdDayCache::stats() const {
  std::lock_guard lock(mutex_);
  ColdCacheStats out;
  out.days = lru_.size();
  for (const Entry& entry : lru_) {
    out.heap_bytes += entry.content->heap_bytes();
    out.bars += entry.content->bar_count();
  }
  out.loads = loads_;
  out.hits = hits_;
  return out;
}

}  // namespace strikeline
