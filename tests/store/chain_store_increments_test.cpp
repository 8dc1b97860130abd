// A store fed increments answers as a store loaded once. A writer applies each batch it wrote; a
// read replica applies whatever ranges its notifications and catch-up reads name (any grouping,
// overlapping, repeated, revised bars, minutes out of order, strikes appearing late); a fresh
// replica loads the final rows in one batch. Every answer of the three must be equal, at every
// timeframe.
#include <gtest/gtest.h>

#include <map>
#include <random>

#include "store/chain_store.h"
#include "store_fixtures.h"

namespace strikeline {
namespace {

using namespace testing;

const Date kFeedDay = day_of(2026, 11, 27);
const Expiry kNearExpiry = day_of(2026, 12, 1), kFarExpiry = day_of(2026, 12, 29);

using RowKey = std::tuple<Expiry, std::int64_t, UtcSeconds>;

// One random revision of a bar: the same key with new values, sometimes with the put side empty
// (no tick on it that minute), without the call's analytics, the underlying or the call's OI.
StrikeBar revision(Expiry expiry, std::int64_t strike, UtcSeconds t, std::mt19937& rng) {
  StrikeBar bar = synthetic_bar("NIFTY", expiry, strike, t, static_cast<std::uint32_t>(rng()));
  switch (rng() % 6) {
    case 0:
      bar.put = SideBar{};
      break;
    case 1:
      bar.call.analytics_count = 0;
      break;
    case 2:
      bar.underlying_close.reset();
      break;
    case 3:
      bar.call.oi.reset();
      bar.call.oi_change.reset();
      break;
    default:
      break;
  }
  return bar;
}

// The history of a feed: minutes of two expiries whose strikes move with the market; each write
// revises the forming minute and now and then an earlier one (a late tick).
std::vector<std::vector<StrikeBar>> feed_writes(std::mt19937& rng) {
  std::vector<std::vector<StrikeBar>> writes;
  for (int minute = 0; minute < 75; ++minute) {
    const UtcSeconds t = ist(kFeedDay, 9, 15) + std::chrono::minutes{minute};
    const std::int64_t atm = 24000 + 50 * (minute / 10);
    for (int flush = 0; flush < 3; ++flush) {
      std::vector<StrikeBar> write;
      for (Expiry expiry : {kNearExpiry, kFarExpiry}) {
        for (std::int64_t strike = atm - 200; strike <= atm + 200; strike += 50) {
          if (rng() % 3 == 0) continue;  // no tick on this strike in this flush
          write.push_back(revision(expiry, strike, t, rng));
        }
      }
      if (minute > 0 && rng() % 4 == 0) {
        const UtcSeconds late = t - std::chrono::minutes{1 + static_cast<int>(rng() % 5)};
        write.push_back(revision(kNearExpiry, atm, std::max(late, ist(kFeedDay, 9, 15)), rng));
      }
      if (!write.empty()) writes.push_back(std::move(write));
    }
  }
  return writes;
}

std::vector<StrikeBar> rows_between(const std::map<RowKey, StrikeBar>& rows, UtcSeconds from,
                                    UtcSeconds to) {
  std::vector<StrikeBar> out;
  for (const auto& [key, bar] : rows) {
    if (bar.key.bucket >= from && bar.key.bucket <= to) out.push_back(bar);
  }
  std::stable_sort(out.begin(), out.end(), [](const StrikeBar& a, const StrikeBar& b) {
    return a.key.bucket < b.key.bucket;
  });
  return out;
}

TEST(ChainStoreIncrements, AReplicaFedRangesAnswersAsAFreshLoad) {
  for (std::uint32_t seed = 1; seed <= 6; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const std::vector<std::vector<StrikeBar>> writes = feed_writes(rng);

    // The replica: after each write, re-reads the written range from the database (often several
    // writes merged into one read, sometimes a wide catch-up read from well before).
    ChainStore writer, replica;
    std::map<RowKey, StrikeBar> database;  // the rows as the writes leave them
    UtcSeconds merged_from = UtcSeconds::max(), merged_to = UtcSeconds::min();
    for (std::size_t i = 0; i < writes.size(); ++i) {
      writer.apply(writes[i]);  // the writer applies what it wrote
      for (const StrikeBar& bar : writes[i]) {
        database[{bar.key.expiry, bar.key.strike.hundredths(), bar.key.bucket}] = bar;
        merged_from = std::min(merged_from, bar.key.bucket);
        merged_to = std::max(merged_to, bar.key.bucket);
      }
      if (rng() % 3 == 0 && i + 1 < writes.size()) continue;  // notifications merge
      if (rng() % 10 == 0) merged_from -= std::chrono::minutes{30};
      replica.apply(rows_between(database, merged_from, merged_to + std::chrono::seconds{59}));
      merged_from = UtcSeconds::max();
      merged_to = UtcSeconds::min();
    }

    ChainStore fresh;
    fresh.apply(rows_between(database, UtcSeconds::min(), UtcSeconds::max()));
    for (Expiry expiry : {kNearExpiry, kFarExpiry}) {
      expect_same_answers(*replica.snapshot(), *fresh.snapshot(), "NIFTY", expiry,
                          ist(kFeedDay, 0, 0), ist(kFeedDay, 23, 59));
      expect_same_answers(*writer.snapshot(), *fresh.snapshot(), "NIFTY", expiry,
                          ist(kFeedDay, 0, 0), ist(kFeedDay, 23, 59));
    }
    if (HasFailure()) return;
  }
}

}  // namespace
}  // namespace strikeline
