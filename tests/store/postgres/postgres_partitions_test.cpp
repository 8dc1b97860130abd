// Day partitions on plain PostgreSQL (migrations/014, issue 23 item 3) against a real PostgreSQL
// 15 (with-postgres.sh). Checks: a month of days written then retention drops exactly the
// partitions of the days before the cut-off (computed here from the interval and the moment) and
// their catalogue rows, nothing else; reads across day boundaries and over several days answer the
// rows written (the oracle) before and after the drop, for the kept days; the migration converts
// heap tables with their rows, keys, indexes, views and grants, and its rollback converts back with
// the rows kept; a write of an old day (a backfill) creates its partitions, also after another
// process dropped one.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <set>
#include <tuple>

#include "../store_fixtures.h"
#include "postgres_test_database.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/postgres/schema_migrations.h"
#include "store/postgres/writer_lease.h"

namespace strikeline {
namespace {

using namespace std::chrono_literals;
using testing::day_of;
using testing::ist;
using testing::synthetic_bar;

const std::vector<std::string> kBarTables{"fo_option_strike_bars", "fo_option_strike_bars_5min",
                                          "fo_option_strike_bars_15min", "fo_future_bars"};
const Expiry kNear = day_of(2025, 3, 13);  // expires within the month
const Expiry kFar = day_of(2025, 4, 24);

FutureBar future_bar(Expiry expiry, UtcSeconds minute, double close) {
  FutureBar b;
  b.key = FutureBarKey{"NIFTY", expiry, minute};
  b.has_price = true;
  b.open = b.high = b.low = b.close = close;
  b.volume = 1'000;
  b.oi = 2'000'000;
  b.count = 3;
  return b;
}

// What the tests write: per IST day a few minutes of the session and the last two minutes before
// midnight IST (so that a series crosses each day boundary into the next day's 00:00 and 00:01),
// two strikes of the near expiry while it lives and of the far one, and a future bar per minute.
struct Written {
  std::vector<StrikeBar> bars;
  std::vector<FutureBar> futures;
  std::set<Date> days;  // IST days with rows
};

Written write_days(PostgresBarRepository& repository, Date first, Date last) {
  Written out;
  std::uint32_t seed = 1;
  for (Date day = first; day <= last; day += std::chrono::days{1}) {
    std::vector<StrikeBar> bars;
    std::vector<FutureBar> futures;
    for (const UtcSeconds t :
         {ist(day, 9, 15), ist(day, 9, 16), ist(day, 15, 29), ist(day, 23, 58), ist(day, 23, 59)}) {
      for (const Expiry expiry : {kNear, kFar}) {
        if (expiry < day) continue;
        for (const std::int64_t strike : {24000, 24100}) {
          bars.push_back(synthetic_bar("NIFTY", expiry, strike, t, seed++));
        }
      }
      futures.push_back(future_bar(kFar, t, 24'100.0 + static_cast<double>(seed % 97)));
    }
    repository.write_with_futures(bars, futures, BarSource::market);
    out.bars.insert(out.bars.end(), bars.begin(), bars.end());
    out.futures.insert(out.futures.end(), futures.begin(), futures.end());
  }
  // The minutes after the last midnight: 00:00 and 00:01 IST of the next day.
  const Date next = last + std::chrono::days{1};
  std::vector<StrikeBar> bars;
  for (const UtcSeconds t : {ist(next, 0, 0), ist(next, 0, 1)}) {
    bars.push_back(synthetic_bar("NIFTY", kFar, 24000, t, seed++));
  }
  repository.write(bars, BarSource::market);
  out.bars.insert(out.bars.end(), bars.begin(), bars.end());
  for (const StrikeBar& b : out.bars) out.days.insert(ist_date(b.key.bucket));
  for (const FutureBar& b : out.futures) out.days.insert(ist_date(b.key.bucket));
  return out;
}

// The oracle: the bars written with bucket in [from, to), in the repository's order.
std::vector<StrikeBar> written_between(const std::vector<StrikeBar>& bars, UtcSeconds from,
                                       UtcSeconds to) {
  std::vector<StrikeBar> out;
  for (const StrikeBar& b : bars) {
    if (b.key.bucket >= from && b.key.bucket < to) out.push_back(b);
  }
  std::sort(out.begin(), out.end(), [](const StrikeBar& a, const StrikeBar& b) {
    return std::tuple(a.key.bucket, a.key.symbol, a.key.expiry, a.key.strike) <
           std::tuple(b.key.bucket, b.key.symbol, b.key.expiry, b.key.strike);
  });
  return out;
}

std::vector<StrikeBar> scan_between(PostgresBarRepository& repository, UtcSeconds from,
                                    UtcSeconds to) {
  std::vector<StrikeBar> out;
  repository.scan(from, to, [&](const StrikeBar& b) { out.push_back(b); });
  return out;
}

void expect_same_bars(const std::vector<StrikeBar>& got, const std::vector<StrikeBar>& expected,
                      const std::string& what) {
  ASSERT_EQ(got.size(), expected.size()) << what;
  for (std::size_t i = 0; i < got.size(); ++i) EXPECT_EQ(got[i], expected[i]) << what << " #" << i;
}

std::string partition_name(const std::string& table, Date day) {
  std::string digits = format_date(day);
  digits.erase(std::remove(digits.begin(), digits.end(), '-'), digits.end());
  return table + "_p" + digits;
}

// Every partition of the four bar tables, from PostgreSQL's catalogue (pg_inherits).
constexpr const char* kPartitionsSql =
    "SELECT string_agg(c.relname, ',' ORDER BY c.relname) FROM pg_inherits i JOIN pg_class c ON "
    "c.oid = i.inhrelid WHERE i.inhparent IN ('fo_option_strike_bars'::regclass, "
    "'fo_option_strike_bars_5min'::regclass, 'fo_option_strike_bars_15min'::regclass, "
    "'fo_future_bars'::regclass)";

std::string partitions_of(const std::set<Date>& days) {
  std::set<std::string> names;
  for (const Date day : days) {
    for (const std::string& table : kBarTables) names.insert(partition_name(table, day));
  }
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ",") + name;
  return out;
}

constexpr const char* kRelkindsSql =
    "SELECT string_agg(relkind::text, '' ORDER BY relname) FROM pg_class WHERE relname IN "
    "('fo_option_strike_bars', 'fo_option_strike_bars_5min', 'fo_option_strike_bars_15min', "
    "'fo_future_bars')";

TEST_F(PostgresTest, RetentionDropsExactlyTheDaysBeforeTheCutOffAndKeepsTheirNeighbours) {
  migrate_up();
  ASSERT_EQ(query(kRelkindsSql), "pppp");  // plain PostgreSQL: partitioned
  PostgresBarRepository repository(url_);
  ASSERT_TRUE(repository.partitioned());
  const Date first = day_of(2025, 3, 1), last = day_of(2025, 3, 31);
  const Written written = write_days(repository, first, last);
  ASSERT_EQ(written.days.size(), 32u);  // March and the first minutes of April 1st
  EXPECT_EQ(query(kPartitionsSql), partitions_of(written.days));

  // Reads before the drop: across a midnight and over several days, as written.
  const UtcSeconds midnight_from = ist(day_of(2025, 3, 25), 23, 0);
  const UtcSeconds midnight_to = ist(day_of(2025, 3, 26), 1, 0);
  expect_same_bars(scan_between(repository, midnight_from, midnight_to),
                   written_between(written.bars, midnight_from, midnight_to), "midnight, before");
  const UtcSeconds span_from = ist(day_of(2025, 3, 20), 12, 0);
  const UtcSeconds span_to = ist(day_of(2025, 4, 1), 0, 1);
  expect_same_bars(scan_between(repository, span_from, span_to),
                   written_between(written.bars, span_from, span_to), "days, before");
  const std::vector<ContractDay> days_before = repository.contract_days();
  const std::string kept_rollups_sql =
      "SELECT count(*), sum(call_oi_sum), sum(call_volume), min(bucket_time), max(bucket_time) "
      "FROM fo_option_strike_bars_5min_enriched WHERE bucket_time >= '2025-03-26 00:00+05:30'";
  const std::string kept_rollups = query(kept_rollups_sql);
  const std::string kept_15min = query(
      "SELECT count(*), sum(put_oi_sum) FROM fo_option_strike_bars_15min_enriched WHERE "
      "bucket_time >= '2025-03-26 00:00+05:30'");

  // Retention off (the default): an upkeep pass creates days ahead and drops nothing.
  const UtcSeconds as_of = ist(day_of(2025, 4, 5), 12, 0);
  const Date ahead_first = day_of(2025, 4, 5), ahead_last = day_of(2025, 4, 8);
  PartitionUpkeep off = repository.maintain_partitions(ahead_first, ahead_last, as_of);
  EXPECT_TRUE(off.partitioned);
  EXPECT_FALSE(off.retention);
  EXPECT_EQ(off.created, 4 * 4);
  EXPECT_TRUE(off.dropped.empty());
  std::set<Date> all_days = written.days;
  for (Date d = ahead_first; d <= ahead_last; d += std::chrono::days{1}) all_days.insert(d);
  EXPECT_EQ(query(kPartitionsSql), partitions_of(all_days));

  // Retention of 10 days, set as an operator does: the days that ended at or before
  // as_of - 10 days go, i.e. the days before the cut-off's IST day.
  query("ALTER DATABASE " + name_ + " SET strikeline.retention_interval = '10 days'");
  const Date first_kept = ist_date(as_of - std::chrono::days{10});
  ASSERT_EQ(first_kept, day_of(2025, 3, 26));
  std::vector<PartitionUpkeep::Dropped> expected_dropped;
  std::set<Date> kept_days;
  for (const Date day : all_days) {
    if (day >= first_kept) {
      kept_days.insert(day);
      continue;
    }
    std::vector<std::string> names;
    for (const std::string& table : kBarTables) names.push_back(partition_name(table, day));
    std::sort(names.begin(), names.end());
    for (const std::string& name : names) expected_dropped.push_back({name, day});
  }
  ASSERT_EQ(expected_dropped.size(), 25u * 4);
  const PartitionUpkeep on = repository.maintain_partitions(ahead_first, ahead_last, as_of);
  EXPECT_EQ(on.retention, "10 days");
  EXPECT_EQ(on.created, 0);  // idempotent
  ASSERT_EQ(on.dropped.size(), expected_dropped.size());
  for (std::size_t i = 0; i < on.dropped.size(); ++i) {
    EXPECT_EQ(on.dropped[i].partition, expected_dropped[i].partition) << i;
    EXPECT_EQ(on.dropped[i].day, expected_dropped[i].day) << i;
  }
  EXPECT_EQ(query(kPartitionsSql), partitions_of(kept_days));
  // The catalogue: exactly the kept days' rows, as they were.
  std::vector<ContractDay> expected_days;
  for (const ContractDay& d : days_before) {
    if (d.day >= first_kept) expected_days.push_back(d);
  }
  EXPECT_EQ(repository.contract_days(), expected_days);
  EXPECT_EQ(query("SELECT count(*) FROM fo_bar_days WHERE day < '2025-03-26'"), "0");
  // Day states: those of the expired near expiry on dropped days went; the far expiry's stay
  // (they carry its state into the kept days).
  EXPECT_EQ(query("SELECT count(*) FROM fo_contract_states WHERE expiry = '2025-03-13'"), "0");
  EXPECT_EQ(query("SELECT count(DISTINCT day) FROM fo_contract_states WHERE expiry = "
                  "'2025-04-24' AND day < '2025-03-26'"),
            "25");

  // Reads after the drop: the kept days as before (and as written), nothing of the dropped ones.
  expect_same_bars(scan_between(repository, midnight_from, midnight_to),
                   written_between(written.bars, ist(first_kept, 0, 0), midnight_to),
                   "midnight, after");
  expect_same_bars(scan_between(repository, span_from, span_to),
                   written_between(written.bars, ist(first_kept, 0, 0), span_to), "days, after");
  expect_same_bars(scan_all(repository),
                   written_between(written.bars, ist(first_kept, 0, 0), UtcSeconds::max()),
                   "everything, after");
  std::vector<FutureBar> futures;
  repository.scan_futures(UtcSeconds::min(), UtcSeconds::max(),
                          [&](const FutureBar& b) { futures.push_back(b); });
  std::vector<FutureBar> expected_futures;
  for (const FutureBar& b : written.futures) {
    if (ist_date(b.key.bucket) >= first_kept) expected_futures.push_back(b);
  }
  EXPECT_EQ(futures, expected_futures);
  EXPECT_EQ(query(kept_rollups_sql), kept_rollups);
  EXPECT_EQ(query("SELECT count(*), sum(put_oi_sum) FROM fo_option_strike_bars_15min_enriched "
                  "WHERE bucket_time >= '2025-03-26 00:00+05:30'"),
            kept_15min);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_5min WHERE bucket_time < "
                  "'2025-03-26 00:00+05:30'"),
            "0");

  // A second pass finds nothing more to drop.
  EXPECT_TRUE(repository.maintain_partitions(ahead_first, ahead_last, as_of).dropped.empty());
  // A replica never keeps partitions.
  PostgresBarRepository replica(url_, true);
  EXPECT_THROW(replica.maintain_partitions(ahead_first, ahead_last, as_of), StorageError);
}

TEST_F(PostgresTest, MigrationPartitionsHeapTablesAndItsRollbackKeepsTheRows) {
  migrate_up();
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_GE(migrations_from(14), 1);
  // Back to the heap tables of 013, and rows written there.
  migrator.down(migrations_from(14));
  ASSERT_EQ(query(kRelkindsSql), "rrrr");
  const std::string role = name_ + "_reader";
  query("CREATE ROLE " + role +
        "; GRANT SELECT ON fo_option_strike_bars, "
        "fo_option_strike_bars_5min_enriched TO " +
        role);
  Written written;
  {
    PostgresBarRepository repository(url_);
    EXPECT_FALSE(repository.partitioned());
    EXPECT_FALSE(
        repository.maintain_partitions(day_of(2025, 3, 1), day_of(2025, 3, 3)).partitioned);
    written = write_days(repository, day_of(2025, 3, 11), day_of(2025, 3, 14));
  }
  const std::string indexes_sql =
      "SELECT string_agg(indexname || ': ' || regexp_replace(indexdef, ' ON (ONLY )?', ' ON '), "
      "E'\\n' ORDER BY indexname) FROM pg_indexes WHERE tablename IN ('fo_option_strike_bars', "
      "'fo_option_strike_bars_5min', 'fo_option_strike_bars_15min', 'fo_future_bars')";
  const std::string views_sql =
      "SELECT md5(string_agg(v::text, ',' ORDER BY v::text)) FROM "
      "fo_option_strike_bars_5min_enriched v";
  const std::string views_15_sql =
      "SELECT md5(string_agg(v::text, ',' ORDER BY v::text)) FROM "
      "fo_option_strike_bars_15min_enriched v";
  const std::string futures_sql =
      "SELECT md5(string_agg(f::text, ',' ORDER BY f::text)) FROM fo_future_bars f";
  const std::string grants_sql =
      "SELECT string_agg(table_name || ':' || privilege_type, ',' ORDER BY table_name) FROM "
      "information_schema.role_table_grants WHERE grantee = '" +
      role + "'";
  const std::string indexes = query(indexes_sql), views = query(views_sql),
                    views_15 = query(views_15_sql), futures = query(futures_sql),
                    grants = query(grants_sql);
  ASSERT_EQ(grants, "fo_option_strike_bars:SELECT,fo_option_strike_bars_5min_enriched:SELECT");

  // Up: partitioned by the days the rows fall in, everything else as it was.
  migrator.up();
  EXPECT_EQ(query(kRelkindsSql), "pppp");
  EXPECT_EQ(query(kPartitionsSql), partitions_of(written.days));
  EXPECT_EQ(query(indexes_sql), indexes);
  EXPECT_EQ(query(views_sql), views);
  EXPECT_EQ(query(views_15_sql), views_15);
  EXPECT_EQ(query(futures_sql), futures);
  EXPECT_EQ(query(grants_sql), grants);
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                  "'fo_option_strike_bars_5min_enriched'"),
            "24");
  {
    PostgresBarRepository repository(url_);
    EXPECT_TRUE(repository.partitioned());
    expect_same_bars(scan_all(repository),
                     written_between(written.bars, UtcSeconds::min(), UtcSeconds::max()),
                     "after the migration");
  }

  // Down: one heap table each again, the rows kept, the functions gone.
  migrator.down(migrations_from(14));
  EXPECT_EQ(query(kRelkindsSql), "rrrr");
  EXPECT_EQ(query(kPartitionsSql), "NULL");
  EXPECT_EQ(query(indexes_sql), indexes);
  EXPECT_EQ(query(views_sql), views);
  EXPECT_EQ(query(futures_sql), futures);
  EXPECT_EQ(query(grants_sql), grants);
  EXPECT_EQ(query("SELECT count(*) FROM pg_proc WHERE proname LIKE 'strikeline%'"), "0");
  {
    PostgresBarRepository repository(url_);
    EXPECT_FALSE(repository.partitioned());
    expect_same_bars(scan_all(repository),
                     written_between(written.bars, UtcSeconds::min(), UtcSeconds::max()),
                     "after the rollback");
  }
  query("DROP OWNED BY " + role + "; DROP ROLE " + role);
}

TEST_F(PostgresTest, AWriteOfAnOldDayCreatesItsPartitions) {
  migrate_up();
  PostgresBarRepository repository(url_);
  const Date old_day = day_of(2025, 1, 2);
  // A backfill of 2025-01-02 (no partition ahead of it): written, with its day's partitions.
  const std::vector<StrikeBar> bars{synthetic_bar("NIFTY", kNear, 24000, ist(old_day, 9, 15), 7),
                                    synthetic_bar("NIFTY", kNear, 24000, ist(old_day, 9, 16), 8)};
  const std::vector<FutureBar> futures{
      future_bar(kNear, ist(old_day - std::chrono::days{1}, 15, 29), 23'900)};
  repository.write_with_futures(bars, futures, BarSource::market);
  EXPECT_EQ(query(kPartitionsSql), partitions_of({old_day - std::chrono::days{1}, old_day}));
  expect_same_bars(scan_all(repository), bars, "backfill");
  // Replacing an older contract-day creates that day's too.
  const Date older = day_of(2024, 12, 31);
  const BarRepository::ContractDayKey key{older, "NIFTY", kNear};
  const std::vector<StrikeBar> replacement{
      synthetic_bar("NIFTY", kNear, 24100, ist(older, 15, 30), 9)};
  repository.replace_contract_days(std::span(&key, 1), replacement, BarSource::market);
  EXPECT_EQ(query("SELECT to_regclass('fo_option_strike_bars_p20241231') IS NOT NULL"), "t");
  // Another process dropped the day's 1-minute partition this one knows: the next write of that
  // day creates it again.
  query("DROP TABLE fo_option_strike_bars_p20250102");
  const std::vector<StrikeBar> again{synthetic_bar("NIFTY", kNear, 24000, ist(old_day, 9, 17), 10)};
  repository.write(again, BarSource::market);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_p20250102"), "1");
}

// Writer fail-over (issue 23): a follower runs no DDL on the bar tables, neither an upkeep pass
// (days ahead, retention) nor the partitions of a write's days; the leader does both, and once
// superseded it does neither.
TEST_F(PostgresTest, UnderFailOverOnlyTheLeaderCreatesAndDropsPartitions) {
  migrate_up();
  const pg::WriterLeaseOptions options{std::chrono::milliseconds{2000},
                                       std::chrono::milliseconds{500}};
  pg::WriterLease lease_a(url_, "writer-a", options), lease_b(url_, "writer-b", options);
  PostgresBarRepository a(url_), b(url_);
  ASSERT_TRUE(b.partitioned());
  ASSERT_EQ(lease_a.try_take()->term, 1);
  a.fence_writes("writer-a", 1);
  b.fence_writes("writer-b", 0);  // has not taken the lease: a follower
  const Date old_day = day_of(2025, 1, 2), other_day = day_of(2025, 1, 3);
  a.write(std::vector<StrikeBar>{synthetic_bar("NIFTY", kNear, 24000, ist(old_day, 9, 15), 7)},
          BarSource::market);
  ASSERT_EQ(query(kPartitionsSql), partitions_of({old_day}));
  query("ALTER DATABASE " + name_ + " SET strikeline.retention_interval = '10 days'");
  const UtcSeconds as_of = ist(day_of(2025, 1, 20), 12, 0);  // old_day expired
  const Date ahead_first = day_of(2025, 1, 20), ahead_last = day_of(2025, 1, 22);

  // The follower: refused, nothing created or dropped.
  EXPECT_THROW(b.maintain_partitions(ahead_first, ahead_last, as_of), WriteFenced);
  const std::vector<StrikeBar> other{
      synthetic_bar("NIFTY", kNear, 24000, ist(other_day, 9, 15), 8)};
  EXPECT_THROW(b.write(other, BarSource::market), WriteFenced);
  EXPECT_EQ(query(kPartitionsSql), partitions_of({old_day}));
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), "1");

  // b takes over: a, superseded, is refused in turn; b keeps the partitions. The upkeep is not
  // counted as a bar write of the term.
  query("UPDATE fo_writer_lease SET expires_at = clock_timestamp() - interval '1 second'");
  ASSERT_EQ(lease_b.try_take()->term, 2);
  b.fence_writes("writer-b", 2);
  EXPECT_THROW(a.maintain_partitions(ahead_first, ahead_last, as_of), WriteFenced);
  EXPECT_THROW(a.write(other, BarSource::market), WriteFenced);
  EXPECT_EQ(query(kPartitionsSql), partitions_of({old_day}));
  const PartitionUpkeep upkeep = b.maintain_partitions(ahead_first, ahead_last, as_of);
  EXPECT_EQ(upkeep.created, 3 * 4);
  EXPECT_EQ(upkeep.dropped.size(), 4u);  // old_day's four partitions
  EXPECT_EQ(query(kPartitionsSql),
            partitions_of({ahead_first, ahead_first + std::chrono::days{1}, ahead_last}));
  b.write(other, BarSource::market);  // creates other_day's partitions
  EXPECT_EQ(query(kPartitionsSql), partitions_of({other_day, ahead_first,
                                                  ahead_first + std::chrono::days{1}, ahead_last}));
  EXPECT_EQ(query("SELECT term, writes FROM fo_writer_terms ORDER BY term"), "1|1\n2|1");
}

}  // namespace
}  // namespace strikeline
