// The PostgreSQL bar repository and migrations against a real PostgreSQL 15 (with-postgres.sh
// starts one and sets STRIKELINE_TEST_PG_URL; ctest runs these under it). Each test gets a fresh
// database. Checks: migrate up / down / up is clean; the runbook's Phase 1 SQL checks after a
// write and its 013 rollback file removing the views; exact round trips and idempotent upserts;
// rollup rows equal bars/rollup's fold of the 1-minute bars; a replica refuses writes; an
// unreachable server is reported, not thrown at the health probe; NOTIFY reaches a follower; the
// writer lease: taken, renewed, taken over once expired, one winner of two contenders per term, a
// fenced write refused with nothing written, a stalled leader's transaction ended by a takeover.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <tuple>

#include "../store_fixtures.h"
#include "bars/rollup.h"
#include "postgres_test_database.h"
#include "store/bar_validation.h"
#include "store/chain_store.h"
#include "store/futures_book.h"
#include "store/postgres/bar_change_follower.h"
#include "store/postgres/migration_files.h"
#include "store/postgres/pg_connection.h"
#include "store/postgres/postgres_bar_repository.h"
#include "store/postgres/schema_migrations.h"
#include "store/postgres/writer_lease.h"

namespace strikeline {
namespace {

using namespace std::chrono_literals;
using testing::day_of;
using testing::ist;
using testing::minute_bar;
using testing::side;
using testing::SideSpec;
using testing::synthetic_bar;

const Date kDay = day_of(2025, 11, 3);
const Expiry kExpiry = day_of(2025, 11, 4);

std::vector<StrikeBar> session_bars(int minutes, std::initializer_list<std::int64_t> strikes) {
  std::vector<StrikeBar> bars;
  std::uint32_t seed = 1;
  for (int m = 0; m < minutes; ++m) {
    for (std::int64_t k : strikes) {
      bars.push_back(synthetic_bar("NIFTY", kExpiry, k, ist(kDay, 9, 15 + m), seed++));
    }
  }
  return bars;
}

const char* kTablesSql =
    "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
    "WHERE table_schema = 'public'";

TEST_F(PostgresTest, MigrateUpDownUpIsClean) {
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  const auto& known = pg::known_migrations();
  ASSERT_GE(known.size(), 4u);
  const auto views = std::find_if(known.begin(), known.end(),
                                  [](const pg::Migration& m) { return m.version == 13; });
  ASSERT_NE(views, known.end());
  EXPECT_EQ(views->up_file, "013_create_fo_enriched_views.sql");
  EXPECT_EQ(views->down_file, "013_rollback_fo_enriched_views.sql");
  EXPECT_THROW(migrator.require_current(), StorageError);

  EXPECT_EQ(migrator.up().size(), known.size());
  EXPECT_NO_THROW(migrator.require_current());
  EXPECT_TRUE(migrator.up().empty());  // nothing pending
  const std::string after_up = query(kTablesSql);
  EXPECT_EQ(
      after_up,
      "fo_bar_change_counter,fo_bar_changes,fo_bar_days,fo_contract_lots,fo_contract_states,fo_"
      "daily_bar_days,fo_future_bars,fo_option_strike_bars,fo_option_strike_bars_15min,fo_"
      "option_strike_bars_15min_enriched,fo_option_strike_bars_5min,fo_option_strike_bars_5min_"
      "enriched,fo_writer_lease,fo_writer_terms,schema_migrations");
  for (const pg::MigrationState& s : migrator.status()) EXPECT_TRUE(s.applied_at) << s.version;

  EXPECT_EQ(migrator.down(migrations_from(13)).back().version, 13);  // the later ones, then 013
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.views WHERE table_name LIKE "
                  "'%enriched%'"),
            "0");
  EXPECT_EQ(migrator.down(100).size(),
            known.size() - static_cast<std::size_t>(migrations_from(13)));
  EXPECT_EQ(query(kTablesSql), "schema_migrations");
  EXPECT_EQ(query("SELECT count(*) FROM schema_migrations"), "0");
  EXPECT_EQ(query("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public' AND indexname "
                  "<> 'schema_migrations_pkey'"),
            "0");

  EXPECT_EQ(migrator.up().size(), known.size());
  EXPECT_EQ(query(kTablesSql), after_up);
}

TEST_F(PostgresTest, RunbookPhase1ChecksPassAfterWritesAndRollbackRemovesViews) {
  migrate_up();
  PostgresBarRepository repository(url_);
  repository.write(session_bars(20, {24300, 24350, 24400}), BarSource::market);

  // Step 1.2: the aggregates have rows, the base table real OI values.
  EXPECT_NE(query("SELECT COUNT(*) FROM fo_option_strike_bars_5min"), "0");
  EXPECT_NE(query("SELECT COUNT(*) FROM fo_option_strike_bars_15min"), "0");
  EXPECT_NE(query("SELECT call_oi_sum, put_oi_sum FROM fo_option_strike_bars WHERE call_oi_sum "
                  "> 0 LIMIT 1"),
            "");
  // Step 1.4: both views, 24 columns in the expected order, OI as double precision, OI rows.
  const std::string columns =
      "bucket_time,timeframe,symbol,expiry,strike,underlying_close,call_iv_avg,put_iv_avg,"
      "call_delta_avg,put_delta_avg,call_gamma_avg,put_gamma_avg,call_theta_avg,put_theta_avg,"
      "call_vega_avg,put_vega_avg,call_volume,put_volume,call_count,put_count,created_at,"
      "updated_at,call_oi_sum,put_oi_sum";
  for (const std::string view :
       {"fo_option_strike_bars_5min_enriched", "fo_option_strike_bars_15min_enriched"}) {
    EXPECT_EQ(query("SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM "
                    "information_schema.columns WHERE table_name = '" +
                    view + "'"),
              columns);
    EXPECT_EQ(query("SELECT column_name, data_type FROM information_schema.columns WHERE "
                    "table_name = '" +
                    view + "' AND column_name IN ('call_oi_sum', 'put_oi_sum') ORDER BY 1"),
              "call_oi_sum|double precision\nput_oi_sum|double precision");
    EXPECT_NE(query("SELECT COUNT(*) FROM " + view + " WHERE call_oi_sum > 0"), "0");
  }
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_5min_enriched"), "12");  // 4 x 3
  EXPECT_EQ(query("SELECT indexdef LIKE '%(symbol, expiry, strike, bucket_time) WHERE (timeframe "
                  "= ''1min''::text)' FROM pg_indexes WHERE indexname = "
                  "'idx_fo_strike_1min_join'"),
            "t");

  // Step R2: the rollback file as the runbook runs it (psql -f), outside the migrator.
  pg::Connection c(url_);
  for (const pg::MigrationFile& f : pg::migration_files()) {
    if (f.file_name == "013_rollback_fo_enriched_views.sql") c.exec(f.sql, "rollback file");
  }
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.views WHERE table_name LIKE "
                  "'%enriched%'"),
            "0");
  EXPECT_NE(query("SELECT COUNT(*) FROM fo_option_strike_bars_5min"), "0");  // data stays
}

TEST_F(PostgresTest, BarsRoundTripExactlyAndUpsertsReplace) {
  migrate_up();
  PostgresBarRepository repository(url_);
  std::vector<StrikeBar> bars = session_bars(3, {24300, 24350});
  // A bar with absent parts: no Greeks, no premium, no OI, no underlying.
  StrikeBar sparse = minute_bar("NIFTY", kExpiry, 24500, ist(kDay, 9, 15));
  sparse.call = side(SideSpec{.count = 2, .volume = 75});
  bars.push_back(sparse);
  repository.write(bars, BarSource::market);
  std::vector<StrikeBar> stored = scan_all(repository);
  std::sort(bars.begin(), bars.end(), [](auto& a, auto& b) { return a.key < b.key; });
  std::sort(stored.begin(), stored.end(), [](auto& a, auto& b) { return a.key < b.key; });
  ASSERT_EQ(stored.size(), bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) {
    EXPECT_EQ(stored[i], bars[i]) << describe_key(bars[i].key);
  }

  // Re-sending replaces; of two versions of a key in one batch the later wins.
  StrikeBar first = bars[0], second = bars[0];
  first.call.oi = 111;
  second.call.oi = 222;
  const std::vector<StrikeBar> twice{first, second};
  repository.write(twice, BarSource::market);
  stored = scan_all(repository);
  EXPECT_EQ(stored.size(), bars.size());
  const auto it = std::find_if(stored.begin(), stored.end(),
                               [&](const StrikeBar& b) { return b.key == first.key; });
  ASSERT_NE(it, stored.end());
  EXPECT_EQ(it->call.oi, 222);

  const auto range = repository.time_range();
  ASSERT_TRUE(range);
  EXPECT_EQ(range->first, ist(kDay, 9, 15));
  EXPECT_EQ(range->second, ist(kDay, 9, 17));
  const std::vector<ContractDay> days = repository.contract_days();
  ASSERT_EQ(days.size(), 1u);
  EXPECT_EQ(days[0].day, kDay);
  EXPECT_EQ(days[0].expiry, kExpiry);
  EXPECT_EQ(days[0].first_bucket, ist(kDay, 9, 15));

  // 00:10 IST is the previous UTC day: the catalogue files it under the IST day.
  const Date next_day = kDay + std::chrono::days{1};
  repository.write(
      std::vector<StrikeBar>{minute_bar("NIFTY", kExpiry, 24300, ist(next_day, 0, 10))},
      BarSource::market);
  const std::vector<ContractDay> two_days = repository.contract_days();
  ASSERT_EQ(two_days.size(), 2u);
  EXPECT_EQ(two_days[1].day, next_day);
  EXPECT_EQ(two_days[1].first_bucket, ist(next_day, 0, 10));
  EXPECT_EQ(two_days[0].last_bucket, ist(kDay, 9, 17));
  std::size_t next_day_bars = 0;
  repository.load_day(next_day, [&](const StrikeBar&) { ++next_day_bars; });
  EXPECT_EQ(next_day_bars, 1u);
  bars.push_back(minute_bar("NIFTY", kExpiry, 24300, ist(next_day, 0, 10)));

  StrikeBar bad = bars[0];
  bad.key.timeframe = Timeframe::m5;
  const std::vector<StrikeBar> invalid{bars[1], bad};
  EXPECT_THROW(repository.write(invalid, BarSource::market), StorageError);
  EXPECT_EQ(scan_all(repository).size(), bars.size());
}

TEST_F(PostgresTest, MigrationsBackfillFromStoredBars) {
  migrate_up();
  {
    PostgresBarRepository repository(url_);
    std::vector<StrikeBar> bars = session_bars(10, {24300, 24350});
    // (No observation times nor quotes: rolling 006 and 007 back drops them, so they could not
    // come back.)
    for (std::size_t i = 0; i < bars.size(); ++i) {
      bars[i].call.clear_quote();
      bars[i].put.clear_quote();
      if (i % 4 == 1) bars[i].put = SideBar{};
      if (i % 5 == 2) bars[i].call.oi.reset();
    }
    repository.write(bars, BarSource::market);
  }
  // The day states the writes kept, as migration 006 must rebuild them from the stored bars.
  const char* kStatesSql = "SELECT * FROM fo_contract_states ORDER BY expiry, symbol, strike, day";
  const std::string states = query(kStatesSql);
  EXPECT_EQ(query("SELECT count(*) FROM fo_contract_states"), "2");
  const std::string rollups =
      query("SELECT count(*), sum(call_volume), sum(put_oi_sum) FROM fo_option_strike_bars_5min");
  // The catalogue as the bars define it (updated_at is the time of the rebuild, not of the bars).
  const char* kDaysSql = "SELECT day, symbol, expiry, first_bucket, last_bucket FROM fo_bar_days";
  const std::string days = query(kDaysSql);
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  // Down to the bare bar table (001), then up again: 002 and 004 rebuild from the stored bars.
  EXPECT_EQ(migrator.down(static_cast<int>(pg::known_migrations().size()) - 1).size(),
            pg::known_migrations().size() - 1);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), "20");
  migrator.up();
  EXPECT_EQ(query("SELECT count(*), sum(call_volume), sum(put_oi_sum) FROM "
                  "fo_option_strike_bars_5min"),
            rollups);
  EXPECT_EQ(query(kDaysSql), days);
  EXPECT_EQ(query(kStatesSql), states);
}

// Migration 007: the quotes. Written bars keep them (and the day states the newest, whole); rolling
// 007 back drops the columns and keeps the bars; applying it again gives bars without quotes.
TEST_F(PostgresTest, QuotesAreStoredAndMigration007RollsBack) {
  migrate_up();
  std::vector<StrikeBar> bars = session_bars(3, {24300});
  bars[0].call.bid = 151.05;
  bars[0].call.ask = 151.3;
  bars[0].call.bid_qty = 0;
  bars[0].call.ask_qty = 1500;
  bars[0].put.clear_quote();
  bars[1].call.clear_quote();  // the newest quote of the day is the 09:15 one...
  bars[1].put.clear_quote();
  bars[2].call.clear_quote();
  bars[2].put = SideBar{};
  bars[2].put.count = 1;
  bars[2].put.ask = 20.1;  // ...and the put's a one-sided 09:17 quote
  {
    PostgresBarRepository repository(url_);
    repository.write(bars, BarSource::market);
    std::vector<StrikeBar> stored = scan_all(repository);
    ASSERT_EQ(stored.size(), 3u);
    for (std::size_t i = 0; i < bars.size(); ++i) EXPECT_EQ(stored[i], bars[i]) << i;
    const std::vector<ContractDayState> states =
        repository.states_before(kDay + std::chrono::days{1});
    ASSERT_EQ(states.size(), 1u);
    EXPECT_EQ(states[0].call.bid, 151.05);
    EXPECT_EQ(states[0].call.ask, 151.3);
    EXPECT_EQ(states[0].call.bid_qty, 0);
    EXPECT_EQ(states[0].call.ask_qty, 1500);
    EXPECT_FALSE(states[0].put.bid || states[0].put.bid_qty || states[0].put.ask_qty);
    EXPECT_EQ(states[0].put.ask, 20.1);
  }
  EXPECT_EQ(query("SELECT call_bid, call_ask_qty, put_ask FROM fo_option_strike_bars ORDER BY "
                  "bucket_time"),
            "151.05|1500|NULL\nNULL|NULL|NULL\nNULL|NULL|20.1");
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_EQ(migrator.down(migrations_from(7)).back().version, 7);  // the later ones, then 007
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                  "AND (column_name LIKE '%\\_bid%' OR column_name LIKE '%\\_ask%' OR "
                  "column_name LIKE '%quote%')"),
            "0");
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), "3");
  migrator.up();
  PostgresBarRepository repository(url_);
  for (const StrikeBar& b : scan_all(repository)) {
    EXPECT_FALSE(b.call.has_quote() || b.put.has_quote());
  }
  const std::vector<ContractDayState> states =
      repository.states_before(kDay + std::chrono::days{1});
  ASSERT_EQ(states.size(), 1u);
  EXPECT_FALSE(states[0].call.bid || states[0].put.ask);
}

// Provenance (issue 25): each contract-day's source is written with its bars (a day written by
// both sources is mixed; the oracle is that rule applied to the writes below), read back by the
// catalogue, survives a rollback of 008 and up again as unknown (the bars kept), and
// discard_simulated() removes exactly the simulator's days with their rollups and day states.
TEST_F(PostgresTest, SourcesAreStoredWithTheBarsAndSimulatedDaysDiscarded) {
  migrate_up();
  const Date next = kDay + std::chrono::days{1};
  const Expiry monthly = day_of(2025, 11, 25);
  const auto bars = [](Expiry expiry, Date day, int minutes, std::uint32_t seed) {
    std::vector<StrikeBar> out;
    for (int m = 0; m < minutes; ++m) {
      for (std::int64_t k : {24300, 24350})
        out.push_back(synthetic_bar("NIFTY", expiry, k, ist(day, 9, 15 + m), seed++));
    }
    return out;
  };
  struct Written {
    Expiry expiry;
    Date day;
    int minutes;
    BarSource source;
  };
  const std::vector<Written> writes{{kExpiry, kDay, 3, BarSource::market},
                                    {kExpiry, next, 4, BarSource::simulator},
                                    {monthly, kDay, 2, BarSource::simulator},
                                    {monthly, kDay, 2, BarSource::market}};
  std::map<std::tuple<Date, Expiry>, std::set<BarSource>> seen;
  PostgresBarRepository repository(url_);
  for (const Written& w : writes) {
    repository.write(bars(w.expiry, w.day, w.minutes, 7), w.source);
    seen[{w.day, w.expiry}].insert(w.source);
  }
  const auto sources = [&] {
    std::map<std::tuple<Date, Expiry>, BarSource> out;
    for (const ContractDay& d : repository.contract_days()) out[{d.day, d.expiry}] = d.source;
    return out;
  };
  std::map<std::tuple<Date, Expiry>, BarSource> expected;
  for (const auto& [key, s] : seen) expected[key] = s.size() == 1 ? *s.begin() : BarSource::mixed;
  EXPECT_EQ(sources(), expected);
  EXPECT_EQ(query("SELECT string_agg(source, ',' ORDER BY day, expiry) FROM fo_bar_days"),
            "market,mixed,simulator");

  // The simulator's day (4 minutes x 2 strikes) goes, with its rollups and day states.
  std::vector<BarRepository::ContractDayKey> all;
  for (const auto& [key, s] : expected)
    all.push_back({std::get<0>(key), "NIFTY", std::get<1>(key)});
  EXPECT_EQ(repository.discard_simulated(all), 8u);
  expected.erase({next, kExpiry});
  EXPECT_EQ(sources(), expected);
  const std::string next_start = std::to_string(epoch_seconds(ist(next, 0, 0)));
  for (const char* table :
       {"fo_option_strike_bars", "fo_option_strike_bars_5min", "fo_option_strike_bars_15min"}) {
    EXPECT_EQ(query("SELECT count(*) FROM " + std::string(table) +
                    " WHERE bucket_time >= to_timestamp(" + next_start + ")"),
              "0")
        << table;
  }
  EXPECT_EQ(
      query("SELECT count(*) FROM fo_contract_states WHERE day = '" + format_date(next) + "'"),
      "0");
  EXPECT_EQ(scan_all(repository).size(), 3u * 2 + 2 * 2);  // the market and mixed days' bars
  EXPECT_EQ(repository.discard_simulated(all), 0u);

  // Before migration 008 there was no source: down and up again keeps the bars, reads unknown.
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_EQ(migrator.down(migrations_from(8)).back().version, 8);  // the later ones, then 008
  EXPECT_EQ(query("SELECT count(*) FROM information_schema.columns WHERE table_name = "
                  "'fo_bar_days' AND column_name = 'source'"),
            "0");
  migrator.up();
  PostgresBarRepository upgraded(url_);
  EXPECT_EQ(scan_all(upgraded).size(), 10u);
  for (const ContractDay& d : upgraded.contract_days()) EXPECT_EQ(d.source, BarSource::unknown);
  upgraded.write(bars(kExpiry, kDay, 1, 99), BarSource::simulator);  // unknown is real: mixed
  EXPECT_EQ(query("SELECT coalesce(source, 'NULL') FROM fo_bar_days WHERE day = '" +
                  format_date(kDay) + "' ORDER BY expiry"),
            "mixed\nNULL");
}

// Migration 009: future bars (core/future_bar.h) round-trip exactly, written in the option bars'
// transaction (a bad future bar stores nothing of the batch), replaced by key with their source
// ('mixed' when the other source rewrites one); discarding a simulated day removes its futures;
// rolling 009 back drops the table and keeps the option bars.
TEST_F(PostgresTest, FutureBarsRoundTripAndMigration009RollsBack) {
  migrate_up();
  const auto future = [](Expiry e, UtcSeconds minute, double close,
                         std::optional<std::int64_t> oi) {
    FutureBar b;
    b.key = FutureBarKey{"NIFTY", e, minute};
    b.has_price = true;
    b.open = close - 1.5;
    b.high = close + 2.25;
    b.low = close - 3;
    b.close = close;
    b.volume = 13'000;
    b.oi = oi;
    b.underlying = close - 40.05;
    b.observed_at = minute + 17s;
    b.count = 4;
    return b;
  };
  const Expiry far = kExpiry + std::chrono::days{56};
  std::vector<FutureBar> futures{future(kExpiry, ist(kDay, 9, 15), 24350.05, 5'000'000),
                                 future(far, ist(kDay, 9, 15), 24560.1, std::nullopt)};
  futures[1].settle = 24561.25;
  futures[1].oi_change = -650;
  futures[1].underlying.reset();
  futures[1].observed_at.reset();
  FutureBar untraded;
  untraded.key = FutureBarKey{"NIFTY", far, ist(kDay, 15, 30)};
  untraded.oi = 1'300;
  futures.push_back(untraded);
  std::vector<StrikeBar> bars = session_bars(1, {24300});
  {
    PostgresBarRepository repository(url_);
    repository.write_with_futures(bars, futures, BarSource::simulator);
    std::vector<FutureBar> stored;
    repository.scan_futures(UtcSeconds::min(), UtcSeconds::max(),
                            [&](const FutureBar& b) { stored.push_back(b); });
    ASSERT_EQ(stored.size(), 3u);
    for (std::size_t i = 0; i < futures.size(); ++i) EXPECT_EQ(stored[i], futures[i]) << i;
    EXPECT_EQ(query("SELECT source FROM fo_future_bars ORDER BY bucket_time, expiry"),
              "simulator\nsimulator\nsimulator");
    // Rewritten by market data: replaced, and mixed.
    futures[0].close = 24351.0;
    repository.write_with_futures({}, std::span(futures).first(1), BarSource::market);
    EXPECT_EQ(query("SELECT close, source FROM fo_future_bars WHERE expiry = '" +
                    format_date(kExpiry) + "'"),
              "24351|mixed");
    // A bad future bar: nothing of the batch is stored.
    FutureBar bad = futures[0];
    bad.key.bucket = ist(kDay, 9, 16);
    bad.oi = -5;
    EXPECT_THROW(repository.write_with_futures(session_bars(2, {24350}), std::vector{bad},
                                               BarSource::simulator),
                 StorageError);
    EXPECT_EQ(query("SELECT count(*) FROM fo_future_bars"), "3");
    EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), "1");
    // Discarding the simulated day removes the simulator's futures of that symbol and day.
    const BarRepository::ContractDayKey day{kDay, "NIFTY", kExpiry};
    repository.discard_simulated(std::span(&day, 1));
    EXPECT_EQ(query("SELECT count(*), min(source) FROM fo_future_bars"), "1|mixed");
  }
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_EQ(migrator.down(migrations_from(9)).back().version, 9);  // the later ones, then 009
  EXPECT_EQ(query("SELECT to_regclass('fo_future_bars') IS NULL"), "t");
  migrator.up();
  EXPECT_EQ(query("SELECT count(*) FROM fo_future_bars"), "0");
}

// Lots per contract and day (issue 20, migration 010): stored in one statement (the later of a
// key repeated in one call wins), replaced per (symbol, expiry, day), read back in key order; an
// invalid lot refuses the call; the rollback drops the table and up again brings it back empty.
TEST_F(PostgresTest, LotsAreStoredPerContractAndDayAndMigration010RollsBack) {
  migrate_up();
  const Expiry monthly = day_of(2025, 11, 25);
  const Date next = kDay + std::chrono::days{1};
  {
    PostgresBarRepository repository(url_);
    EXPECT_TRUE(repository.contract_lots().empty());
    repository.record_lots(std::vector<ContractLot>{{"NIFTY", monthly, kDay, 25},
                                                    {"NIFTY", kExpiry, kDay, 75},
                                                    {"M&M", kExpiry, kDay, 350},
                                                    {"M&M", kExpiry, kDay, 700}});  // wins
    repository.record_lots(
        std::vector<ContractLot>{{"NIFTY", monthly, next, 75}, {"NIFTY", kExpiry, kDay, 65}});
    EXPECT_THROW(repository.record_lots(std::vector<ContractLot>{{"NIFTY", monthly, next, 50},
                                                                 {"NIFTY", monthly, kDay, -5}}),
                 StorageError);
    EXPECT_EQ(repository.contract_lots(), (std::vector<ContractLot>{{"M&M", kExpiry, kDay, 700},
                                                                    {"NIFTY", kExpiry, kDay, 65},
                                                                    {"NIFTY", monthly, kDay, 25},
                                                                    {"NIFTY", monthly, next, 75}}));
    PostgresBarRepository replica(url_, true);
    EXPECT_THROW(replica.record_lots(std::vector<ContractLot>{{"NIFTY", monthly, kDay, 25}}),
                 StorageError);
  }
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_EQ(migrator.down(migrations_from(10)).back().version, 10);
  EXPECT_EQ(query("SELECT to_regclass('fo_contract_lots') IS NULL"), "t");
  migrator.up();
  PostgresBarRepository repository(url_);
  EXPECT_TRUE(repository.contract_lots().empty());
}

// Stored IVs say which convention made them (issue 20, migration 011): each contract-day's
// convention is written with its bars (unknown leaves it, a second convention makes it mixed;
// the oracle is that rule applied to the writes below), read back by the catalogue, and gone
// (unknown) after a rollback of 011 and up again.
TEST_F(PostgresTest, IvConventionsAreStoredWithTheBarsAndMigration011RollsBack) {
  migrate_up();
  const Date next = kDay + std::chrono::days{1};
  const auto bars = [](Date day, int minute) {
    return std::vector<StrikeBar>{
        synthetic_bar("NIFTY", kExpiry, 24300, ist(day, 9, 15 + minute), 5)};
  };
  PostgresBarRepository repository(url_);
  repository.write(bars(kDay, 0), BarOrigin{BarSource::market, StoredIvConvention::nse});
  repository.write(bars(kDay, 1), BarOrigin{BarSource::market, StoredIvConvention::unknown});
  repository.write(bars(next, 0), BarOrigin{BarSource::market, StoredIvConvention::strikeline});
  const auto conventions = [&] {
    std::map<Date, StoredIvConvention> out;
    for (const ContractDay& d : repository.contract_days()) out[d.day] = d.iv_convention;
    return out;
  };
  EXPECT_EQ(conventions(),
            (std::map<Date, StoredIvConvention>{{kDay, StoredIvConvention::nse},
                                                {next, StoredIvConvention::strikeline}}));
  repository.write(bars(kDay, 2), BarOrigin{BarSource::market, StoredIvConvention::strikeline});
  EXPECT_EQ(conventions().at(kDay), StoredIvConvention::mixed);
  EXPECT_EQ(query("SELECT string_agg(coalesce(iv_convention, 'NULL'), ',' ORDER BY day) FROM "
                  "fo_bar_days"),
            "mixed,strikeline");
  pg::Connection c(url_);
  pg::SchemaMigrator migrator(c);
  ASSERT_EQ(migrator.down(migrations_from(11)).back().version, 11);
  migrator.up();
  PostgresBarRepository upgraded(url_);
  for (const ContractDay& d : upgraded.contract_days())
    EXPECT_EQ(d.iv_convention, StoredIvConvention::unknown);
  EXPECT_EQ(scan_all(upgraded).size(), 4u);
}

// Minute data takes precedence over a bhavcopy day (issue 20, migration 012): replacing a marked
// contract-day leaves exactly the bars given, with their rollups (the 15:30 daily bar's 5- and
// 15-minute rows gone), span and state; the mark goes; the other expiry's day is untouched.
TEST_F(PostgresTest, ReplacingAContractDayRecomputesItsRollupsAndState) {
  migrate_up();
  const Expiry monthly = day_of(2025, 11, 25);
  StrikeBar daily = synthetic_bar("NIFTY", kExpiry, 24300, ist(kDay, 15, 30), 3);
  StrikeBar other = synthetic_bar("NIFTY", monthly, 24300, ist(kDay, 15, 30), 4);
  PostgresBarRepository repository(url_);
  BarOrigin daily_origin{BarSource::market};
  daily_origin.daily_bars = true;
  repository.write(std::vector{daily, other}, daily_origin);
  repository.write(std::vector{daily}, daily_origin);  // marked once
  EXPECT_EQ(repository.daily_days(kDay).size(), 2u);
  const std::vector<StrikeBar> minutes = session_bars(3, {24300});  // 09:15-09:17, kExpiry
  repository.write(minutes, BarSource::market);
  repository.replace_contract_days(
      std::vector<BarRepository::ContractDayKey>{{kDay, "NIFTY", kExpiry}}, minutes,
      BarSource::market);
  std::vector<StrikeBar> stored = scan_all(repository);
  std::erase_if(stored, [&](const StrikeBar& b) { return b.key.expiry != kExpiry; });
  EXPECT_EQ(stored, minutes);
  const std::string expiry = "'" + format_date(kExpiry) + "'";
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_5min WHERE expiry = " + expiry),
            "1");  // 09:15
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_15min WHERE expiry = " + expiry),
            "1");
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars_5min WHERE expiry = '" +
                  format_date(monthly) + "'"),
            "1");  // the monthly's 15:30 row stays
  EXPECT_EQ(query("SELECT extract(epoch FROM last_bucket)::bigint FROM fo_bar_days WHERE expiry "
                  "= " +
                  expiry),
            std::to_string(epoch_seconds(ist(kDay, 9, 17))));
  const auto daily_left = repository.daily_days(kDay);
  ASSERT_EQ(daily_left.size(), 1u);
  EXPECT_EQ(daily_left[0].expiry, monthly);
  for (const ContractDayState& state : repository.states_before(kDay + std::chrono::days{1})) {
    if (state.expiry == kExpiry) {
      EXPECT_EQ(state.call.oi, minutes.back().call.oi);
    }
  }
}

TEST_F(PostgresTest, DayStatesAnswerTheStateBeforeADay) {
  migrate_up();
  PostgresBarRepository repository(url_);
  std::vector<StrikeBar> bars;
  for (int d = 0; d < 2; ++d) {
    for (const StrikeBar& b : session_bars(8, {24300, 24350, 24400})) {
      StrikeBar bar = b;
      bar.key.expiry = kExpiry + std::chrono::days{10};
      bar.key.bucket += std::chrono::days{d};
      bar.call.observed_at =
          bar.key.bucket + std::chrono::seconds((epoch_seconds(bar.key.bucket) / 60) % 61);
      if (epoch_seconds(bar.key.bucket) % 180 == 0) bar.put = SideBar{};
      bars.push_back(bar);
    }
  }
  std::shuffle(bars.begin(), bars.end(), std::mt19937(5));
  for (std::size_t i = 0; i < bars.size(); i += 11) {
    repository.write(std::span(bars).subspan(i, std::min<std::size_t>(11, bars.size() - i)),
                     BarSource::market);
  }
  // Two readings of the same bars: the table the writes kept, and the days read back and folded.
  for (int d = 0; d <= 2; ++d) {
    const Date day = kDay + std::chrono::days{d};
    EXPECT_EQ(repository.states_before(day), states_before_by_loading(repository, day)) << d;
  }
  EXPECT_EQ(repository.states_before(kDay + std::chrono::days{2}).size(), 3u);
}

TEST_F(PostgresTest, RollupRowsFollowTheFoldRules) {
  migrate_up();
  PostgresBarRepository repository(url_);
  // 7 minutes of one strike: 09:15-09:19 fold into the 09:15 five-minute bucket, the rest into
  // 09:20; Greeks on some minutes only, OI missing on the last minute.
  std::vector<StrikeBar> bars;
  for (int m = 0; m < 7; ++m) {
    StrikeBar b = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 9, 15 + m), 24300.0 + m);
    const bool greeks = m % 2 == 0;
    b.call = side(SideSpec{.count = static_cast<std::uint32_t>(m + 1),
                           .analytics = greeks ? static_cast<std::uint32_t>(m + 1) : 0u,
                           .iv = 10.0 + m,
                           .delta = 0.5,
                           .gamma = 0.001,
                           .theta = -5,
                           .vega = 3,
                           .volume = 100 * (m + 1),
                           .oi = m == 3 ? std::nullopt : std::optional<std::int64_t>(1000 + m),
                           .ohlc = std::array<double, 4>{10.0 + m, 12.0 + m, 9.0 + m, 11.0 + m}});
    bars.push_back(b);
  }
  // Written out of order and in two batches: the rollup is recomputed from what is stored.
  repository.write(std::span(bars).subspan(3), BarSource::market);
  repository.write(std::span(bars).first(3), BarSource::market);
  StrikeBar folded = bars[0];
  for (int m = 1; m < 5; ++m) fold_bar(folded, bars[static_cast<std::size_t>(m)]);
  const std::string row = query(
      "SELECT call_iv_avg, call_volume, call_count, call_oi_sum, call_open, call_high, call_low, "
      "call_close, underlying_close, call_analytics_count, put_iv_avg FROM "
      "fo_option_strike_bars_5min WHERE bucket_time = to_timestamp(" +
      std::to_string(epoch_seconds(ist(kDay, 9, 15))) + ")");
  char expected[512];
  std::snprintf(
      expected, sizeof expected, "%.17g|%lld|%u|%lld|%.17g|%.17g|%.17g|%.17g|%.17g|%u|NULL",
      folded.call.iv, static_cast<long long>(folded.call.volume), folded.call.count,
      static_cast<long long>(*folded.call.oi), folded.call.open, folded.call.high, folded.call.low,
      folded.call.close, *folded.underlying_close, folded.call.analytics_count);
  // Compare numerically (text formats differ): parse both rows.
  auto fields = [](const std::string& text) {
    std::vector<std::string> out;
    std::size_t at = 0;
    while (true) {
      const auto bar = text.find('|', at);
      out.push_back(text.substr(at, bar - at));
      if (bar == std::string::npos) break;
      at = bar + 1;
    }
    return out;
  };
  const auto got = fields(row), want = fields(expected);
  ASSERT_EQ(got.size(), want.size()) << row;
  for (std::size_t i = 0; i < got.size(); ++i) {
    if (want[i] == "NULL") {
      EXPECT_EQ(got[i], "NULL") << i;
    } else {
      EXPECT_NEAR(std::stod(got[i]), std::stod(want[i]), 1e-9 * std::abs(std::stod(want[i])))
          << "column " << i << " of " << row;
    }
  }
  EXPECT_EQ(query("SELECT call_oi_sum FROM fo_option_strike_bars_15min"), "1006");
  EXPECT_EQ(query("SELECT count(*), sum(call_volume) FROM fo_option_strike_bars_5min"), "2|2800");
}

TEST_F(PostgresTest, ReplicaRefusesWritesAndTheMissingSchemaIsNamed) {
  EXPECT_THROW(PostgresBarRepository{url_}, StorageError);  // no schema yet
  migrate_up();
  PostgresBarRepository replica(url_, /*read_only=*/true);
  EXPECT_THROW(replica.write(session_bars(1, {24300}), BarSource::market), StorageError);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), "0");
  EXPECT_TRUE(replica.health().healthy);
}

TEST_F(PostgresTest, UnreachableServerIsReportedByHealthWithBackoff) {
  migrate_up();
  PostgresBarRepository repository(url_);
  // Point a second repository at a closed port: construction fails with the server named.
  const std::string closed = "postgres://postgres@127.0.0.1:1/postgres";
  try {
    PostgresBarRepository unreachable(closed);
    FAIL() << "connected to a closed port";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("127.0.0.1:1"), std::string::npos) << e.what();
  }
  // Killing the repository's connections (as a server restart does) is survived: the next
  // call reconnects.
  repository.write(session_bars(1, {24300}), BarSource::market);
  query(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() "
      "AND pid <> pg_backend_pid()");
  EXPECT_TRUE(repository.health().healthy);
  repository.write(session_bars(2, {24300}), BarSource::market);
  EXPECT_EQ(scan_all(repository).size(), 2u);
}

TEST_F(PostgresTest, FollowerAppliesNotifiedBars) {
  migrate_up();
  PostgresBarRepository writer(url_);
  auto replica = std::make_shared<PostgresBarRepository>(url_, true);
  ChainStore store(ChainStoreOptions{}, replica);
  store.load_window();
  BarChangeFollower follower(*replica, store);
  follower.start();
  for (int i = 0; i < 100 && !follower.stats().listening; ++i) std::this_thread::sleep_for(20ms);
  ASSERT_TRUE(follower.stats().listening);
  writer.write(session_bars(2, {24300, 24350}), BarSource::simulator);
  const auto written = std::chrono::steady_clock::now();
  // The bars, then their days' source read back from the catalogue.
  while ((follower.stats().bars_applied < 4 ||
          store.snapshot()->source("NIFTY", kExpiry) != BarSource::simulator) &&
         std::chrono::steady_clock::now() - written < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(follower.stats().bars_applied, 4u);
  EXPECT_GE(follower.stats().notifications, 1u);
  EXPECT_TRUE(follower.health().healthy);
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 16));
  EXPECT_EQ(store.snapshot()->source("NIFTY", kExpiry), BarSource::simulator);
  // Futures reach the replica too: with option bars, and alone (their own notification).
  const auto future = [](UtcSeconds minute, double close) {
    FutureBar b;
    b.key = FutureBarKey{"NIFTY", kExpiry, minute};
    b.has_price = true;
    b.open = b.high = b.low = b.close = close;
    b.volume = 650;
    b.oi = 1'000'000;
    b.observed_at = minute + 30s;
    b.count = 1;
    return b;
  };
  writer.write_with_futures(session_bars(3, {24300}),
                            std::vector{future(ist(kDay, 9, 17), 24410.5)}, BarSource::market);
  writer.write_with_futures({}, std::vector{future(ist(kDay, 9, 18), 24412.25)}, BarSource::market);
  const auto futures_seen = [&] {
    const FuturesBook* book = store.snapshot()->futures();
    return book ? book->bar_count() : 0;
  };
  const auto wrote_futures = std::chrono::steady_clock::now();
  while (futures_seen() < 2 && std::chrono::steady_clock::now() - wrote_futures < 5s) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ(futures_seen(), 2u);
  const std::optional<FutureState> near =
      store.snapshot()->futures()->state_at("NIFTY", kExpiry, ist(kDay, 9, 19));
  ASSERT_TRUE(near);
  EXPECT_EQ(near->price, 24412.25);  // the future written alone, the newer
  EXPECT_EQ(near->oi, 1'000'000);
  EXPECT_EQ(follower.stats().future_bars_applied, 2u);
  follower.stop();
}

// A writer backfills an older day after the replica's store was loaded and before its follower
// listens (a replica starting up): the follower's first connection re-reads the days changed since
// the load began, so that backfill is not missed; without `loaded_since` it is.
TEST_F(PostgresTest, FollowerCatchesUpABackfillCommittedBeforeItFirstListened) {
  migrate_up();
  PostgresBarRepository writer(url_);
  auto replica = std::make_shared<PostgresBarRepository>(url_, true);
  writer.write(session_bars(2, {24300, 24350}), BarSource::market);
  const Date older = kDay - std::chrono::days{3};
  const auto older_series = [&](const ChainStore& store) {
    return store.snapshot()->strike_series("NIFTY", kExpiry, Strike::from_hundredths(2430000),
                                           Timeframe::m1, ist(older, 0, 0), ist(older, 23, 0));
  };
  std::vector<StrikeBar> backfill;
  for (int m = 0; m < 4; ++m) {
    backfill.push_back(synthetic_bar("NIFTY", kExpiry, 24300, ist(older, 11, m), 70 + m));
  }
  for (const bool with_load_time : {false, true}) {
    SCOPED_TRACE(with_load_time ? "with the load's time" : "without it");
    const UtcSeconds load_began = replica->database_time();
    ChainStore store(ChainStoreOptions{}, replica);
    store.load_window();
    const std::optional<UtcSeconds> newest = store.snapshot()->newest_bucket("NIFTY");
    ASSERT_EQ(newest, ist(kDay, 9, 16));
    for (StrikeBar& bar : backfill) bar.call.volume += 1;  // a new version in the second round
    writer.write(backfill, BarSource::market);
    FollowerOptions options;
    options.newest_applied = newest;
    if (with_load_time) options.loaded_since = load_began;
    BarChangeFollower follower(*replica, store, options);
    follower.start();
    const auto until = std::chrono::steady_clock::now() + 15s;
    while (!follower.stats().listening && std::chrono::steady_clock::now() < until) {
      std::this_thread::sleep_for(20ms);
    }
    ASSERT_TRUE(follower.stats().listening);
    follower.stop();  // listening is set before the catch-up; stop() waits for it
    const auto got = older_series(store);
    if (!with_load_time) {  // the day was not there when the store loaded, and is not now
      EXPECT_TRUE(got.empty());
      continue;
    }
    ASSERT_EQ(got.size(), backfill.size());  // the first round's version was loaded: now the new
    for (std::size_t i = 0; i < got.size(); ++i) {
      EXPECT_EQ(got[i].key.bucket, backfill[i].key.bucket);
      EXPECT_EQ(got[i].call.volume, backfill[i].call.volume);
      EXPECT_EQ(got[i].put.oi, backfill[i].put.oi);
    }
    EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 16));
  }
}

// An outage of the replica's following connection, during which a writer backfills an older day
// (its NOTIFY reaches nobody): after reconnecting, the follower reads the change log from the
// entry after the last it applied, so the backfill reaches the replica's store without a restart.
TEST_F(PostgresTest, FollowerCatchesUpABackfillCommittedDuringAnOutage) {
  migrate_up();
  PostgresBarRepository writer(url_);
  auto replica = std::make_shared<PostgresBarRepository>(url_, true);
  writer.write(session_bars(2, {24300, 24350}), BarSource::market);
  ChainStore store(ChainStoreOptions{}, replica);
  store.load_window();
  FollowerOptions options;
  options.newest_applied = store.snapshot()->newest_bucket("NIFTY");
  options.applied_change = replica->newest_change();
  BarChangeFollower follower(*replica, store, options);
  follower.start();
  const auto wait_for = [](auto done) {
    const auto until = std::chrono::steady_clock::now() + 15s;
    while (!done() && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(20ms);
    return done();
  };
  ASSERT_TRUE(wait_for([&] { return follower.stats().listening; }));

  // Nobody may connect to the test database while the listener is cut off.
  pg::Connection admin(admin_url_);
  admin.exec("ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS false", "closing the database");
  admin.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name_ +
                 "' AND (query LIKE 'LISTEN%' OR query LIKE '%fo_bar_change%')",
             "cutting the replica's listener");
  ASSERT_TRUE(wait_for([&] { return !follower.stats().listening; }));
  // Two days before, so well outside the newest hour the follower re-reads anyway.
  const Date older = kDay - std::chrono::days{2};
  std::vector<StrikeBar> backfill;
  for (int m = 0; m < 3; ++m) {
    backfill.push_back(synthetic_bar("NIFTY", kExpiry, 24300, ist(older, 10, m), 90 + m));
  }
  writer.write(backfill, BarSource::market);  // the writer's connection was open before
  const auto before =
      store.snapshot()->strike_series("NIFTY", kExpiry, Strike::from_hundredths(2430000),
                                      Timeframe::m1, ist(older, 0, 0), ist(older, 23, 0));
  EXPECT_TRUE(before.empty());
  admin.exec("ALTER DATABASE " + name_ + " ALLOW_CONNECTIONS true", "opening the database");

  ASSERT_TRUE(wait_for([&] { return follower.stats().listening && follower.stats().reconnects; }));
  const auto after =
      store.snapshot()->strike_series("NIFTY", kExpiry, Strike::from_hundredths(2430000),
                                      Timeframe::m1, ist(older, 0, 0), ist(older, 23, 0));
  ASSERT_EQ(after.size(), backfill.size());
  for (std::size_t i = 0; i < after.size(); ++i) {
    EXPECT_EQ(after[i].key.bucket, backfill[i].key.bucket);
    EXPECT_EQ(after[i].call.volume, backfill[i].call.volume);
    EXPECT_EQ(after[i].put.oi, backfill[i].put.oi);
  }
  // The newest day is still there, once.
  EXPECT_EQ(store.snapshot()->newest_bucket("NIFTY"), ist(kDay, 9, 16));
  follower.stop();
}

// Writer fail-over's lease (store/postgres/writer_lease.h). Expiry is made by setting the row's
// expiry in the past (no waiting on the clock).
class WriterLeaseTest : public PostgresTest {
 protected:
  pg::WriterLease lease(const std::string& holder) {
    return pg::WriterLease(url_, holder,
                           {std::chrono::milliseconds{2000}, std::chrono::milliseconds{500}});
  }
  void expire(const std::string& ago = "1 second") {
    query("UPDATE fo_writer_lease SET expires_at = clock_timestamp() - interval '" + ago + "'");
  }
};

TEST_F(WriterLeaseTest, TakenRenewedAndTakenOverOnlyOnceExpired) {
  migrate_up();
  pg::WriterLease a = lease("writer-a"), b = lease("writer-b");
  const auto first = a.try_take();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->term, 1);
  EXPECT_EQ(first->previous_holder, "");
  EXPECT_FALSE(b.try_take());  // current: not taken
  EXPECT_TRUE(a.renew(1));
  EXPECT_FALSE(b.try_take());
  pg::LeaseView seen = b.read();
  EXPECT_EQ(seen.holder, "writer-a");
  EXPECT_EQ(seen.term, 1);
  EXPECT_FALSE(seen.expired);

  expire();
  EXPECT_TRUE(b.read().expired);
  EXPECT_TRUE(a.renew(1));  // nobody took it meanwhile: the same term goes on
  EXPECT_FALSE(b.read().expired);
  EXPECT_FALSE(b.try_take());

  expire();
  const auto second = b.try_take();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->term, 2);
  EXPECT_EQ(second->previous_holder, "writer-a");
  EXPECT_FALSE(a.renew(1));  // taken over
  EXPECT_FALSE(a.try_take());
  EXPECT_EQ(query("SELECT term, holder FROM fo_writer_terms ORDER BY term"),
            "1|writer-a\n2|writer-b");

  b.release(2);  // a clean stop: the next writer takes over at once
  const auto third = a.try_take();
  ASSERT_TRUE(third);
  EXPECT_EQ(third->term, 3);
}

TEST_F(WriterLeaseTest, OfTwoContendersExactlyOneTakesEachTerm) {
  migrate_up();
  pg::WriterLease a = lease("writer-a"), b = lease("writer-b");
  // Both connected before the race.
  EXPECT_EQ(a.read().term, 0);
  EXPECT_EQ(b.read().term, 0);
  constexpr int kRounds = 40;
  int a_won = 0, b_won = 0;
  for (int round = 0; round < kRounds; ++round) {
    expire();
    std::atomic<int> ready{0};
    std::optional<pg::Takeover> by_a, by_b;
    auto contend = [&](pg::WriterLease& lease, std::optional<pg::Takeover>& out) {
      ++ready;
      while (ready.load() < 2) {
      }
      out = lease.try_take();
    };
    std::thread ta([&] { contend(a, by_a); });
    std::thread tb([&] { contend(b, by_b); });
    ta.join();
    tb.join();
    ASSERT_NE(by_a.has_value(), by_b.has_value()) << "round " << round;
    EXPECT_EQ((by_a ? by_a : by_b)->term, round + 1);
    a_won += by_a ? 1 : 0;
    b_won += by_b ? 1 : 0;
  }
  EXPECT_EQ(a_won + b_won, kRounds);
  EXPECT_EQ(query("SELECT count(*), max(term) FROM fo_writer_terms"), "40|40");
}

TEST_F(WriterLeaseTest, AFencedWriteIsRefusedAndWritesNothing) {
  migrate_up();
  pg::WriterLease a = lease("writer-a"), b = lease("writer-b");
  PostgresBarRepository old_leader(url_), new_leader(url_);
  ASSERT_EQ(a.try_take()->term, 1);
  old_leader.fence_writes("writer-a", 1);
  old_leader.write(session_bars(2, {24300}), BarSource::market);
  expire();
  ASSERT_EQ(b.try_take()->term, 2);
  new_leader.fence_writes("writer-b", 2);
  const std::string before = query("SELECT count(*) FROM fo_option_strike_bars");
  const std::string days = query("SELECT count(*), max(last_bucket) FROM fo_bar_days");
  std::vector<StrikeBar> later = session_bars(5, {24300, 24350});
  EXPECT_THROW(old_leader.write(later, BarSource::market), WriteFenced);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars"), before);
  EXPECT_EQ(query("SELECT count(*), max(last_bucket) FROM fo_bar_days"), days);
  EXPECT_EQ(query("SELECT term, writes FROM fo_writer_terms ORDER BY term"), "1|1\n2|0");
  new_leader.write(later, BarSource::market);
  EXPECT_EQ(query("SELECT count(*) FROM fo_option_strike_bars WHERE timeframe = '1min'"), "10");
  EXPECT_EQ(query("SELECT term, writes FROM fo_writer_terms ORDER BY term"), "1|1\n2|1");
  // A leader that never wrote under a lease is fenced too once it was given a term.
  PostgresBarRepository unfenced(url_);
  unfenced.fence_writes("writer-a", 1);
  EXPECT_THROW(unfenced.write(later, BarSource::market), WriteFenced);
}

TEST_F(WriterLeaseTest, ATakeoverEndsTheWriteOfALeaderStalledInItsTransaction) {
  migrate_up();
  pg::WriterLease a = lease("writer-a"), b = lease("writer-b");
  ASSERT_EQ(a.try_take()->term, 1);
  // The leader's write transaction holds the lease row (as check_fence does), then stalls.
  pg::Connection stalled(url_);
  const std::string name = pg::writer_application_name("writer-a");
  const char* params[] = {name.c_str()};
  stalled.exec_params("SELECT set_config('application_name', $1, false)", params, "naming");
  stalled.exec("BEGIN", "stalling");
  stalled.exec("SELECT 1 FROM fo_writer_lease WHERE term = 1 FOR KEY SHARE", "stalling");
  expire("400 milliseconds");  // expired, but not yet for a renewal interval
  EXPECT_FALSE(b.try_take());  // the write in progress is waited for
  EXPECT_NO_THROW(stalled.exec("SELECT 1", "still in the transaction"));
  expire("1 second");          // stale: its session is ended
  EXPECT_FALSE(b.try_take());  // this attempt ends it
  EXPECT_THROW(stalled.exec("SELECT 1", "after the takeover"), StorageError);
  std::optional<pg::Takeover> taken;
  for (int i = 0; i < 100 && !taken; ++i) {  // the terminated backend goes away
    taken = b.try_take();
    if (!taken) std::this_thread::sleep_for(20ms);
  }
  ASSERT_TRUE(taken);
  EXPECT_EQ(taken->term, 2);
}

}  // namespace
}  // namespace strikeline
