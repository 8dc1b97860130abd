// ColdDayCache: the days outside the memory window that were used lately (each with the state
// before it, DaySource::states_before, for the chain as of its moments), shared by the chain
// store's writer and every snapshot. A day is cached per generation (the writer bumps a day's
// generation when it applies bars to it while the day is cold), so a snapshot asks for the
// version it was published with. On a miss the day is loaded from the DaySource without holding
// the cache's lock (a writer or another reader is never blocked by a load) and kept; beyond
// `capacity` entries the least recently used is dropped. A day is loaded once however many ask
// for it at the same time: the others wait for that load (a whole-market day is hundreds of MB
// while it is built; sixteen connections asking for it must not build it sixteen times).
// Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <stop_token>

#include "store/cold_day.h"
#include "store/day_source.h"

namespace strikeline {

struct ColdCacheStats {
  std::size_t days = 0;        // entries held
  std::size_t heap_bytes = 0;  // their chunks
  std::size_t bars = 0;        // 1-minute bars in them
  std::uint64_t loads = 0;     // days read from the source
  std::uint64_t hits = 0;      // answered from the cache or by another caller's load
};

class ColdDayCache {
 public:
  ColdDayCache(std::shared_ptr<DaySource> source, std::size_t capacity)
      : source_(std::move(source)), capacity_(capacity) {}

  // The day at that generation, loaded from the source on a miss (or waited for, when another
  // caller is loading it). Throws StorageError when the source fails, std::logic_error without a
  // source, ColdDayLoadStopped when `stop` is requested while this caller loads (a caller that
  // was waiting for it then loads the day itself).
  std::shared_ptr<const ColdDay> get(Date day, std::uint64_t generation, std::stop_token stop = {});
  // Stores a day's content (handed over by the writer).
  void put(Date day, std::uint64_t generation, std::shared_ptr<const ColdDay> content);
  // Drops every generation of the day (it is in memory now).
  void forget(Date day);
  ColdCacheStats stats() const;

 private:
  using Key = std::pair<Date, std::uint64_t>;
  struct Entry {
    Key key;
    std::shared_ptr<const ColdDay> content;
  };
  void insert_locked(const Key& key, std::shared_ptr<const ColdDay> content);
  std::shared_ptr<const ColdDay> load(Date day, std::stop_token stop) const;

  std::shared_ptr<DaySource> source_;
  std::size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recent first
  std::map<Key, std::list<Entry>::iterator> index_;
  // The loads under way; whoever else asks for the same key waits for it.
  std::map<Key, std::shared_future<std::shared_ptr<const ColdDay>>> loading_;
  std::uint64_t loads_ = 0, hits_ = 0;
};

}  // namespace strikeline
