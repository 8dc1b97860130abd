#include "store/cold_day_cache.h"

#include <stdexcept>
#include <vector>

namespace strikeline {

std::shared_ptr<const ColdDay> ColdDayCache::get(Date day, std::uint64_t generation,
                                                 std::stop_token stop) {
  const Key key{day, generation};
  for (;;) {
    std::promise<std::shared_ptr<const ColdDay>> mine;
    std::shared_future<std::shared_ptr<const ColdDay>> theirs;
    {
      std::lock_guard lock(mutex_);
      if (auto it = index_.find(key); it != index_.end()) {
        lru_.splice(lru_.begin(), lru_, it->second);
        ++hits_;
        return it->second->content;
      }
      if (auto it = loading_.find(key); it != loading_.end()) {
        theirs = it->second;
        ++hits_;
      } else {
        loading_.emplace(key, mine.get_future().share());
      }
    }
    if (theirs.valid()) {
      try {
        return theirs.get();
      } catch (const ColdDayLoadStopped&) {
        if (stop.stop_requested()) throw;
        continue;  // its loader stopped; this caller loads the day itself
      }
    }
    std::shared_ptr<const ColdDay> loaded;
    try {
      loaded = load(day, stop);
    } catch (...) {
      {
        std::lock_guard lock(mutex_);
        loading_.erase(key);
      }
      mine.set_exception(std::current_exception());
      throw;
    }
    {
      std::lock_guard lock(mutex_);
      ++loads_;
      loading_.erase(key);
      // A put() of the same key meanwhile (the writer's) is newer than what the source gave.
      if (auto it = index_.find(key); it != index_.end()) {
        loaded = it->second->content;
      } else {
        insert_locked(key, loaded);
      }
    }
    mine.set_value(loaded);
    return loaded;
  }
}

std::shared_ptr<const ColdDay> ColdDayCache::load(Date day, std::stop_token stop) const {
  if (!source_) throw std::logic_error("chain store: a cold day was asked for without a source");
  // Read on a thread of its own while this one builds: a reader waits for it, or the warm-up.
  return read_cold_day(*source_, day, /*with_openings=*/true, /*overlap=*/true, stop);
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

void ColdDayCache::forget(Date day) {
  std::lock_guard lock(mutex_);
  for (auto it = index_.lower_bound(Key{day, 0}); it != index_.end() && it->first.first == day;) {
    lru_.erase(it->second);
    it = index_.erase(it);
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
