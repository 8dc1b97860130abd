// ResponseCache: encoded 200 responses of the /fo endpoints for one chain snapshot version. A
// snapshot is immutable (store/chain_reader.h), so a response computed from it stays right for as
// long as that snapshot is current; the cache keeps the snapshot it was filled from alive and
// compares identities, and the first insert under a newer snapshot drops everything. Keys are the
// request target plus whatever else the answer depends on (the as-of date). Bounded by entry count
// and bytes: when a bound would be passed the cache is emptied (dashboards repeat a small set of
// queries, so the working set refills at once). An answer worth compressing also keeps its gzip
// form once a client that accepts gzip has asked for it (api/http_compression.h), so that each
// form is sent as stored and nothing is compressed twice; inserting a key again replaces its entry
// (the same answer with its compressed form added). An answer larger than a sixteenth of
// max_bytes is not kept. Thread-safe; max_entries 0 disables it.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/chain_reader.h"

namespace strikeline {

struct CachedResponse {
  std::string body;       // the identity form
  std::string gzip_body;  // its gzip form, empty until a gzip client asked (or not worth it)
  std::string content_type;
  std::uint64_t oi_zero_points = 0;  // counted again on every hit: the points are served again
};

class ResponseCache {
 public:
  ResponseCache(std::size_t max_entries, std::size_t max_bytes)
      : max_entries_(max_entries), max_bytes_(max_bytes) {}

  bool enabled() const { return max_entries_ > 0; }
  std::shared_ptr<const CachedResponse> find(const ChainReader* snapshot,
                                             const std::string& key) const;
  void insert(const std::shared_ptr<const ChainReader>& snapshot, std::string key,
              CachedResponse response);

 private:
  struct StringHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };

  std::size_t max_entries_;
  std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::shared_ptr<const ChainReader> snapshot_;
  std::unordered_map<std::string, std::shared_ptr<const CachedResponse>, StringHash,
                     std::equal_to<>>
      entries_;
  std::size_t bytes_ = 0;
};

}  // namespace strikeline
