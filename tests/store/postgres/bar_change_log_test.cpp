// The change log of the bar tables (store/postgres/bar_change_log.h) and a replica's following of
// it (store/postgres/bar_change_follower.h) against a real PostgreSQL 15 (with-postgres.sh).
// Checks: every write path appends one entry in its transaction, with its bucket range; numbers
// are given in commit order, so a reader polling `seq > last seen` does not skip a transaction
// that took its number first and commits after another (the commit-order test; it fails with a
// bigserial-like numbering); old entries are pruned by the writer, the counter kept; a follower
// catches up from the log (a backfill of an old day, outside the 1-hour window, while it was not
// following) and falls back to the window when the log was pruned past its position.
#include <gtest/gtest.h>

#include <chrono>
#include <future>
#include <thread>

#include "../store_fixtures.h"
#include "postgres_test_database.h"
#include "store/chain_store.h"
#include "store/postgres/bar_change_follower.h"
#include "store/postgres/bar_change_log.h"

namespace strikeline {
namespace {

using namespace std::chrono_literals;
using testing::day_of;
using testing::ist;
using testing::synthetic_bar;

const Date kDay = day_of(2025, 11, 3);
const Expiry kExpiry = day_of(2025, 11, 4);

std::vector<StrikeBar> minutes_of(Date day, int hour, int first_minute, int count,
                                  std::uint32_t seed) {
  std::vector<StrikeBar> bars;
  for (int m = 0; m < count; ++m) {
    for (std::int64_t k : {24300, 24350}) {
      bars.push_back(synthetic_bar("NIFTY", kExpiry, k, ist(day, hour, first_minute + m), seed++));
    }
  }
  return bars;
}

template <typename Done>
bool wait_for(Done done, std::chrono::seconds limit = 15s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (!done() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(10ms);
  return done();
}

TEST_F(PostgresTest, EveryWritePathAppendsOneEntryWithItsRange) {
  migrate_up();
  PostgresBarRepository writer(url_);
  EXPECT_EQ(writer.newest_change(), 0);
  writer.write(minutes_of(kDay, 9, 15, 3, 1), BarSource::market);  // 09:15..09:17
  FutureBar future;
  future.key = FutureBarKey{"NIFTY", kExpiry, ist(kDay, 9, 30)};
  future.has_price = true;
  future.open = future.high = future.low = future.close = 24410.5;
  future.oi = 1'000'000;
  future.observed_at = future.key.bucket + 30s;
  future.count = 1;
  writer.write_with_futures({}, std::vector{future}, BarSource::market);  // futures alone
  const Date older = kDay - std::chrono::days{2};
  writer.replace_contract_days(std::vector{BarRepository::ContractDayKey{older, "NIFTY", kExpiry}},
                               minutes_of(older, 10, 0, 2, 9), BarSource::market);
  // A failed write leaves no entry (and no number taken).
  EXPECT_THROW(writer.write(minutes_of(kDay, 9, 20, 1, 1), BarSource::unknown), StorageError);
  EXPECT_EQ(writer.newest_change(), 3);
  const auto epoch = [](UtcSeconds t) { return std::to_string(epoch_seconds(t)); };
  const UtcSeconds older_start = ist_day_start(older);
  EXPECT_EQ(query("SELECT seq, extract(epoch FROM first_bucket)::bigint, extract(epoch FROM "
                  "last_bucket)::bigint FROM fo_bar_changes ORDER BY seq"),
            "1|" + epoch(ist(kDay, 9, 15)) + "|" + epoch(ist(kDay, 9, 17)) + "\n2|" +
                epoch(ist(kDay, 9, 30)) + "|" + epoch(ist(kDay, 9, 30)) + "\n3|" +
                epoch(older_start) + "|" + epoch(older_start + 24h - 1min));
}

// Two writers: A takes its number first and commits last, B commits meanwhile. A reader polling
// `seq > last seen` between B's and A's commits must still get A's entry afterwards. With numbers
// drawn from a sequence (the bigserial way) B would commit number 2 while A holds 1; the reader
// would move past 2 and never see 1: this test fails then (checked by breaking append_change).
TEST_F(PostgresTest, NumbersFollowCommitOrderSoAPollingReaderSkipsNothing) {
  migrate_up();
  pg::Connection a(url_), b(url_), reader(url_);
  a.exec("BEGIN", "a");
  pg::append_change(a, 100, 160, "a appends");
  // B appends and commits on its own thread: it may have to wait for A.
  std::promise<void> b_started;
  auto b_done = std::async(std::launch::async, [&] {
    b.exec("BEGIN", "b");
    b_started.set_value();
    pg::append_change(b, 200, 260, "b appends");
    b.exec("COMMIT", "b");
  });
  b_started.get_future().wait();
  // B either committed already or waits for a lock (A's counter row): then the reader polls.
  ASSERT_TRUE(wait_for([&] {
    return b_done.wait_for(0s) == std::future_status::ready ||
           query("SELECT count(*) FROM pg_locks WHERE NOT granted") != "0";
  }));
  std::int64_t last_seen = 0;
  std::vector<std::int64_t> firsts_seen;
  const auto poll = [&] {
    for (const pg::BarChange& c : pg::changes_after(reader, last_seen, 100, "polling")) {
      EXPECT_EQ(c.seq, last_seen + 1) << "a number was skipped";
      last_seen = c.seq;
      firsts_seen.push_back(epoch_seconds(c.first_bucket));
    }
  };
  poll();
  a.exec("COMMIT", "a");
  b_done.get();
  poll();
  EXPECT_EQ(firsts_seen, (std::vector<std::int64_t>{100, 200}));
  EXPECT_EQ(last_seen, 2);
}

TEST_F(PostgresTest, TheWriterPrunesOldEntriesAndKeepsNumbering) {
  migrate_up();
  {
    PostgresBarRepository first(url_);
    first.write(minutes_of(kDay, 9, 15, 1, 1), BarSource::market);
    first.write(minutes_of(kDay, 9, 16, 1, 1), BarSource::market);
  }
  // Entry 1 committed 8 days ago (older than the retention), entry 2 6 days ago (newer).
  query(
      "UPDATE fo_bar_changes SET committed_at = clock_timestamp() - interval '8 days' WHERE "
      "seq = 1");
  query(
      "UPDATE fo_bar_changes SET committed_at = clock_timestamp() - interval '6 days' WHERE "
      "seq = 2");
  PostgresBarRepository writer(url_);  // prunes with its first write
  writer.write(minutes_of(kDay, 9, 17, 1, 1), BarSource::market);
  EXPECT_EQ(query("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM fo_bar_changes"), "2,3");
  EXPECT_EQ(writer.newest_change(), 3);
  // Everything old: the log may be empty, the counter goes on.
  query("UPDATE fo_bar_changes SET committed_at = clock_timestamp() - interval '30 days'");
  PostgresBarRepository later(url_);
  later.write(minutes_of(kDay, 9, 18, 1, 1), BarSource::market);
  EXPECT_EQ(query("SELECT string_agg(seq::text, ',' ORDER BY seq) FROM fo_bar_changes"), "4");
}

// A replica whose store loaded up to number N, not following yet while a writer backfills a day
// three days back (outside the 1-hour window): the follower reads it from the log, without the
// catalogue's changed-days catch-up (no loaded_since given), and no window catch-up is made.
TEST_F(PostgresTest, AFollowerCatchesUpFromTheLog) {
  migrate_up();
  PostgresBarRepository writer(url_);
  auto replica = std::make_shared<PostgresBarRepository>(url_, true);
  writer.write(minutes_of(kDay, 9, 15, 2, 1), BarSource::market);
  FollowerOptions options;
  options.applied_change = replica->newest_change();
  ChainStore store(ChainStoreOptions{}, replica);
  store.load_window();
  options.newest_applied = store.snapshot()->newest_bucket("NIFTY");
  const Date older = kDay - std::chrono::days{3};
  const std::vector<StrikeBar> backfill = minutes_of(older, 11, 0, 4, 70);
  writer.write(backfill, BarSource::market);
  writer.write(minutes_of(kDay, 9, 17, 1, 5), BarSource::market);
  BarChangeFollower follower(*replica, store, options);
  follower.start();
  ASSERT_TRUE(wait_for([&] { return follower.stats().change_seq == 3; }));
  follower.stop();
  EXPECT_EQ(follower.stats().window_catch_ups, 0u);
  EXPECT_EQ(follower.stats().changes_applied, 2u);
  EXPECT_FALSE(follower.stats().on_standby);
  const auto got =
      store.snapshot()->strike_series("NIFTY", kExpiry, Strike::from_hundredths(2430000),
                                      Timeframe::m1, ist(older, 0, 0), ist(older, 23, 0));
  ASSERT_EQ(got.size(), 4u);
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].key.bucket, backfill[2 * i].key.bucket);
    EXPECT_EQ(got[i].call.volume, backfill[2 * i].call.volume);
  }
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 17));
  ASSERT_TRUE(follower.stats().lag_seconds);
  EXPECT_GE(*follower.stats().lag_seconds, 0.0);
}

// The log pruned past the replica's position: the follower re-reads the newest hour the old way
// (counted), then follows the log from the newest number.
TEST_F(PostgresTest, AFollowerFallsBackToTheWindowWhenTheLogWasPrunedPastIt) {
  migrate_up();
  PostgresBarRepository writer(url_);
  auto replica = std::make_shared<PostgresBarRepository>(url_, true);
  writer.write(minutes_of(kDay, 9, 15, 1, 1), BarSource::market);
  ChainStore store(ChainStoreOptions{}, replica);
  store.load_window();
  FollowerOptions options;
  options.applied_change = replica->newest_change();  // 1
  options.newest_applied = store.snapshot()->newest_bucket("NIFTY");
  writer.write(minutes_of(kDay, 9, 16, 1, 3), BarSource::market);  // 2: pruned below
  writer.write(minutes_of(kDay, 9, 17, 1, 5), BarSource::market);  // 3
  query("DELETE FROM fo_bar_changes WHERE seq = 2");
  BarChangeFollower follower(*replica, store, options);
  follower.start();
  ASSERT_TRUE(wait_for([&] { return follower.stats().listening; }));
  EXPECT_EQ(follower.stats().window_catch_ups, 1u);
  EXPECT_EQ(follower.stats().change_seq, 3);
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 17));
  writer.write(minutes_of(kDay, 9, 18, 1, 7), BarSource::market);  // 4: from the log
  ASSERT_TRUE(wait_for([&] { return follower.stats().change_seq == 4; }));
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 18));
  EXPECT_EQ(follower.stats().window_catch_ups, 1u);
  follower.stop();
}

}  // namespace
}  // namespace strikeline
