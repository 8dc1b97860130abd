// RowTable: the aggregator's strike rows, one per (symbol, expiry, strike) seen, in a slab of
// stable ids (a removed row's id is reused by the next new row) with a hash index from the key.
// A row holds call and put together, as the bar row does: the IST day its minutes belong to, its
// minute series, each side's day closes, and a cached link to its expiry's future.
// Invariants: the index maps the key of every live row to its id and nothing else; a removed id
// holds a default row (no day, no minutes) until it is reused.
#pragma once

#include <array>
#include <cassert>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "bars/day_closes.h"
#include "bars/minute_series.h"
#include "core/expiry.h"
#include "core/strike.h"

namespace strikeline {

struct Row {
  std::uint32_t symbol = 0;  // bars/symbol_table.h's id
  Expiry expiry{};
  Strike strike{};
  bool has_day = false;
  Date day{};                       // the IST day of `minutes`, once the row has seen a tick
  std::int32_t future = -1;         // index into the symbol's futures, once one was seen
  std::array<DayCloses, 2> closes;  // indexed by core/side.h's Side
  MinuteSeries minutes;
};

class RowTable {
 public:
  // The id of the row of (symbol, expiry, strike), added when new.
  std::uint32_t id(std::uint32_t symbol, Expiry expiry, Strike strike) {
    auto [it, inserted] = index_.try_emplace(key_of(symbol, expiry, strike), 0);
    if (inserted) it->second = add(symbol, expiry, strike);
    return it->second;
  }

  Row& operator[](std::uint32_t id) {
    assert(id < rows_.size());
    return rows_[id];
  }
  const Row& operator[](std::uint32_t id) const {
    assert(id < rows_.size());
    return rows_[id];
  }
  // Rows live (not removed).
  std::size_t live() const { return index_.size(); }
  // Ids run from 0 to size() - 1, live and removed alike.
  std::uint32_t size() const { return static_cast<std::uint32_t>(rows_.size()); }

  // Forgets row `id` and frees its id.
  void remove(std::uint32_t id);

 private:
  struct Key {
    std::uint32_t symbol;
    std::int32_t expiry;
    std::int64_t strike;
    friend bool operator==(const Key&, const Key&) = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const noexcept {
      std::uint64_t h = static_cast<std::uint64_t>(k.strike) * 0x9E3779B97F4A7C15ull;
      h ^= (static_cast<std::uint64_t>(static_cast<std::uint32_t>(k.expiry)) << 20) ^ k.symbol;
      h *= 0xBF58476D1CE4E5B9ull;
      return static_cast<std::size_t>(h ^ (h >> 31));
    }
  };

  static Key key_of(std::uint32_t symbol, Expiry expiry, Strike strike) {
    return {symbol, static_cast<std::int32_t>(expiry.time_since_epoch().count()),
            strike.hundredths()};
  }
  std::uint32_t add(std::uint32_t symbol, Expiry expiry, Strike strike);

  std::unordered_map<Key, std::uint32_t, KeyHash> index_;
  std::vector<Row> rows_;
  std::vector<std::uint32_t> free_;
};

}  // namespace strikeline
