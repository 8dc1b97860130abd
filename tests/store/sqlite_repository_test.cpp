// The SQLite bar repository: round trip, upsert, catalogue, closing OI, schema versions and
// migration, refusing files it must not touch, rejecting bad batches.
#include <gtest/gtest.h>

#include <sqlite3.h>
#include <algorithm>
#include <random>

#include <unistd.h>

#include <atomic>
#include <fstream>
#include <sstream>

#include "store/sqlite/schema_migrations.h"
#include "store/sqlite/sqlite_bar_repository.h"
#include "store_fixtures.h"

namespace strikeline {
namespace {

using namespace testing;

const Date kDay = day_of(2025, 11, 3);
const Expiry kExpiry = day_of(2025, 11, 4);

std::vector<StrikeBar> scan_all(SqliteBarRepository& repo) {
  std::vector<StrikeBar> out;
  repo.scan(utc_seconds(0), utc_seconds(4000000000), [&](const StrikeBar& b) { out.push_back(b); });
  return out;
}

// Runs a query with the sqlite3 C API directly and returns the first column of every row as text.
std::vector<std::string> raw_query(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  std::vector<std::string> out;
  sqlite3_exec(
      db, sql.c_str(),
      [](void* rows, int, char** values, char**) {
        static_cast<std::vector<std::string>*>(rows)->push_back(values[0] ? values[0] : "NULL");
        return 0;
      },
      &out, nullptr);
  sqlite3_close(db);
  return out;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// A canonical bar: Greeks zero when no tick carried them, premium zero when absent.
StrikeBar full_bar(std::int64_t strike, UtcSeconds t, std::uint32_t seed) {
  return synthetic_bar("NIFTY", kExpiry, strike, t, seed);
}

TEST(SqliteRepository, BarsReadBackExactlyAsWritten) {
  TempDatabase db("round_trip");
  SqliteBarRepository repo(db.path());
  std::vector<StrikeBar> bars;
  for (int m = 0; m < 3; ++m) {
    for (std::int64_t strike : {24300, 24350}) {
      bars.push_back(
          full_bar(strike, ist(kDay, 9, 15 + m), static_cast<std::uint32_t>(m * 7 + strike)));
    }
  }
  // A sparse bar: absent OI, premium, Greeks and underlying on one side, a fractional strike.
  StrikeBar sparse = minute_bar("NIFTY", kExpiry, 0, ist(kDay, 9, 20));
  sparse.key.strike = Strike::from_hundredths(2432550);
  sparse.call = side({.count = 4, .volume = 120});
  sparse.put = side({.count = 2,
                     .analytics = 2,
                     .iv = 17.25,
                     .delta = -0.41,
                     .oi = 0,
                     .oi_change = -7,
                     .ohlc = std::array{1.05, 1.1, 0.95, 1.0}});
  bars.push_back(sparse);
  repo.write(bars, BarSource::market);

  const std::vector<StrikeBar> read = scan_all(repo);
  ASSERT_EQ(read.size(), bars.size());
  for (std::size_t i = 0; i < bars.size(); ++i) EXPECT_EQ(read[i], bars[i]) << i;
  EXPECT_EQ(repo.time_range(), std::make_pair(ist(kDay, 9, 15), ist(kDay, 9, 20)));
  EXPECT_EQ(repo.skipped_rows(), 0u);
  EXPECT_TRUE(repo.health().healthy);
  EXPECT_EQ(repo.integrity_check(), "ok");

  // A time range is half-open and ascending.
  std::vector<UtcSeconds> times;
  repo.scan(ist(kDay, 9, 16), ist(kDay, 9, 17),
            [&](const StrikeBar& b) { times.push_back(b.key.bucket); });
  EXPECT_EQ(times, (std::vector{ist(kDay, 9, 16), ist(kDay, 9, 16)}));
}

TEST(SqliteRepository, StoresReadableTimesAndNullForAbsentValues) {
  TempDatabase db("readable");
  {
    SqliteBarRepository repo(db.path());
    StrikeBar bar = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 9, 15), 24310.5);
    bar.call = side({.count = 1, .volume = 5});
    repo.write(std::vector{bar}, BarSource::market);
  }
  EXPECT_EQ(raw_query(db.path(), "SELECT bucket_time FROM fo_option_strike_bars_readable"),
            std::vector<std::string>{"2025-11-03 03:45:00+00"});
  EXPECT_EQ(raw_query(db.path(), "SELECT bucket_time_ist FROM fo_option_strike_bars_readable"),
            std::vector<std::string>{"2025-11-03 09:15:00"});
  EXPECT_EQ(raw_query(db.path(),
                      "SELECT expiry || ' ' || timeframe || ' ' || strike FROM "
                      "fo_option_strike_bars"),
            std::vector<std::string>{"2025-11-04 1min 24300.0"});
  EXPECT_EQ(raw_query(db.path(),
                      "SELECT coalesce(call_oi_sum, 'NULL') || ',' || "
                      "coalesce(call_iv_avg, 'NULL') || ',' || coalesce(call_close, "
                      "'NULL') || ',' || call_volume FROM fo_option_strike_bars"),
            std::vector<std::string>{"NULL,NULL,NULL,5"});
  EXPECT_EQ(raw_query(db.path(), "PRAGMA journal_mode"), std::vector<std::string>{"wal"});
}

TEST(SqliteRepository, WritingAnExistingKeyReplacesTheRow) {
  TempDatabase db("upsert");
  SqliteBarRepository repo(db.path());
  StrikeBar bar = full_bar(24300, ist(kDay, 9, 15), 1);
  repo.write(std::vector{bar}, BarSource::market);
  StrikeBar corrected = bar;
  corrected.call.volume = 999;
  corrected.put.oi.reset();
  corrected.underlying_close = 24000.25;
  repo.write(std::vector{corrected}, BarSource::market);
  repo.write(std::vector{corrected}, BarSource::market);  // a re-send changes nothing
  EXPECT_EQ(scan_all(repo), std::vector{corrected});
  EXPECT_EQ(raw_query(db.path(), "SELECT count(*) FROM fo_option_strike_bars"),
            std::vector<std::string>{"1"});
}

TEST(SqliteRepository, CatalogueAndClosingOpenInterest) {
  TempDatabase db("catalogue");
  SqliteBarRepository repo(db.path());
  const Date next = day_of(2025, 11, 4);
  const Expiry monthly = day_of(2025, 11, 25);
  StrikeBar a1 = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 9, 15));
  a1.call = side({.count = 1, .oi = 100});
  a1.put = side({.count = 1, .oi = 200});
  StrikeBar a2 = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 15, 29));
  a2.call = side({.count = 1, .oi = 150});  // the put has no OI in the last bar: 200 stays
  StrikeBar b1 = minute_bar("NIFTY", monthly, 24400, ist(kDay, 10, 0));
  b1.put = side({.count = 1, .oi = 70});
  StrikeBar c1 = minute_bar("BANKNIFTY", kExpiry, 52000, ist(next, 9, 15));
  c1.call = side({.count = 1, .oi = 5});
  repo.write(std::vector{a2, b1}, BarSource::market);
  repo.write(std::vector{a1, c1}, BarSource::market);

  const std::vector<ContractDay> days = repo.contract_days();
  ASSERT_EQ(days.size(), 3u);
  EXPECT_EQ(days[0], (ContractDay{kDay, "NIFTY", kExpiry, ist(kDay, 9, 15), ist(kDay, 15, 29),
                                  BarSource::market, StoredIvConvention::unknown}));
  EXPECT_EQ(days[1], (ContractDay{kDay, "NIFTY", monthly, ist(kDay, 10, 0), ist(kDay, 10, 0),
                                  BarSource::market, StoredIvConvention::unknown}));
  EXPECT_EQ(days[2], (ContractDay{next, "BANKNIFTY", kExpiry, ist(next, 9, 15), ist(next, 9, 15),
                                  BarSource::market, StoredIvConvention::unknown}));

  const auto closing = repo.closing_open_interest(kDay);
  ASSERT_EQ(closing.size(), 2u);
  EXPECT_EQ(closing[0], (ClosingOpenInterest{"NIFTY", kExpiry, strike_rupees(24300), 150, 200}));
  EXPECT_EQ(closing[1],
            (ClosingOpenInterest{"NIFTY", monthly, strike_rupees(24400), std::nullopt, 70}));
  EXPECT_TRUE(repo.closing_open_interest(day_of(2025, 11, 10)).empty());

  std::vector<StrikeBar> loaded;
  repo.load_day(next, [&](const StrikeBar& b) { loaded.push_back(b); });
  EXPECT_EQ(loaded, std::vector{c1});
}

TEST(SqliteRepository, BadBatchIsRejectedWhole) {
  TempDatabase db("bad_batch");
  SqliteBarRepository repo(db.path());
  StrikeBar good = full_bar(24300, ist(kDay, 9, 15), 3);
  StrikeBar bad = good;
  bad.key.timeframe = Timeframe::m15;
  try {
    repo.write(std::vector{good, bad}, BarSource::market);
    FAIL() << "accepted a 15min bar";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("bar #1"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("nothing of the batch was stored"), std::string::npos);
  }
  EXPECT_TRUE(scan_all(repo).empty());
  EXPECT_TRUE(repo.contract_days().empty());
}

TEST(SqliteRepository, NewFileHasTheCurrentSchemaVersion) {
  TempDatabase db("version");
  SqliteBarRepository repo(db.path());
  EXPECT_EQ(repo.schema_version(), sqlite::kSchemaVersion);
  EXPECT_EQ(raw_query(db.path(), "PRAGMA user_version"),
            std::vector<std::string>{std::to_string(sqlite::kSchemaVersion)});
}

// Lots per contract and day (issue 20): stored, replaced per (symbol, expiry, day), read back in
// key order; an invalid lot refuses the whole call; a version-5 file gains the table empty.
TEST(SqliteRepository, LotsAreStoredPerContractAndDay) {
  TempDatabase db("lots");
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 5);
  }
  SqliteBarRepository repo(db.path());
  EXPECT_TRUE(repo.contract_lots().empty());
  const Expiry monthly = day_of(2025, 11, 25);
  const Date next = kDay + std::chrono::days{1};
  repo.record_lots(std::vector<ContractLot>{
      {"NIFTY", monthly, kDay, 25}, {"NIFTY", kExpiry, kDay, 75}, {"M&M", kExpiry, kDay, 350}});
  repo.record_lots(std::vector<ContractLot>{{"NIFTY", monthly, next, 75},
                                            {"NIFTY", kExpiry, kDay, 65}});  // replaces 75
  EXPECT_THROW(
      repo.record_lots(std::vector<ContractLot>{{"NIFTY", monthly, next + std::chrono::days{1}, 50},
                                                {"NIFTY", monthly, kDay, 0}}),
      StorageError);
  EXPECT_EQ(repo.contract_lots(), (std::vector<ContractLot>{{"M&M", kExpiry, kDay, 350},
                                                            {"NIFTY", kExpiry, kDay, 65},
                                                            {"NIFTY", monthly, kDay, 25},
                                                            {"NIFTY", monthly, next, 75}}));
  EXPECT_EQ(raw_query(db.path(), "SELECT count(*) FROM fo_contract_lots"),
            std::vector<std::string>{"4"});
}

// Minute data takes precedence over a bhavcopy day (issue 20): replace_contract_days() leaves the
// contract-day exactly the bars given (the daily bar of 15:30 gone), its catalogue span theirs
// (source kept, combined), its day state theirs (the state before the next day reads the last
// minute's OI, not the daily bar's), the day unmarked; another expiry's day, marked, is untouched;
// a day replaced by no bars leaves the catalogue. The oracle: the bars written, minus the daily
// one.
TEST(SqliteRepository, ReplacingAContractDayLeavesExactlyItsNewBars) {
  TempDatabase db("replace");
  SqliteBarRepository repo(db.path());
  const Expiry monthly = day_of(2025, 11, 25);
  const Date next = kDay + std::chrono::days{1};
  StrikeBar daily = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 15, 30), 24310.0);
  daily.call = side({.count = 1, .oi = 9000});
  daily.call.observed_at = daily.key.bucket;
  StrikeBar other_daily = daily;
  other_daily.key.expiry = monthly;
  BarOrigin daily_origin{BarSource::market};
  daily_origin.daily_bars = true;
  repo.write(std::vector{daily, other_daily}, daily_origin);
  EXPECT_EQ(repo.daily_days(kDay).size(), 2u);
  StrikeBar minute1 = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 10, 0), 24300.0);
  minute1.call = side({.count = 3, .oi = 7000});
  StrikeBar minute2 = minute_bar("NIFTY", kExpiry, 24350, ist(kDay, 11, 0), 24305.0);
  minute2.put = side({.count = 2, .oi = 4000});
  repo.write(std::vector{minute1, minute2}, BarSource::market);
  EXPECT_EQ(repo.daily_days(kDay).size(), 2u);  // a write of minutes marks nothing

  repo.replace_contract_days(std::vector<BarRepository::ContractDayKey>{{kDay, "NIFTY", kExpiry}},
                             std::vector{minute1, minute2},
                             BarOrigin{BarSource::market, StoredIvConvention::nse});
  std::vector<StrikeBar> stored = scan_all(repo);
  std::erase_if(stored, [&](const StrikeBar& b) { return b.key.expiry != kExpiry; });
  EXPECT_EQ(stored, (std::vector{minute1, minute2}));
  const std::vector<ContractDay> days = repo.contract_days();
  ASSERT_EQ(days.size(), 2u);
  EXPECT_EQ(days[0], (ContractDay{kDay, "NIFTY", kExpiry, ist(kDay, 10, 0), ist(kDay, 11, 0),
                                  BarSource::market, StoredIvConvention::nse}));
  EXPECT_EQ(days[1].last_bucket, ist(kDay, 15, 30));  // the monthly keeps its daily bar
  const auto daily_left = repo.daily_days(kDay);
  ASSERT_EQ(daily_left.size(), 1u);
  EXPECT_EQ(daily_left[0].expiry, monthly);
  std::map<std::pair<Expiry, Strike>, ContractDayState> before_next;
  for (const ContractDayState& s : repo.states_before(next)) before_next[{s.expiry, s.strike}] = s;
  EXPECT_EQ(before_next.at({kExpiry, strike_rupees(24300)}).call.oi, 7000);
  EXPECT_EQ(before_next.at({kExpiry, strike_rupees(24350)}).put.oi, 4000);
  EXPECT_EQ(before_next.at({monthly, strike_rupees(24300)}).call.oi, 9000);

  // A bar of another contract-day refuses the call; replacing with nothing empties the day.
  EXPECT_THROW(repo.replace_contract_days(
                   std::vector<BarRepository::ContractDayKey>{{kDay, "NIFTY", kExpiry}},
                   std::vector{other_daily}, BarSource::market),
               StorageError);
  repo.replace_contract_days(std::vector<BarRepository::ContractDayKey>{{kDay, "NIFTY", monthly}},
                             std::vector<StrikeBar>{}, BarSource::market);
  EXPECT_EQ(repo.contract_days().size(), 1u);
  EXPECT_TRUE(repo.daily_days(kDay).empty());
  EXPECT_EQ(scan_all(repo).size(), 2u);
}

TEST(SqliteRepository, OlderSchemaIsUpgradedKeepingItsRows) {
  TempDatabase db("upgrade");
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 1);
    // A version-1 row: the seed's columns only, Greeks averaged over its 4 ticks.
    connection.exec(
        "INSERT INTO fo_option_strike_bars (bucket_time, timeframe, symbol, expiry, strike, "
        "underlying_close, call_iv_avg, call_delta_avg, call_volume, call_count, call_oi_sum, "
        "put_count, created_at, updated_at) VALUES (1762141500, '1min', 'NIFTY', '2025-11-04', "
        "24300, 24310.5, 14.5, 0.52, 300, 4, 5000, 0, 0, 0)",
        "test");
  }
  EXPECT_EQ(raw_query(db.path(), "PRAGMA user_version"), std::vector<std::string>{"1"});
  SqliteBarRepository repo(db.path());
  EXPECT_EQ(repo.schema_version(), sqlite::kSchemaVersion);
  const auto bars = scan_all(repo);
  ASSERT_EQ(bars.size(), 1u);
  StrikeBar expected = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 9, 15), 24310.5);
  expected.call =
      side({.count = 4, .analytics = 4, .iv = 14.5, .delta = 0.52, .volume = 300, .oi = 5000});
  EXPECT_EQ(bars[0], expected);
  EXPECT_EQ(repo.contract_days(),
            (std::vector{ContractDay{kDay, "NIFTY", kExpiry, ist(kDay, 9, 15), ist(kDay, 9, 15),
                                     BarSource::unknown,
                                     StoredIvConvention::unknown}}));  // stored before sources
  EXPECT_EQ(repo.integrity_check(), "ok");
}

TEST(SqliteRepository, DayStatesKeptByWritesEqualTheBarsTheyCameFrom) {
  TempDatabase db("states");
  std::vector<StrikeBar> bars;
  // Two days of three strikes, written out of order and revised: the table keeps, field by
  // field, the newest observation, whatever the order of the writes.
  for (int d = 0; d < 2; ++d) {
    for (int m = 0; m < 20; ++m) {
      for (std::int64_t k : {24300, 24350, 24400}) {
        StrikeBar bar = full_bar(k, ist(kDay + std::chrono::days{d}, 9, 15 + m),
                                 static_cast<std::uint32_t>(d * 1000 + m * 10 + k % 7));
        bar.call.observed_at = bar.key.bucket + std::chrono::seconds{(m * 7 + k) % 61};
        if (m % 4 == 1) bar.put = SideBar{};  // no put tick that minute
        if (m % 5 == 2) bar.call.oi.reset();  // a tick without OI
        bars.push_back(bar);
      }
    }
  }
  std::vector<StrikeBar> shuffled = bars;
  std::shuffle(shuffled.begin(), shuffled.end(), std::mt19937(3));
  {
    SqliteBarRepository repo(db.path());
    for (std::size_t i = 0; i < shuffled.size(); i += 17) {
      repo.write(std::span(shuffled).subspan(i, std::min<std::size_t>(17, shuffled.size() - i)),
                 BarSource::market);
    }
    // The oracle: the same bars read back day by day and folded (DaySource's loading default).
    for (int d = 0; d <= 2; ++d) {
      const Date day = kDay + std::chrono::days{d};
      EXPECT_EQ(repo.states_before(day), states_before_by_loading(repo, day)) << d;
    }
    EXPECT_EQ(repo.states_before(kDay + std::chrono::days{1}).size(), 3u);
    // Contracts expired by the day are not asked about.
    EXPECT_TRUE(repo.states_before(kExpiry + std::chrono::days{1}).empty());
  }
}

TEST(SqliteRepository, AFileFromBeforeTheDayStatesGetsThemWhenOpened) {
  TempDatabase db("states_upgrade");
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 2);
    // Schema-2 rows: two minutes of 24300 on two days; no observation times.
    for (const char* row : {"(1762141500, 24300, 24310.5, 5000, 4100, 150.5, 20.25, 1, 1)",
                            "(1762141560, 24300, 24312.0, NULL, 4200, NULL, 21.0, 1, 1)",
                            "(1762227900, 24300, 24400.0, 5500, NULL, 149.0, NULL, 1, 0)"}) {
      connection.exec(
          std::string("INSERT INTO fo_option_strike_bars (bucket_time, strike, "
                      "underlying_close, call_oi_sum, put_oi_sum, call_close, "
                      "put_close, call_count, put_count, timeframe, symbol, expiry, "
                      "created_at, updated_at) SELECT *, '1min', 'NIFTY', '2025-11-25', "
                      "0, 0 FROM (VALUES ") +
              row + ")",
          "test");
    }
    connection.exec(
        "INSERT INTO fo_bar_days SELECT date(bucket_time + 19800, 'unixepoch'), symbol, expiry, "
        "min(bucket_time), max(bucket_time) FROM fo_option_strike_bars GROUP BY 1, 2, 3",
        "test");
  }
  SqliteBarRepository upgraded(db.path());
  EXPECT_EQ(upgraded.schema_version(), sqlite::kSchemaVersion);
  const Date after = kDay + std::chrono::days{2};
  const std::vector<ContractDayState> states = upgraded.states_before(after);
  EXPECT_EQ(states, states_before_by_loading(upgraded, after));
  ASSERT_EQ(states.size(), 1u);
  // The second day's bar is the newest: its call OI and price, the first day's put OI (the second
  // day had none) and put price.
  EXPECT_EQ(states[0].call.oi, 5500);
  EXPECT_EQ(states[0].call.price, 149.0);
  EXPECT_EQ(states[0].put.oi, 4200);
  EXPECT_EQ(states[0].put.price, 21.0);
  EXPECT_EQ(states[0].underlying, 24400.0);
}

// Schema 4 adds the quotes: a schema-3 file keeps its bars and day states (no quote), and takes
// quoted bars afterwards; the day states carry the newest quote whole.
TEST(SqliteRepository, AFileFromBeforeTheQuotesGetsThemWhenOpened) {
  TempDatabase db("quotes_upgrade");
  const StrikeBar old_bar = full_bar(24300, ist(kDay, 10, 0), 3);
  {
    sqlite::Connection connection(db.path());
    sqlite::migrate_to(connection, 3);
    connection.exec(
        "INSERT INTO fo_option_strike_bars (bucket_time, timeframe, symbol, expiry, strike, "
        "call_oi_sum, call_close, call_count, put_count, created_at, updated_at) VALUES (" +
            std::to_string(epoch_seconds(old_bar.key.bucket)) +
            ", '1min', 'NIFTY', '2025-11-04', 24300, 5000, 150.5, 1, 0, 0, 0)",
        "test");
  }
  EXPECT_EQ(raw_query(db.path(), "PRAGMA user_version"), std::vector<std::string>{"3"});
  SqliteBarRepository upgraded(db.path());
  EXPECT_EQ(upgraded.schema_version(), sqlite::kSchemaVersion);
  std::vector<StrikeBar> read = scan_all(upgraded);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_FALSE(read[0].call.has_quote() || read[0].put.has_quote());
  EXPECT_EQ(read[0].call.oi, 5000);

  StrikeBar quoted = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 10, 1), 24301.0);
  // (Its OI and price are newer than the schema-3 row's, which has no day state: the raw insert
  // bypassed the writer.)
  quoted.call = side({.count = 1, .oi = 5100, .ohlc = std::array{151.0, 151.2, 150.9, 151.1}});
  quoted.call.bid = 151.05;
  quoted.call.ask = 151.3;
  quoted.call.bid_qty = 0;
  quoted.call.ask_qty = 1500;
  quoted.put.ask = 20.1;  // one-sided, no sizes
  StrikeBar later = minute_bar("NIFTY", kExpiry, 24300, ist(kDay, 10, 2), 24302.0);
  later.call = side({.count = 1});  // traded without a quote: the quote stays the 10:01 one
  upgraded.write(std::vector{quoted, later}, BarSource::market);
  read = scan_all(upgraded);
  ASSERT_EQ(read.size(), 3u);
  EXPECT_EQ(read[1], quoted);
  EXPECT_EQ(raw_query(db.path(),
                      "SELECT call_bid || ',' || call_ask || ',' || call_bid_qty || ',' || "
                      "call_ask_qty || ',' || coalesce(put_bid, 'NULL') || ',' || put_ask || "
                      "',' || coalesce(put_ask_qty, 'NULL') FROM fo_option_strike_bars WHERE "
                      "bucket_time = " +
                          std::to_string(epoch_seconds(quoted.key.bucket))),
            std::vector<std::string>{"151.05,151.3,0,1500,NULL,20.1,NULL"});
  const Date after = kDay + std::chrono::days{1};
  const std::vector<ContractDayState> states = upgraded.states_before(after);
  EXPECT_EQ(states, states_before_by_loading(upgraded, after));
  ASSERT_EQ(states.size(), 1u);
  EXPECT_EQ(states[0].call.bid, 151.05);
  EXPECT_EQ(states[0].call.ask, 151.3);
  EXPECT_EQ(states[0].call.bid_qty, 0);
  EXPECT_EQ(states[0].call.ask_qty, 1500);
  EXPECT_FALSE(states[0].put.bid);
  EXPECT_EQ(states[0].put.ask, 20.1);
  EXPECT_FALSE(states[0].put.ask_qty);
}

TEST(SqliteRepository, NewerSchemaIsRefusedAndLeftAlone) {
  TempDatabase db("newer");
  { SqliteBarRepository repo(db.path()); }
  const std::string newer = std::to_string(sqlite::kSchemaVersion + 1);
  raw_query(db.path(), "PRAGMA user_version = " + newer);
  const std::string before = file_bytes(db.path());
  try {
    SqliteBarRepository repo(db.path());
    FAIL() << "opened a newer schema";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("schema version " + newer + ", newer than"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(file_bytes(db.path()), before);
}

TEST(SqliteRepository, FileThatIsNotADatabaseIsRefusedAndLeftAlone) {
  TempDatabase db("not_a_db");
  {
    std::ofstream out(db.path(), std::ios::binary);
    out << "bucket_time,symbol,expiry,strike\n1762141500,NIFTY,2025-11-04,24300\n"
        << std::string(4096, 'x');
  }
  const std::string before = file_bytes(db.path());
  try {
    SqliteBarRepository repo(db.path());
    FAIL() << "opened a text file";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("is not a SQLite database"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(file_bytes(db.path()), before);
  EXPECT_FALSE(std::filesystem::exists(db.path() + "-wal"));
}

TEST(SqliteRepository, UnopenablePathGivesAClearError) {
  try {
    SqliteBarRepository repo("/nonexistent-dir/strikeline/bars.db");
    FAIL() << "opened a path in a missing directory";
  } catch (const StorageError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent-dir/strikeline/bars.db"), std::string::npos)
        << e.what();
  }
}

// One writer per file: a second repository on the file is refused, naming the holder; a successor
// (wait_for_it) reads at once, cannot write, and takes the file over once the holder lets it go,
// re-reading what the holder wrote meanwhile.
TEST(SqliteRepository, OneWriterPerFileAndAnExplicitHandover) {
  TempDatabase db("one_writer");
  auto first = std::make_unique<SqliteBarRepository>(db.path());
  EXPECT_TRUE(first->holds_writer_lock());
  const StrikeBar early = full_bar(24300, ist(kDay, 9, 15), 1);
  first->write(std::vector{early}, BarSource::market);
  try {
    SqliteBarRepository second(db.path());
    ADD_FAILURE() << "a second writer opened the file";
  } catch (const StorageError& e) {
    EXPECT_NE(
        std::string(e.what()).find("is being written by process " + std::to_string(::getpid())),
        std::string::npos)
        << e.what();
  }
  SqliteBarRepository successor(db.path(), WriterLockPolicy::wait_for_it);
  EXPECT_FALSE(successor.holds_writer_lock());
  EXPECT_EQ(scan_all(successor), std::vector{early});  // reads at once
  EXPECT_THROW(successor.write(std::vector{early}, BarSource::market), StorageError);
  EXPECT_FALSE(successor.take_writer_lock());
  const UtcSeconds loaded =
      std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const StrikeBar late = full_bar(24350, ist(kDay, 9, 16), 2);
  first->write(std::vector{late}, BarSource::market);  // the old writer goes on until it lets go
  first->release_writer_lock();
  EXPECT_THROW(first->write(std::vector{late}, BarSource::market), StorageError);
  EXPECT_TRUE(successor.take_writer_lock());
  std::vector<StrikeBar> since;
  successor.scan_written_since(loaded, [&](const StrikeBar& b) { since.push_back(b); });
  // Write times are whole seconds: what was written in the second of `loaded` comes again too.
  EXPECT_NE(std::find(since.begin(), since.end(), late), since.end());
  EXPECT_LE(since.size(), 2u);
  successor.write(std::vector{late}, BarSource::market);
  first.reset();
}

TEST(SqliteRepository, QuickCheckFindsPagesThatLostTheirRows) {
  TempDatabase db("quick_check");
  {
    SqliteBarRepository repo(db.path());
    std::vector<StrikeBar> bars;
    for (int i = 0; i < 2000; ++i) bars.push_back(full_bar(20000 + 5 * i, ist(kDay, 9, 15), 1));
    repo.write(bars, BarSource::market);
    EXPECT_EQ(repo.quick_check(), "ok");
  }
  // A leaf page's cell count set to 1: its other rows vanish from scans without an error.
  const auto leaves = raw_query(db.path(),
                                "SELECT pageno FROM dbstat WHERE name = 'fo_option_strike_bars' "
                                "AND pagetype = 'leaf' ORDER BY pageno LIMIT 1");
  ASSERT_EQ(leaves.size(), 1u);
  const long page = std::stol(leaves[0]);
  const long page_size = std::stol(raw_query(db.path(), "PRAGMA page_size")[0]);
  {
    std::fstream f(db.path(), std::ios::in | std::ios::out | std::ios::binary);
    f.seekp((page - 1) * page_size + 3);
    const char one[2] = {0, 1};
    f.write(one, 2);
  }
  SqliteBarRepository repo(db.path());
  EXPECT_LT(scan_all(repo).size(), 2000u);  // SQLite itself reads on without a word
  EXPECT_NE(repo.quick_check(), "ok");
  std::atomic<bool> cancel{true};
  EXPECT_THROW(repo.quick_check(&cancel), StorageError);  // a stop interrupts it
}

}  // namespace
}  // namespace strikeline
