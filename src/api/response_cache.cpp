#include "api/response_cache.h"

namespace strikeline {

std::shared_ptr<const CachedResponse> ResponseCache::find(const ChainReader* snapshot,
                                                          const std::string& key) const {
  if (!enabled()) return nullptr;
  std::lock_guard lock(mutex_);
  if (snapshot != snapshot_.get()) return nullptr;
  auto it = entries_.find(key);
  return it == entries_.end() ? nullptr : it->second;
}

namespace {

std::size_t entry_bytes(const std::string& key, const CachedResponse& response) {
  return key.size() + response.body.size() + response.gzip_body.size() +
         response.content_type.size();
}

}  // namespace

void ResponseCache::insert(const std::shared_ptr<const ChainReader>& snapshot, std::string key,
                           CachedResponse response) {
  if (!enabled()) return;
  const std::size_t size = entry_bytes(key, response);
  // An answer larger than a sixteenth of the cache is not kept: a run of distinct large queries
  // would otherwise empty the working set and hold the memory of answers nobody repeats.
  if (size > max_bytes_ / 16) return;
  auto entry = std::make_shared<const CachedResponse>(std::move(response));
  std::lock_guard lock(mutex_);
  if (snapshot != snapshot_) {
    // The clear happens under the lock, the old snapshot is released after it.
    entries_.clear();
    bytes_ = 0;
    snapshot_ = snapshot;
  }
  if (auto it = entries_.find(key); it != entries_.end()) {  // replaced: the same answer, added to
    bytes_ -= entry_bytes(it->first, *it->second);
    entries_.erase(it);
  }
  if (entries_.size() >= max_entries_ || bytes_ + size > max_bytes_) {
    entries_.clear();
    bytes_ = 0;
  }
  entries_.emplace(std::move(key), std::move(entry));
  bytes_ += size;
}

}  // namespace strikeline
